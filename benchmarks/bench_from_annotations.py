"""``analyze --from-annotations`` (clustering Spark's Parquet in one process) against ``analyze`` on the same articles.

    python benchmarks/bench_from_annotations.py [--n 240] [--files 4] [--master local[2]] [--rows-by spark|engine] [--embed] [--json]

NTREX articles are written as ``--files`` JSONL files; ``annotate --engine
spark`` turns them into Parquet once (its time reported apart, it is not
what is measured here); ``--rows-by engine`` writes the same rows (the
function Spark's tasks run, ``newsloom.engine.article_row``; tests/test_spark.py
checks they are Spark's) in a child process with pyarrow, without Spark's
minutes of start-up.  Then two fresh stores are written by the CLI, each
in a child process of its own: ``analyze --from-annotations OUT`` and
``analyze IN --jobs 1`` (annotation and clustering in one process, one
core).  Each child's CPU seconds and peak resident memory come from the
kernel (``wait4``), so they are the child's alone on a machine shared with
other work; wall seconds are printed too.  Both stores are then counted
(articles, events) to show the same articles went in.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_LANGS, NTREX, emit_json, load_ntrex, table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from newsloom.cli import main; sys.exit(main(sys.argv[1:]))"
ENGINE_ROWS = """import sys, pathlib, pyarrow as pa, pyarrow.parquet as pq
from newsloom.engine import article_row
from newsloom.ingest import iter_articles
from newsloom.embed import default_encoder
enc = default_encoder() if sys.argv[3] else None
pathlib.Path(sys.argv[2]).mkdir()
pq.write_table(pa.Table.from_pylist([article_row(a, enc) for a in iter_articles([sys.argv[1]], [])]),
               pathlib.Path(sys.argv[2]) / "part-0.parquet")
"""


def run(cmd: list[str]) -> dict:
    """One child process: wall seconds, CPU seconds (user + system) and peak RSS in MiB, from the kernel."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mib": usage.ru_maxrss / 1024}


def counts(db: Path) -> dict:
    c = sqlite3.connect(db)
    try:
        return {"articles": c.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
                "events": c.execute("SELECT COUNT(*) FROM clusters WHERE kind='event'").fetchone()[0],
                "stories": c.execute("SELECT COUNT(*) FROM clusters WHERE kind='story'").fetchone()[0]}
    finally:
        c.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--langs", default=DEFAULT_LANGS)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--rows-by", choices=("spark", "engine"), default="spark")
    ap.add_argument("--embed", action="store_true", help="embeddings in both (Spark computes them for --from-annotations)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    py = sys.executable
    docs = load_ntrex(NTREX, args.langs.split(","), args.n)
    no_embed = [] if args.embed else ["--no-embed"]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for k in range(args.files):
            with open(inputs / f"part-{k}.jsonl", "w", encoding="utf-8") as fh:
                for d in docs[k::args.files]:
                    fh.write(json.dumps({"id": f"{d['doc_id']}-{d['lang']}", "title": d["title"], "text": d["text"]},
                                        ensure_ascii=False) + "\n")
        out = Path(tmp) / "parquet"
        if args.rows_by == "spark":
            spark = run([py, "-c", CLI, "annotate", str(inputs), "--engine", "spark", "--master", args.master,
                         "--out", str(out), "--quiet", *no_embed])
        else:
            spark = run([py, "-c", ENGINE_ROWS, str(inputs), str(out), "1" if args.embed else ""])
        cluster = run([py, "-c", CLI, "analyze", "--from-annotations", str(out), "--db", str(Path(tmp) / "a.db"),
                       "--quiet", *no_embed])
        full = run([py, "-c", CLI, "analyze", str(inputs), "--db", str(Path(tmp) / "b.db"), "--quiet", "--jobs", "1",
                    *no_embed])
        stores = {"from_annotations": counts(Path(tmp) / "a.db"), "analyze": counts(Path(tmp) / "b.db")}
    n = stores["analyze"]["articles"]
    result = {"articles": n, "embed": args.embed, "master": args.master, "rows_by": args.rows_by, "annotate": spark,
              "from_annotations": cluster, "analyze": full, "stores": stores,
              "from_annotations_articles_per_cpu_s": stores["from_annotations"]["articles"] / cluster["cpu_s"],
              "analyze_articles_per_cpu_s": n / full["cpu_s"]}
    if args.json:
        emit_json(result)
        return
    print(f"{n} NTREX articles ({args.langs}) in {args.files} files, embeddings {'on' if args.embed else 'off'}; "
          "CPU and peak RSS of each child process (the process's own start-up included)")
    table(["run", "wall s", "CPU s", "articles / CPU s", "peak RSS MiB", "articles", "events"],
          [[f"annotate --engine spark {args.master} (driver only)" if args.rows_by == "spark" else "rows by the engine, one process",
            spark["wall_s"], spark["cpu_s"], "", spark["peak_rss_mib"], "", ""],
           ["analyze --from-annotations", cluster["wall_s"], cluster["cpu_s"], result["from_annotations_articles_per_cpu_s"],
            cluster["peak_rss_mib"], stores["from_annotations"]["articles"], stores["from_annotations"]["events"]],
           ["analyze (annotate + cluster), --jobs 1", full["wall_s"], full["cpu_s"], result["analyze_articles_per_cpu_s"],
            full["peak_rss_mib"], n, stores["analyze"]["events"]]])


if __name__ == "__main__":
    main()
