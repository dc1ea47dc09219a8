"""``annotate --engine spark`` against the local engine on the same input; Spark's start-up reported apart.

    python benchmarks/bench_spark.py [--n 240] [--files 4] [--master local[2]] [--embed] [--json]

NTREX articles are written as ``--files`` JSONL files (Spark runs one task per
input file).  The local engine is :func:`newsloom.engine.article_row` over
the articles in this process (one core); Spark runs the same function in its
Python workers.  Start-up is the time to a running session plus one trivial
job; the job time is what remains of the whole ``annotate_to_parquet`` call.
Wall time: Spark's work happens in other processes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEFAULT_LANGS, NTREX, emit_json, load_ntrex, table  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--langs", default=DEFAULT_LANGS)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--embed", action="store_true", help="include the e5 embeddings in the per-article work")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from newsloom.embed import default_encoder
    from newsloom.engine import article_row
    from newsloom.engine.spark import annotate_to_parquet, session
    from newsloom.ingest import iter_articles

    docs = load_ntrex(NTREX, args.langs.split(","), args.n)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for k in range(args.files):
            with open(inputs / f"part-{k}.jsonl", "w", encoding="utf-8") as fh:
                for i, d in enumerate(docs[k::args.files]):
                    fh.write(json.dumps({"id": f"{d['doc_id']}-{d['lang']}", "title": d["title"], "text": d["text"]},
                                        ensure_ascii=False) + "\n")
        t = time.perf_counter()
        encoder = default_encoder() if args.embed else None
        rows = [article_row(a, encoder) for a in iter_articles([str(inputs)], [])]
        local = time.perf_counter() - t

        t = time.perf_counter()
        s = session(args.master)
        s.sparkContext.parallelize([1, 2]).count()
        s.stop()
        startup = time.perf_counter() - t
        t = time.perf_counter()
        n = annotate_to_parquet([str(inputs)], str(Path(tmp) / "out"), master=args.master, embed=args.embed)
        whole = time.perf_counter() - t
    job = max(1e-9, whole - startup)
    result = {"articles": len(rows), "spark_rows": n, "local_s": local, "spark_startup_s": startup,
              "spark_job_s": job, "local_articles_per_s": len(rows) / local, "spark_articles_per_s": n / job,
              "spark_job_speed_vs_local": local / job, "master": args.master, "embed": args.embed}
    if args.json:
        emit_json(result)
        return
    print(f"{len(rows)} NTREX articles ({args.langs}) in {args.files} files, embeddings {'on' if args.embed else 'off'}")
    table(["engine", "seconds", "articles/s", "speed vs local"],
          [["local, one process", local, len(rows) / local, 1.0],
           [f"spark {args.master}, start-up", startup, "", ""],
           [f"spark {args.master}, job", job, n / job, local / job]])


if __name__ == "__main__":
    main()
