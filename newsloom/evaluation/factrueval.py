"""FactRuEval-2016 (Russian news NER): exact-span P/R/F1 for PER/ORG/LOC.

    python -m newsloom.evaluation.factrueval [--file PATH] [--show N]

The default file is the development set in
``../shared/corpora/ner/factrueval/factrueval_dev.jsonl`` (MIT, "Copyright (c)
2015 dialogue-evaluation"); ``--file`` scores any file in the same JSON Lines
format (``id``, ``text``, ``entities`` with ``start``, ``end``, ``type``), such
as the held-out test set.

Scoring: a predicted span counts when its character extent and its type equal
a gold one's.  Gold mentions nest; only the outermost ones are kept, and the
seven mentions that are a bare geographic adjective (``geo_adj``) are dropped,
as no system here tags adjectives.  Two systems run side by side on the same
documents: ``newsloom`` (the full recogniser, what ``annotate`` does) and
``natasha`` alone (its NER tagger, no newsloom lexicons).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import CORPORA
from .ner_eval import TYPES, Counts

DEFAULT = CORPORA / "ner" / "factrueval" / "factrueval_dev.jsonl"


def read_documents(path: str | Path) -> list[dict]:
    """Documents of a FactRuEval JSONL file; a line that is no document is skipped with a warning."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                doc["text"], doc["entities"]  # noqa: B018 -- both are required
            except (ValueError, KeyError, TypeError):
                print(f"warning: {path}:{n}: not a FactRuEval document, skipped", file=sys.stderr)
                continue
            docs.append(doc)
    return docs


def outermost(spans) -> set[tuple[int, int, str]]:
    """Spans of PER/ORG/LOC not contained in another such span."""
    spans = sorted({s for s in spans if s[2] in TYPES}, key=lambda s: (s[0], -s[1]))
    out, reach = set(), -1
    for s in spans:
        if s[1] <= reach:
            continue  # inside an earlier, longer span
        out.add(s)
        reach = max(reach, s[1])
    return out


def gold_spans(doc: dict) -> set[tuple[int, int, str]]:
    return outermost((e["start"], e["end"], e["type"]) for e in doc["entities"] if not e.get("geo_adj"))


def newsloom_spans(text: str, recognizer) -> set[tuple[int, int, str]]:
    from ..model import Article
    from ..normalize import clean

    art = Article(id="factrueval", text=text, lang="ru")
    art.clean["title"] = clean("")
    art.clean["text"] = clean(text)
    return outermost((m.start, m.end, m.type) for m in recognizer.recognize(art) if m.field == "text")


def natasha_spans(text: str) -> set[tuple[int, int, str]]:
    from ..entities.natasha_ru import natasha_alone

    return outermost((s.start, s.stop, s.type) for s in natasha_alone(text))


def score(docs: list[dict], predict) -> tuple[Counts, float]:
    counts = Counts.new()
    t0 = time.perf_counter()
    for doc in docs:
        counts.add(gold_spans(doc), predict(doc["text"]))
    return counts, time.perf_counter() - t0


def side_by_side(columns: list[tuple[str, Counts]]) -> str:
    widths = [max(14, len(name) + 4) for name, _ in columns]
    head = f"{'type':<6}{'gold':>6}" + "".join(f"{name + ' P':>{w}}{'R':>7}{'F1':>7}" for (name, _), w in zip(columns, widths))
    lines = [head, "-" * len(head)]
    for typ in (*TYPES, None):
        n = columns[0][1].prf(typ)[3]
        row = f"{typ or 'all':<6}{n:>6}"
        for (_, c), w in zip(columns, widths):
            p, r, f, _ = c.prf(typ)
            row += f"{100 * p:>{w}.1f}{100 * r:>7.1f}{100 * f:>7.1f}"
        lines.append(row)
    return "\n".join(lines)


def fit_examples(docs: list[dict], pieces_of) -> list:
    """(tokens, natasha pieces, gold token spans) per document, what :func:`ru_extents.fit` counts on."""
    out = []
    for doc in docs:
        tokens, pieces = pieces_of(doc["text"])
        starts = {t.start: k for k, t in enumerate(tokens)}
        stops = {t.stop: k + 1 for k, t in enumerate(tokens)}
        gold = {(starts[e["start"]], stops[e["end"]], e["type"]) for e in doc["entities"]
                if not e.get("geo_adj") and e["start"] in starts and e["end"] in stops}
        out.append((tokens, pieces, gold))
    return out


def cross_validate(docs: list[dict], folds: int, pieces_of) -> Counts:
    """newsloom's scores with the extent rules fitted on the other folds of ``docs`` (folds by document)."""
    from ..entities import ru_extents
    from ..entities.natasha_ru import NatashaTagger
    from ..entities.recognize import Recognizer

    counts = Counts.new()
    for k in range(folds):
        train = [d for n, d in enumerate(docs) if n % folds != k]
        rules = ru_extents.fit(fit_examples(train, pieces_of))
        recognizer = Recognizer(taggers={"ru": NatashaTagger(rules, pieces_of)})
        for n, doc in enumerate(docs):
            if n % folds == k:
                counts.add(gold_spans(doc), newsloom_spans(doc["text"], recognizer))
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", default=str(DEFAULT), help=f"FactRuEval JSONL (default {DEFAULT})")
    ap.add_argument("--fit", action="store_true",
                    help="refit the shipped extent rules on --file and report their cross-validated scores")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    if not Path(args.file).is_file():
        print(f"error: no file {args.file}", file=sys.stderr)
        return 1
    docs = read_documents(args.file)
    if not docs:
        print(f"error: {args.file}: no FactRuEval documents", file=sys.stderr)
        return 1

    from ..entities.natasha_ru import raw_pieces
    from ..entities.recognize import Recognizer

    chars = sum(len(d["text"]) for d in docs)
    print(f"{args.file}: {len(docs)} documents, {chars:,} characters")
    # Without a tagger for Russian the recogniser takes its rules path, what it did before natasha.
    before, _ = score(docs, lambda text: newsloom_spans(text, Recognizer(taggers={})))
    theirs, t_theirs = score(docs, natasha_spans)
    if args.fit:
        from ..entities import ru_extents

        memo: dict = {}

        def pieces_of(text):
            if text not in memo:
                memo[text] = raw_pieces(text)
            return memo[text]

        ours = cross_validate(docs, args.folds, pieces_of)
        label = f"newsloom {args.folds}-fold CV"
        ru_extents.save(ru_extents.fit(fit_examples(docs, pieces_of)))
        ru_extents.shipped.cache_clear()
        print(f"extent rules fitted on all {len(docs)} documents -> {ru_extents.DATA}")
    else:
        ours, t_ours = score(docs, lambda text: newsloom_spans(text, Recognizer()))
        label = "newsloom"
        print(f"newsloom {len(docs) / t_ours:,.1f} docs/s, natasha alone {len(docs) / t_theirs:,.1f} docs/s "
              "(the shipped extent rules were fitted on the development set: use --fit for held-out figures there)")
    print(side_by_side([("rules only", before), ("natasha", theirs), (label, ours)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
