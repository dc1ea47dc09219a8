"""The static embedding table next to e5 itself: NTREX translation retrieval.

    python -m newsloom.evaluation.static_quality [--langs kaz,rus,arb,fas,tur] [--table PATH] [--no-e5] [--json]

For every English NTREX article, its headline and lead are embedded and the
nearest article of another language (among all of that language's articles)
is looked up; top-1 accuracy is the share that finds its own translation.
Vectors are centred on their language's mean over the same articles, as
``SemanticSpace`` does.  Both encoders run on the same texts in one process,
with their throughput.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from ..embed import E5Encoder, lead_text
from ..static_embed import StaticEncoder
from . import CORPORA


def _centred(vecs: list[list[float]]) -> np.ndarray:
    x = np.asarray(vecs, dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True).clip(1e-9)
    x -= x.mean(0)
    return x / np.linalg.norm(x, axis=1, keepdims=True).clip(1e-9)


def top1(src: np.ndarray, dst: np.ndarray) -> float:
    return float(np.mean(np.argmax(src @ dst.T, axis=1) == np.arange(len(src))))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--langs", default="kaz,rus,arb,fas,tur")
    ap.add_argument("--table", default=None)
    ap.add_argument("--no-e5", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    langs = args.langs.split(",")
    docs: dict[str, dict[str, str]] = {}
    for line in open(CORPORA / "ntrex" / "ntrex_docs.jsonl", encoding="utf-8"):
        r = json.loads(line)
        docs.setdefault(r["lang"], {})[r["doc_id"]] = lead_text(r.get("title", ""), r.get("text", ""))
    ids = sorted(set(docs["eng"]).intersection(*(docs[lang] for lang in langs)))
    encoders = {"static": StaticEncoder(args.table)}
    if not args.no_e5:
        encoders["e5"] = E5Encoder()
    result: dict[str, dict] = {}
    for name, enc in encoders.items():
        start = time.perf_counter()
        vecs = {lang: _centred(enc.encode([docs[lang][i] for i in ids])) for lang in ["eng", *langs]}
        seconds = time.perf_counter() - start
        row = {lang: top1(vecs["eng"], vecs[lang]) for lang in langs}
        row["mean"] = float(np.mean([row[lang] for lang in langs]))
        row["articles_per_s"] = len(ids) * (len(langs) + 1) / seconds
        result[name] = row
    if args.json:
        print(json.dumps({"documents": len(ids), "top1": result}, indent=1))
        return 0
    print(f"NTREX, {len(ids)} documents: English headline+lead -> its translation among all, top-1")
    print(f"{'encoder':8s} " + " ".join(f"{lang:>6s}" for lang in langs) + f" {'mean':>6s} {'art/s':>8s}")
    for name, row in result.items():
        print(f"{name:8s} " + " ".join(f"{row[lang]:6.3f}" for lang in langs) + f" {row['mean']:6.3f} {row['articles_per_s']:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
