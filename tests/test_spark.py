"""``annotate --engine spark`` in local[2] gives the local engine's rows; ``analyze --from-annotations`` stores them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from newsloom.engine import COLUMNS, article_row
from newsloom.ingest import iter_articles

from .test_fetch import ntrex
from .test_warc import write_warc

pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")


def test_spark_rows_equal_local_rows_and_cluster_into_the_store(tmp_path, seeds_dir):
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_warc(inputs / "crawl.warc.gz", ntrex(2, "kaz"), True)
    with open(inputs / "wire.jsonl", "w", encoding="utf-8") as fh:
        for d in ntrex(3, "arb"):
            fh.write(json.dumps({"id": f"ar-{d['doc_id']}", "title": d["title"], "text": d["text"]},
                                ensure_ascii=False) + "\n")
    shutil.copy(next(seeds_dir.glob("003_*.txt")), inputs)
    out = tmp_path / "parquet"
    p = subprocess.run([sys.executable, "-m", "newsloom.cli", "annotate", str(inputs), "--engine", "spark",
                        "--master", "local[2]", "--out", str(out), "--no-embed", "-q"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]

    import pyarrow.parquet as pq

    spark_rows = sorted(pq.read_table(out).to_pylist(), key=lambda r: r["id"])
    local_rows = sorted((article_row(a) for a in iter_articles([str(inputs)], [])), key=lambda r: r["id"])
    assert len(spark_rows) == 3 + 3 + 1  # WARC pages (one undated), JSONL lines, the seed
    assert [r["id"] for r in spark_rows] == [r["id"] for r in local_rows]
    for s, loc in zip(spark_rows, local_rows):
        assert list(s) == list(COLUMNS)
        assert {k: s[k] for k in COLUMNS if k != "source"} == {k: loc[k] for k in COLUMNS if k != "source"}
    record = json.loads(next(r for r in spark_rows if r["lang"] == "fa")["record"])
    assert any(e["type"] == "PER" for e in record["entities"])

    db = tmp_path / "store.db"
    p = subprocess.run([sys.executable, "-m", "newsloom.cli", "analyze", "--from-annotations", str(out), "--db",
                        str(db), "--no-embed", "-q"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    with sqlite3.connect(db) as c:
        ids = sorted(r[0] for r in c.execute("SELECT id FROM articles WHERE event_id IS NOT NULL"))
        linked = c.execute("SELECT COUNT(*) FROM mentions WHERE entity_id IS NOT NULL").fetchone()[0]
    assert ids == [r["id"] for r in spark_rows] and linked > 0
    # Again: nothing changes.
    p = subprocess.run([sys.executable, "-m", "newsloom.cli", "analyze", "--from-annotations", str(out), "--db",
                        str(db), "--no-embed"], capture_output=True, text=True, timeout=300)
    assert "0 new, 0 updated, 7 unchanged" in p.stdout + p.stderr


def _partition(db) -> tuple[set, int]:
    with sqlite3.connect(db) as c:
        events: dict = {}
        for aid, eid in c.execute("SELECT id, event_id FROM articles"):
            events.setdefault(eid, set()).add(aid)
        linked = c.execute("SELECT COUNT(entity_id) FROM mentions").fetchone()[0]
    return {frozenset(v) for v in events.values()}, linked


def test_from_annotations_links_and_clusters_as_analyze_does(tmp_path, seeds_dir):
    """The same articles, annotated apart (the engine's rows, as Spark writes them) or by analyze, give one store:
    every mention linked alike, the same events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsloom.analyze import analyze

    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, inputs)
    rows = [article_row(a) for a in iter_articles([str(inputs)], [])]
    (tmp_path / "pq").mkdir()
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "pq" / "part-0.parquet")
    analyze([], str(tmp_path / "a.db"), [], embed=False, annotations=str(tmp_path / "pq"), jobs=1)
    analyze([str(inputs)], str(tmp_path / "b.db"), [], embed=False, jobs=1)
    events, linked = _partition(tmp_path / "a.db")
    assert linked > 0 and (events, linked) == _partition(tmp_path / "b.db")
