"""Named-entity recognition: span-level precision, recall and F1 per language.

    python -m newsloom.evaluation.ner_eval [--kk PATH] [--ar PATH] [--fa PATH]

Defaults are the development files in ``../shared/corpora/ner``: KazNERD valid
(kk), ANERcorp first half (ar) and ArmanPersoNER fold-1 train (fa).  Any file
of the same format (one ``token TAG`` per line, blank line between sentences;
ANERcorp has no blank lines, so sentences are cut after ``.``/``!``/``?``/``؟``)
can be given instead, e.g. the held-out test splits.

Scoring is CoNLL style: a predicted span counts only when its tokens and its
type equal a gold span's.  Gold tags are mapped to PER/ORG/LOC (see
``TAG_MAP``); everything else (KazNERD's NORP, FACILITY, ...; ANERcorp's MISC;
Arman's fac/pro/event) is outside the evaluation, and predictions of other
types (NORP, EVENT, TITLE) are ignored.

Two systems are scored:

* ``recognizer``: the full newsloom recogniser, what ``annotate`` runs
  (gazetteer, titles, tagger, name shapes, propagation), on pseudo-articles
  of consecutive sentences (one sentence a line);
* ``tagger``: the shipped CRF alone, for languages that it serves.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import CORPORA

TYPES = ("PER", "ORG", "LOC")
# Corpus tag -> our type.  KazNERD: PERSON, ORGANISATION, GPE, LOCATION (and
# 21 other classes); ANERcorp: PERS, ORG, LOC, MISC; ArmanPersoNER: pers,
# org, loc, fac, pro, event.  GPE and LOCATION both become LOC, as newsloom's
# countries and cities are; FACILITY is not LOC (KazNERD and Arman keep
# buildings, roads and airports apart from places).
TAG_MAP = {
    "PER": "PER", "PERS": "PER", "PERSON": "PER",
    "ORG": "ORG", "ORGANISATION": "ORG", "ORGANIZATION": "ORG",
    "LOC": "LOC", "LOCATION": "LOC", "GPE": "LOC",
}
_SENT_END = {".", "!", "?", "؟"}
SHARED = CORPORA / "ner"
DEFAULTS = {
    "kk": SHARED / "kaznerd_valid.iob2",
    "ar": SHARED / "anercorp_dev.txt",
    "fa": SHARED / "armanpersoner_train_fold1.txt",
}
# Sentences per pseudo-article for the full recogniser (propagation works
# within an article).
ARTICLE_SENTENCES = 20


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]  # BIO over PER/ORG/LOC


def map_tag(tag: str) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    bi, typ = tag.split("-", 1)
    t = TAG_MAP.get(typ.upper())
    return f"{bi.upper()}-{t}" if t and bi.upper() in ("B", "I") else "O"


def read_corpus(path: str | Path) -> list[Sentence]:
    """``token TAG`` lines; blank lines (or, failing those, sentence-final tokens) end sentences."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    has_blank = any(not ln.strip() for ln in lines)

    def flush():
        if toks:
            sents.append(Sentence(list(toks), list(tags)))
            toks.clear()
            tags.clear()

    for ln in lines:
        parts = ln.split()
        if not parts:
            flush()
            continue
        if len(parts) == 1:
            continue  # a token without a tag (or a stray tag): nothing to learn or score
        toks.append(parts[0])
        tags.append(map_tag(parts[-1]))
        if not has_blank and parts[0] in _SENT_END:
            flush()
    flush()
    return sents


def chunks_of(tags: list[str]) -> set[tuple[int, int, str]]:
    """CoNLL chunks (start, end, type) of a BIO sequence; a stray I- starts a chunk."""
    out = set()
    start, typ = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        bi, t = (tag.split("-", 1) + [""])[:2] if tag != "O" else ("O", None)
        if start is not None and (bi != "I" or t != typ):
            out.add((start, i, typ))
            start, typ = None, None
        if bi == "B" or (bi == "I" and start is None):
            start, typ = i, t
    return out


