"""Restart-invariance with the encoder on: a killed-and-resumed run, and an input split over two runs,
must leave the same store as one uninterrupted run (tests/test_store.py checks this with --no-embed).

    python benchmarks/check_restarts.py [--kills 4] [--seed 10] [--no-seeds] [--keep DIR]

Inputs: the bundled sample split in two JSONL files, plus the seeds folder
(../shared/corpora/seeds) unless --no-seeds.  Prints, per table, whether the
stores agree, and the articles / entities / events / stories / relations of each.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsloom.cli import sample_path  # noqa: E402
from tests.test_store import TABLES, dump, kill_at_random, stored  # noqa: E402

SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"


def analyze_cmd(inputs, db) -> list[str]:
    return [sys.executable, "-m", "newsloom.cli", "analyze", *map(str, inputs), "--db", str(db), "-q"]


def run(inputs, db) -> float:
    start = time.perf_counter()
    p = subprocess.run(analyze_cmd(inputs, db), capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"analyze failed ({p.returncode}): {p.stderr.strip()[-500:]}")
    return time.perf_counter() - start


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    out = {"articles": one("SELECT COUNT(*) FROM articles"), "entities": one("SELECT COUNT(*) FROM entities"),
           "events": one("SELECT COUNT(*) FROM clusters WHERE kind='event'"),
           "stories": one("SELECT COUNT(*) FROM clusters WHERE kind='story'"), "relations": one("SELECT COUNT(*) FROM relations")}
    con.close()
    return out


def differing(a: Path, b: Path) -> list[str]:
    da, db_ = dump(a), dump(b)
    return [t for t in TABLES if da[t] != db_[t]]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=4)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--keep", help="keep the stores in this folder")
    args = ap.parse_args(argv)
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="restarts-"))
    tmp.mkdir(parents=True, exist_ok=True)
    lines = Path(sample_path()).read_text(encoding="utf-8").splitlines()
    a, b = tmp / "a.jsonl", tmp / "b.jsonl"
    a.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    b.write_text("\n".join(lines[10:]) + "\n", encoding="utf-8")
    inputs = [a, b]
    if not args.no_seeds and SEEDS.is_dir():
        shutil.copytree(SEEDS, tmp / "seeds", ignore=shutil.ignore_patterns("*.md", "*.json*"), dirs_exist_ok=True)
        inputs.append(tmp / "seeds")
    for f in tmp.glob("*.db*"):
        f.unlink()

    whole = tmp / "whole.db"
    span = run(inputs, whole)
    print(f"uninterrupted: {span:.0f} s, {counts(whole)}")

    split = tmp / "split.db"
    run(inputs[:1], split)
    run(inputs[1:], split)
    print(f"split over two runs: {counts(split)}; tables differing: {differing(split, whole) or 'none'}")

    killed = tmp / "killed.db"
    kills = kill_at_random(analyze_cmd(inputs, killed), killed, stored(whole), random.Random(args.seed), args.kills)
    run(inputs, killed)
    print(f"killed {kills} times and resumed: {counts(killed)}; tables differing: {differing(killed, whole) or 'none'}")
    bad = differing(split, whole) + differing(killed, whole)
    if bad:
        con_w, con_k = dump(whole), dump(killed)
        for t in sorted(set(bad)):
            x, y = set(con_w[t]), set(con_k[t])
            print(f"  {t}: {len(x - y)} rows only uninterrupted, {len(y - x)} only resumed")
    print(json.dumps({"kills": kills, "split_differs": differing(split, whole), "killed_differs": differing(killed, whole)}))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
