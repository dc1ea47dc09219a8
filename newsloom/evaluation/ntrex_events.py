"""Event grouping on NTREX: translations of one article must share an event.

    python -m newsloom.evaluation.ntrex_events [--langs eng,kaz,rus,arb,fas,tur] [--docs N] [--no-embed]
                                               [--sample translations|cross|two] [--seed S]

Builds a corpus of NTREX articles, runs ``analyze`` on it in a fresh store, and
reports pairwise precision, recall and F1 against the gold grouping, plus
articles per second.  Samples (``--sample``):

* ``translations`` (default): every document in every language of ``--langs``;
  gold: same ``doc_id``.  A few NTREX documents report the same real happening
  from different outlets, so precision below 1 is partly expected.
* ``cross``: every document once, in one language, the documents of one
  happening (``ntrex_event_gold.json``, read by hand) in different languages:
  every same-event pair crosses languages and none is a translation.
* ``two``: every document in two languages; gold: the happening, so a pair is
  either a translation or two outlets' reports of one event.

Languages are drawn with ``--seed``; articles arrive in a seeded shuffled order.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from . import CORPORA

EVENT_GOLD = Path(__file__).with_name("ntrex_event_gold.json")
CROSS_LANGS = "eng,kaz,rus,arb,fas,tur,kir,uzb"


def event_of_doc(doc_ids: list[str]) -> dict[str, str]:
    """The happening of each document: its hand-read group's first id, or itself."""
    label = {d: d for d in doc_ids}
    for ev in json.loads(EVENT_GOLD.read_text(encoding="utf-8"))["events"]:
        for d in ev["doc_ids"]:
            if d in label:
                label[d] = ev["doc_ids"][0]
    return label


def aid(r: dict) -> str:
    return f"{r['doc_id']}|{r['lang']}"


def doc(article_id: str) -> str:
    return article_id.rsplit("|", 1)[0]


def event_sample(rows: list[dict], kind: str, langs: list[str], seed: int = 0) -> tuple[list[dict], dict[str, str]]:
    """Rows of the ``cross`` or ``two`` sample (see the module's doc) and the gold event of each article id."""
    rng = random.Random(seed)
    by = {(r["doc_id"], r["lang"]): r for r in rows if r["lang"] in langs}
    doc_ids = list(dict.fromkeys(d for d, _ in by))
    label = event_of_doc(doc_ids)
    groups: dict[str, list[str]] = defaultdict(list)
    for d in doc_ids:
        groups[label[d]].append(d)
    chosen = []
    for members in groups.values():
        if kind == "cross":
            if len(members) > len(langs):
                raise ValueError(f"{len(members)} documents of one event, only {len(langs)} languages to give them")
            for d, lang in zip(members, rng.sample(langs, len(members))):
                chosen.append(by[d, lang])
        elif kind == "two":
            for d in members:
                chosen.extend(by[d, lang] for lang in rng.sample(langs, 2))
        else:
            raise ValueError(kind)
    rng.shuffle(chosen)
    return chosen, {aid(r): label[r["doc_id"]] for r in chosen}


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
        by = defaultdict(list)
        for item, g in groups.items():
            by[g].append(item)
        return {tuple(sorted(p)) for members in by.values() for p in combinations(members, 2)}

    g, p = pairs(gold), pairs(pred)
    tp = len(g & p)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(g) if g else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main(argv: list[str] | None = None) -> int:
    from ..analyze import analyze

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(CORPORA / "ntrex" / "ntrex_docs.jsonl"))
    ap.add_argument("--langs", default=None, help=f"default eng,kaz,rus,arb,fas,tur; for --sample cross/two {CROSS_LANGS}")
    ap.add_argument("--sample", choices=("translations", "cross", "two"), default="translations")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents (0 = all)")
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--db", default=None, help="keep the store here (default: a temporary one)")
    args = ap.parse_args(argv)
    langs = (args.langs or ("eng,kaz,rus,arb,fas,tur" if args.sample == "translations" else CROSS_LANGS)).split(",")
    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8")]
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))
    if args.docs:
        doc_ids = doc_ids[: args.docs]
    keep = set(doc_ids)
    if args.sample == "translations":
        # Interleave languages so that translations do not arrive back to back.
        chosen = sorted((r for r in rows if r["doc_id"] in keep and r["lang"] in langs), key=lambda r: (langs.index(r["lang"]), doc_ids.index(r["doc_id"])))
        gold = {aid(r): r["doc_id"] for r in chosen}
    else:
        chosen, gold = event_sample([r for r in rows if r["doc_id"] in keep], args.sample, langs, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for r in chosen:
                fh.write(json.dumps({"id": aid(r), "title": r["title"], "text": r["text"], "lang": r["lang"]}, ensure_ascii=False) + "\n")
        out = Path(tmp) / "out.jsonl"
        start = time.perf_counter()
        db_path = args.db or str(Path(tmp) / "eval.db")
        with open(out, "w", encoding="utf-8") as fh:
            analyze([str(src)], db_path, [], out=fh, embed=not args.no_embed)
        seconds = time.perf_counter() - start
        pred = {rec["id"]: rec["event_id"] for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
        db = sqlite3.connect(db_path)
        marks = {tuple(sorted((a, b))): kind for a, b, kind in db.execute("SELECT a, b, kind FROM relations WHERE kind IN ('translation', 'near-copy')")}
        marked = set(marks)
        db.close()
    prec, rec, f1 = pairwise(gold, pred)

    # Translation marks: every same-document pair placed in one event should be marked.
    together = {tuple(sorted(p)) for p in combinations(pred, 2) if pred[p[0]] == pred[p[1]] and doc(p[0]) == doc(p[1])}
    t_prec = sum(doc(a) == doc(b) for a, b in marked) / len(marked) if marked else 1.0
    t_rec = len(marked & together) / len(together) if together else 1.0
    what = f"{len(doc_ids)} documents x {len(langs)} languages" if args.sample == "translations" else f"sample {args.sample}, seed {args.seed}, {len(set(gold.values()))} gold events"
    print(f"{len(chosen)} articles ({what}), {len(set(pred.values()))} events")
    print(f"pairwise precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}")
    translations = [p for p, k in marks.items() if k == "translation"]
    copies = [p for p, k in marks.items() if k == "near-copy"]
    # Pairs of different documents that share an event: the different-outlet
    # reports a translation mark must not join.
    cross = sum(1 for p in combinations(pred, 2) if pred[p[0]] == pred[p[1]] and doc(p[0]) != doc(p[1]))
    tr_prec = sum(doc(a) == doc(b) for a, b in translations) / len(translations) if translations else 1.0
    print(f"translation marks: {len(translations)} pairs, precision {tr_prec:.3f}; translation or near-copy: precision {t_prec:.3f}, "
          f"recall {t_rec:.3f} (of translated pairs sharing an event); {cross} pairs of different documents share an event")
    # NTREX holds each document once per language: a same-language mark is a near-copy only of itself.
    cp_prec = sum(doc(a) == doc(b) for a, b in copies) / len(copies) if copies else 1.0
    print(f"near-copy marks: {len(copies)} pairs, precision {cp_prec:.3f}")
    print(f"analyze: {len(chosen) / seconds:.1f} articles/s ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
