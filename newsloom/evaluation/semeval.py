"""SemEval-2022 Task 8: does ``compare`` agree with people on whether two articles tell one story?

    python -m newsloom.evaluation.semeval [--pairs PATH] [--limit N] [--no-embed] [--json]

Runs ``compare`` on the pairs (fields lang1/lang2, title1/title2, text1/text2,
overall: 1 = very similar … 4 = very dissimilar) and reports the Pearson
correlation of the score with the inverted human ``overall``, overall and per
language pair.  In the same run it reports the plain encoder baseline (cosine
of the raw multilingual-e5 vectors of the same texts) so the gain is visible.
The texts are publishers' copyright: they are read from the corpus folder and
never stored by this module.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

import numpy as np

from ..compare import compare_pairs
from ..embed import default_encoder
from ..model import Article
from . import CORPORA


def _pairs(rows):
    for r in rows:
        pid = str(r["pair_id"])
        a = Article(id=f"{pid}/a", title=r.get("title1") or "", text=r.get("text1") or "", lang=r.get("lang1"))
        b = Article(id=f"{pid}/b", title=r.get("title2") or "", text=r.get("text2") or "", lang=r.get("lang2"))
        yield pid, a, b


def _cos(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(a @ b / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


def pearson(x, y) -> float:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", default=str(CORPORA / "semeval2022" / "pairs_dev.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in open(args.pairs, encoding="utf-8") if line.strip()]
    rows = [r for r in rows if (r.get("text1") or r.get("title1")) and (r.get("text2") or r.get("title2"))]
    if args.limit:
        rows = rows[: args.limit]
    encoder = None if args.no_embed else default_encoder()
    start = time.perf_counter()
    kept: list = []
    results = compare_pairs(_pairs(rows), encoder, keep=kept)
    seconds = time.perf_counter() - start
    by_id = {r["id"]: r for r in results}
    raw_cos = {pid: _cos(fa.embedding, fb.embedding) for pid, fa, fb in kept if fa.embedding is not None and fb.embedding is not None}
    human = {str(r["pair_id"]): 4.0 - float(r["overall"]) for r in rows}
    groups = defaultdict(list)
    for r in rows:
        groups["-".join(sorted((r["lang1"], r["lang2"])))].append(str(r["pair_id"]))
    groups["all"] = [str(r["pair_id"]) for r in rows]
    table = {}
    for name, ids in sorted(groups.items(), key=lambda kv: (kv[0] == "all", -len(kv[1]))):
        table[name] = {"pairs": len(ids), "pearson": pearson([by_id[i]["score"] for i in ids], [human[i] for i in ids])}
        if raw_cos:
            table[name]["encoder_only"] = pearson([raw_cos[i] for i in ids], [human[i] for i in ids])
    # Same-event agreement, reading overall <= 2 as "the same story".
    tp = sum(by_id[i]["same_event"] and human[i] >= 2 for i in human)
    pred = sum(by_id[i]["same_event"] for i in human)
    gold = sum(human[i] >= 2 for i in human)
    summary = {"pairs": len(rows), "seconds": round(seconds, 1), "table": table,
               "same_event": {"precision": tp / pred if pred else None, "recall": tp / gold if gold else None}}
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    print(f"{'language pair':14s} {'pairs':>6s} {'newsloom':>9s} {'e5 cosine':>10s}")
    for name, row in table.items():
        print(f"{name:14s} {row['pairs']:6d} {row['pearson']:9.3f} {row.get('encoder_only', float('nan')):10.3f}")
    se = summary["same_event"]
    print(f"same_event (overall <= 2 as gold): precision {se['precision'] or 0:.3f} recall {se['recall'] or 0:.3f}")
    print(f"{len(rows)} pairs in {seconds:.0f} s ({2 * len(rows) / seconds:.1f} articles/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