@dataclass
class Counts:
    tp: Counter
    fp: Counter
    fn: Counter

    @classmethod
    def new(cls) -> "Counts":
        return cls(Counter(), Counter(), Counter())

    def add(self, gold: set, pred: set) -> None:
        for s in pred:
            if s[2] not in TYPES:
                continue
            if s in gold:
                self.tp[s[2]] += 1
            else:
                self.fp[s[2]] += 1
        for s in gold - pred:
            self.fn[s[2]] += 1

    def prf(self, typ: str | None = None) -> tuple[float, float, float, int]:
        keys = TYPES if typ is None else (typ,)
        tp = sum(self.tp[k] for k in keys)
        fp = sum(self.fp[k] for k in keys)
        fn = sum(self.fn[k] for k in keys)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn


ERROR_KINDS = ("type", "boundary", "boundary+type", "missed", "spurious")


def error_kinds(gold: set, pred: set) -> list[tuple[str, str, tuple | None, tuple | None]]:
    """Each error of one sentence as (kind, type, gold span, predicted span).

    A gold span with no exact match is a type error when a prediction has its
    tokens, a boundary error when one of its type overlaps it (boundary+type
    when only other types do), else missed; a prediction overlapping no gold
    span is spurious.  Tells what to work on: extents, types or finding names.
    """
    gold = {s for s in gold if s[2] in TYPES}
    pred = {s for s in pred if s[2] in TYPES}
    out = []

    def overlaps(a, b):
        return a[0] < b[1] and b[0] < a[1]

    for g in sorted(gold - pred):
        near = [p for p in pred if overlaps(g, p)]
        same = next((p for p in near if p[:2] == g[:2]), None)
        if same:
            out.append(("type", g[2], g, same))
        elif any(p[2] == g[2] for p in near):
            out.append(("boundary", g[2], g, next(p for p in near if p[2] == g[2])))
        elif near:
            out.append(("boundary+type", g[2], g, near[0]))
        else:
            out.append(("missed", g[2], g, None))
    for p in sorted(pred - gold):
        if not any(overlaps(p, g) for g in gold):
            out.append(("spurious", p[2], None, p))
    return out


def error_table(errors: Counter) -> str:
    """Counts of (kind, type) as a table, one row per kind."""
    head = f"{'error':<15}" + "".join(f"{t:>7}" for t in TYPES) + f"{'all':>7}"
    lines = [head, "-" * len(head)]
    for kind in ERROR_KINDS:
        row = [errors[(kind, t)] for t in TYPES]
        lines.append(f"{kind:<15}" + "".join(f"{n:>7}" for n in row) + f"{sum(row):>7}")
    return "\n".join(lines)


