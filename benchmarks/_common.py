"""Shared by the benchmark scripts: NTREX loading, single-core setup, output."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# Thread pools in numpy/onnx would otherwise spread one "core" over all of them.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

NTREX = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ntrex" / "ntrex_docs.jsonl"
DEFAULT_LANGS = "eng,kaz,rus,arb,fas,tur"


def pin_one_core() -> int | None:
    """Run on one CPU so that numbers are per core; returns the CPU or None."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError):
        return None


def load_ntrex(path: str | Path, langs: list[str], n: int = 0) -> list[dict]:
    """NTREX rows of ``langs``, documents in corpus order, languages interleaved per document."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    by_doc: dict[str, dict[str, dict]] = {}
    for r in rows:
        if r["lang"] in langs:
            by_doc.setdefault(r["doc_id"], {})[r["lang"]] = r
    out = [docs[lang] for docs in by_doc.values() for lang in langs if lang in docs]
    return out[:n] if n else out


# CPU time of this process, not wall time: the machines these run on are
# shared, and a busy neighbour stretched wall-clock numbers fourfold in one
# run.  Everything timed is single-threaded (pools limited above), so CPU
# seconds are core seconds.
clock = time.process_time


def best_of(fn, repeat: int) -> float:
    """Fastest of ``repeat`` runs: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeat):
        t = clock()
        fn()
        best = min(best, clock() - t)
    return best


def table(headers: list[str], rows: list[list], out=sys.stdout) -> None:
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for k, r in enumerate(cells):
        print("  ".join(c.rjust(w) if k and i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))), file=out)
        if k == 0:
            print("  ".join("-" * w for w in widths), file=out)


def _fmt(c) -> str:
    if isinstance(c, float):
        return f"{c:,.3f}" if abs(c) < 10 else f"{c:,.1f}" if abs(c) < 1000 else f"{c:,.0f}"
    if isinstance(c, int):
        return f"{c:,}"
    return str(c)


def emit_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))
