"""Train the shipped NER models and report held-out scores.

    python -m newsloom.evaluation.train_ner [--lang kk ar] [--folds 5] [--no-ship]

For each language: k-fold cross-validation over contiguous blocks of
sentences (neighbouring sentences share names, so a random split would flatter
the model), span F1 on each held-out block, then one model trained on all the
data written to ``newsloom/data/ner/<lang>.crfsuite``.

Training data (licences allow shipping a model derived from them):

* kk: KazNERD (CC BY 4.0), the file given with ``--kk`` (default: the valid split);
* ar: ANERcorp (free for research and other use with attribution), ``--ar``
  (default: its first half).

ArmanPersoNER is academic-use only: nothing here trains on it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from ..entities import tagger as tg
from ..normalize import clean
from . import ner_eval as ev

OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"
# Given names for the person rule in scripts without capitals (recognize.py),
# where no model of the text's own language runs (Persian, Urdu).
GIVEN_NAMES = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "given_names.json"
PARAMS = {
    "c1": 0.05,  # L1 keeps the model small: most of the millions of feature weights go to zero
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def examples(sents: list[ev.Sentence], lang: str, recognizer) -> list[tuple[list[list[str]], list[str]]]:
    """Sentences as the tagger sees them at run time: clean text, its tokens, lexicon hints."""
    out = []
    for s in sents:
        text, offsets = ev.layout([s])
        ct = clean(text)
        toks = tg.tokenize(ct.text)
        gold = {}  # original char start -> (end, type)
        for i, j, typ in ev.chunks_of(s.tags):
            gold[offsets[0][i][0]] = (offsets[0][j - 1][1], typ)
        labels = []
        cur_end, cur_typ = -1, None
        for a, b, _ in toks:
            oa, ob = ct.span(a, b)
            if oa in gold:
                cur_end, cur_typ = gold[oa]
                labels.append("B-" + cur_typ)
            elif oa < cur_end:
                labels.append("I-" + cur_typ)
            else:
                labels.append("O")
        hints = recognizer.lexicon_hints(ct.text, lang)
        out.append((tg.features(toks, lang, hints, ct.text), labels))
    return out


def train(data, path: str, params: dict | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in data:
        trainer.append(x, y)
    trainer.set_params(params or PARAMS)
    trainer.train(path)


def given_names(sents: list[ev.Sentence], min_count: int = 2, min_share: float = 0.5) -> list[str]:
    """Words that open multi-word person names in ``sents``, as the recogniser matches them.

    A word counts when it opens at least ``min_count`` such names and at least
    ``min_share`` of its occurrences do, which keeps titles and verbs that
    often stand before names ("الرئيس", "قال") out.
    """
    from collections import Counter

    from ..normalize import fold

    first, seen = Counter(), Counter()
    for s in sents:
        seen.update(fold(t).casefold() for t in s.tokens)
        for i, j, typ in ev.chunks_of(s.tags):
            if typ == "PER" and j - i >= 2:
                first[fold(s.tokens[i]).casefold()] += 1
    # A conjunction attached ("ومحمد") is the recogniser's to strip.
    def merged(counts: Counter) -> Counter:
        out: Counter = Counter()
        for w, c in counts.items():
            out[w[1:] if w.startswith("و") and w[1:] in seen else w] += c
        return out

    first, seen = merged(first), merged(seen)
    return sorted(w for w, c in first.items() if c >= min_count and c >= min_share * seen[w] and len(w) >= 3)


def _fold(job):
    lang, k, folds, sents = job
    from ..entities.recognize import Recognizer

    rec = Recognizer(use_tagger=False)
    n = len(sents)
    lo, hi = n * k // folds, n * (k + 1) // folds
    train_data = examples(sents[:lo] + sents[hi:], lang, rec)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.crfsuite")
        train(train_data, path)
        tagger = tg.Tagger(lang, path)
        held = sents[lo:hi]
        out = {"tagger": ev.evaluate(held, lang, lambda b: ev.predict_tagger(b, lang, tagger, rec))[0]}
        # The whole recogniser as annotate runs it, with this fold's model.
        full = Recognizer(taggers={lang: tagger})
        out["recognizer"] = ev.evaluate(held, lang, lambda b: ev.predict_recognizer(b, lang, full))[0]
    return lang, k, out


def _ship(job):
    lang, sents = job
    from ..entities.recognize import Recognizer

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{lang}.crfsuite"
    train(examples(sents, lang, Recognizer(use_tagger=False)), str(path))
    return lang, path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", nargs="*", default=["kk", "ar"], choices=["kk", "ar"])
    ap.add_argument("--kk", default=str(ev.DEFAULTS["kk"]))
    ap.add_argument("--ar", default=str(ev.DEFAULTS["ar"]))
    ap.add_argument("--folds", type=int, default=5, help="0: no cross-validation")
    ap.add_argument("--no-ship", action="store_true", help="only cross-validate")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)

    corpora = {lang: ev.read_corpus(getattr(args, lang)) for lang in args.lang}
    jobs = [(lang, k, args.folds, corpora[lang]) for lang in args.lang for k in range(args.folds)]
    t0 = time.perf_counter()
    with Pool(args.jobs) as pool:
        ship = [] if args.no_ship else pool.map_async(_ship, [(lang, corpora[lang]) for lang in args.lang])
        results = pool.map(_fold, jobs) if jobs else []
        shipped = [] if args.no_ship else ship.get()
    rows = []
    for lang in args.lang:
        totals: dict[str, ev.Counts] = {}
        for lg, _, out in results:
            if lg != lang:
                continue
            for system, c in out.items():
                total = totals.setdefault(system, ev.Counts.new())
                total.tp.update(c.tp)
                total.fp.update(c.fp)
                total.fn.update(c.fn)
        rows.extend((lang, system, c) for system, c in totals.items())
    if rows:
        print(f"{args.folds}-fold cross-validation (contiguous blocks): the tagger alone and the whole recogniser"
              f" with the fold's model; {time.perf_counter() - t0:.0f} s")
        print(ev.table(rows))
    for lang, size in shipped:
        print(f"wrote {OUT_DIR / (lang + '.crfsuite')} ({size / 1e6:.1f} MB)")
    if not args.no_ship and "ar" in corpora:
        names = given_names(corpora["ar"])
        GIVEN_NAMES.write_text(json.dumps({"source": "ANERcorp, first half (train_ner.given_names)", "Arab": names},
                                          ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {GIVEN_NAMES} ({len(names)} given names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
