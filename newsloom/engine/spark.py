"""``annotate --engine spark``: the per-article work as a PySpark job, written as Parquet.

Inputs are local files and folders (read where they lie: on a cluster, a path
every executor sees) or Hadoop file-system URIs (``hdfs://``, ``s3a://``,
``file://`` ...: read through Spark, so whatever the cluster can reach).  Each
input file is one task; inside it the local readers (:mod:`newsloom.ingest`)
and :func:`newsloom.engine.article_row` do the same work as on one machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from . import COLUMNS, article_row


def _schema():
    from pyspark.sql.types import ArrayType, FloatType, StringType, StructField, StructType

    return StructType([StructField(c, ArrayType(FloatType()) if c == "embedding" else StringType(), True)
                       for c in COLUMNS])


def _has_scheme(s: str) -> bool:
    head, sep, _ = s.partition("://")
    return bool(sep) and head.isalnum() and len(head) > 1


def _local_files(inputs: list[str], problems: list) -> list[tuple[str, str]]:
    from ..ingest.files import SourceProblem, _files

    files = []
    for raw in inputs:
        root = Path(raw)
        if not root.exists():
            problems.append(SourceProblem(raw, "no such file or directory"))
            continue
        files += [(str(p.resolve()), rel) for p, rel in _files(root)]
    return files


def _rows_from_paths(paths: Iterator[tuple[str, str]], embed: bool) -> Iterator[dict]:
    from ..ingest.files import read_file

    encoder = _encoder(embed)
    for path, rel in paths:
        problems: list = []
        # The same reader and the same id base as the local path gives this file.
        for article in read_file(Path(path), rel, problems):
            yield article_row(article, encoder)
        for p in problems:
            print(f"newsloom: warning: {p.path}: {p.message}", file=sys.stderr)


def _rows_from_blobs(blobs: Iterator[tuple[str, bytes]], embed: bool) -> Iterator[dict]:
    from ..ingest import iter_articles

    encoder = _encoder(embed)
    for uri, data in blobs:
        # The readers take files: the blob is written under its own name, so
        # its suffix chooses the reader as it would locally.
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(uri.rstrip("/")).name
            path.write_bytes(data)
            for article in iter_articles([str(path)], []):
                if article.source == str(path):
                    article.source = uri
                yield article_row(article, encoder)


def _encoder(embed: bool):
    if not embed:
        return None
    from ..embed import default_encoder

    return default_encoder()


def session(master: str, app: str = "newsloom-annotate"):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app).config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if master.startswith("local"):
        # A laptop or CI machine: no network beyond loopback.
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def annotate_to_parquet(inputs: list[str], out: str, master: str = "local[*]", embed: bool = True,
                        problems: list | None = None) -> int:
    """Annotate every article of ``inputs`` on Spark into Parquet at ``out``; the number of rows written."""
    problems = problems if problems is not None else []
    spark = session(master)
    try:
        sc = spark.sparkContext
        local = [i for i in inputs if not _has_scheme(i)]
        remote = [i for i in inputs if _has_scheme(i)]
        rdds = []
        files = _local_files(local, problems)
        if files:
            rdds.append(sc.parallelize(files, max(1, len(files))).mapPartitions(lambda it: _rows_from_paths(it, embed)))
        for uri in remote:
            rdds.append(sc.binaryFiles(uri).mapPartitions(lambda it: _rows_from_blobs(it, embed)))
        if not rdds:
            return 0
        rows = sc.union(rdds) if len(rdds) > 1 else rdds[0]
        frame = spark.createDataFrame(rows.map(lambda r: tuple(r[c] for c in COLUMNS)), _schema())
        frame.write.mode("overwrite").parquet(out)
        return spark.read.parquet(out).count()
    finally:
        spark.stop()


def read_rows(directory: str) -> Iterator[dict]:
    """Rows of a Parquet output (Spark's or anyone's with these columns), in id order within each file."""
    import pyarrow.parquet as pq

    files = sorted(Path(directory).glob("*.parquet")) if Path(directory).is_dir() else [Path(directory)]
    for f in files:
        table = pq.read_table(f)
        missing = [c for c in COLUMNS if c not in table.column_names]
        if missing:
            raise ValueError(f"{f}: not newsloom annotations (no column {missing[0]!r})")
        yield from table.to_pylist()