def layout(sents: list[Sentence]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Text of sentences (tokens joined by spaces, one sentence a line) and each token's offsets."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for s in sents:
        offs = []
        for k, tok in enumerate(s.tokens):
            if k:
                parts.append(" ")
                pos += 1
            offs.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
        offsets.append(offs)
        parts.append("\n")
        pos += 1
    return "".join(parts), offsets


def to_token_spans(char_spans, offsets: list[list[tuple[int, int]]]) -> list[set]:
    """Per sentence, the token spans that (original-text) character spans cover."""
    index = []  # (start, end, sentence, token)
    for si, offs in enumerate(offsets):
        for ti, (a, b) in enumerate(offs):
            index.append((a, b, si, ti))
    import bisect

    starts = [x[0] for x in index]
    out: list[set] = [set() for _ in offsets]
    for s, e, typ in char_spans:
        k = max(bisect.bisect_right(starts, s) - 1, 0)
        covered = []
        while k < len(index) and index[k][0] < e:
            if index[k][1] > s:
                covered.append(index[k])
            k += 1
        if covered and all(c[2] == covered[0][2] for c in covered):
            out[covered[0][2]].add((covered[0][3], covered[-1][3] + 1, typ))
    return out


def predict_recognizer(sents: list[Sentence], lang: str, recognizer) -> list[set]:
    from ..model import Article
    from ..normalize import clean

    text, offsets = layout(sents)
    art = Article(id="eval", text=text, lang=lang)
    art.clean["title"] = clean("")
    art.clean["text"] = clean(text)
    ms = recognizer.recognize(art)
    return to_token_spans([(m.start, m.end, m.type) for m in ms if m.field == "text"], offsets)


def predict_tagger(sents: list[Sentence], lang: str, tagger, recognizer) -> list[set]:
    from ..normalize import clean

    text, offsets = layout(sents)
    ct = clean(text)
    hints = recognizer.lexicon_hints(ct.text, lang)
    spans = [(*ct.span(sp.start, sp.end), sp.type) for sp in tagger.tag(ct.text, hints, lang)]
    return to_token_spans(spans, offsets)


def evaluate(sents: list[Sentence], lang: str, predict, size: int = ARTICLE_SENTENCES,
             errors: list | None = None) -> tuple[Counts, float]:
    """Span counts of ``predict`` on ``sents``; with ``errors``, each error is appended as (sentence, error)."""
    counts = Counts.new()
    t0 = time.perf_counter()
    for k in range(0, len(sents), size):
        batch = sents[k : k + size]
        for s, pred in zip(batch, predict(batch)):
            gold = chunks_of(s.tags)
            counts.add(gold, pred)
            if errors is not None:
                errors.extend((s, e) for e in error_kinds(gold, pred))
    return counts, time.perf_counter() - t0


def write_errors(errors: list, path: str) -> Counter:
    """One error a line (kind, type, gold words, predicted words, the sentence); the counts by kind and type."""
    counts: Counter = Counter()
    with open(path, "w", encoding="utf-8") as f:
        for s, (kind, typ, g, p) in errors:
            counts[(kind, typ)] += 1
            words = lambda sp: " ".join(s.tokens[sp[0]:sp[1]]) + f" [{sp[2]}]" if sp else "-"
            f.write(f"{kind}\t{typ}\t{words(g)}\t{words(p)}\t{' '.join(s.tokens)}\n")
    return counts


def table(rows: list[tuple[str, str, Counts]]) -> str:
    head = f"{'lang':<5}{'system':<12}{'type':<8}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}"
    lines = [head, "-" * len(head)]
    for lang, system, c in rows:
        for typ in (*TYPES, None):
            p, r, f, n = c.prf(typ)
            lines.append(f"{lang:<5}{system:<12}{typ or 'all':<8}{100 * p:>7.1f}{100 * r:>7.1f}{100 * f:>7.1f}{n:>7}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for lang in DEFAULTS:
        ap.add_argument(f"--{lang}", metavar="PATH", help=f"{lang} corpus (default {DEFAULTS[lang]})")
    ap.add_argument("--only", nargs="*", choices=list(DEFAULTS), help="evaluate these languages only")
    ap.add_argument("--errors", metavar="DIR", help="write the recogniser's errors to DIR/<lang>.tsv and count them by kind")
    args = ap.parse_args(argv)

    from ..entities.recognize import Recognizer
    from ..entities.tagger import default_tagger

    recognizer = Recognizer()
    rows = []
    status = 0
    for lang, default in DEFAULTS.items():
        if args.only and lang not in args.only:
            continue
        path = getattr(args, lang) or default
        if not Path(path).is_file():
            print(f"warning: {lang}: no file {path}", file=sys.stderr)
            status = 1
            continue
        sents = read_corpus(path)
        ntok = sum(len(s.tokens) for s in sents)
        errors: list | None = [] if args.errors else None
        c, secs = evaluate(sents, lang, lambda b: predict_recognizer(b, lang, recognizer), errors=errors)
        rows.append((lang, "recognizer", c))
        if errors is not None:
            Path(args.errors).mkdir(parents=True, exist_ok=True)
            out = Path(args.errors) / f"{lang}.tsv"
            print(f"{lang}: recognizer errors ({out})\n" + error_table(write_errors(errors, str(out))))
        print(f"{lang}: {path}: {len(sents)} sentences, {ntok} tokens; recognizer {ntok / secs:,.0f} tokens/s", file=sys.stderr)
        tagger = default_tagger(lang)
        if tagger is not None:
            c, secs = evaluate(sents, lang, lambda b: predict_tagger(b, lang, tagger, recognizer))
            rows.append((lang, "tagger", c))
            print(f"{lang}: tagger alone {ntok / secs:,.0f} tokens/s", file=sys.stderr)
    print(table(rows))
    return status


if __name__ == "__main__":
    sys.exit(main())
