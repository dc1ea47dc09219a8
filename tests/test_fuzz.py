"""The readers on generated inputs (``pytest -m fuzz``; ``benchmarks/fuzz_readers.py --n 100000`` for the full count)."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("fuzz_readers", Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_readers.py")
fuzz_readers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_readers)

# Slow readers (trafilatura, feeds with their pages) get fewer inputs.
COUNTS = {"decode": 5000, "dates": 5000, "jsonl": 5000, "json": 20000, "files": 1000, "html": 1000, "feeds": 500, "warc": 2000}


@pytest.mark.fuzz
@pytest.mark.parametrize("target", sorted(fuzz_readers.TARGETS))
def test_reader_survives_generated_inputs(target):
    crashes, first = fuzz_readers.run(target, COUNTS[target], seed=1)
    assert crashes == 0, first
