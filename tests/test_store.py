"""The store: restart-invariance, one writer at a time, refusing what is not ours, migrating what is."""

import json
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsloom.cli import main, sample_path
from newsloom.store import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError, writer_lock

TABLES = {
    "articles": "SELECT id, lang, title, published, content_hash, record, features, event_id, story_id, event_score, event_reasons FROM articles ORDER BY id",
    "mentions": 'SELECT article_id, field, start, "end", text, type, base, entity_id FROM mentions ORDER BY article_id, field, start, "end", entity_id',
    "entities": "SELECT id, type, name, given, state FROM entities ORDER BY id",
    "entity_names": "SELECT entity_id, lang, script, name, count FROM entity_names ORDER BY entity_id, lang, script, name",
    "clusters": "SELECT id, kind, parent, state, first, last, seq FROM clusters ORDER BY id",
    "relations": "SELECT a, b, kind, score, reasons, evidence FROM relations ORDER BY a, b",
    "meta": "SELECT key, value FROM meta ORDER BY key",
}


def dump(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        con.close()


def assert_same_store(a: Path, b: Path) -> None:
    da, db_ = dump(a), dump(b)
    for table in TABLES:
        assert da[table] == db_[table], f"table {table} differs"


def analyze_cmd(*inputs, db):
    return [sys.executable, "-m", "newsloom.cli", "analyze", *map(str, inputs), "--db", str(db), "-q", "--no-embed"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir):
    """The bundled sample and the seeds, split in two halves."""
    d = tmp_path_factory.mktemp("in")
    lines = Path(sample_path()).read_text(encoding="utf-8").splitlines()
    (d / "a.jsonl").write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    (d / "b.jsonl").write_text("\n".join(lines[10:]) + "\n", encoding="utf-8")
    seeds = d / "seeds"
    shutil.copytree(seeds_dir, seeds, ignore=shutil.ignore_patterns("*.md", "*.json*"))
    return d / "a.jsonl", d / "b.jsonl", seeds


@pytest.fixture(scope="module")
def whole(tmp_path_factory, inputs):
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    assert main(["analyze", *map(str, inputs), "--db", str(db), "-q", "--no-embed"]) == 0
    return db


def test_split_input_gives_the_same_store(tmp_path, inputs, whole):
    a, b, seeds = inputs
    db = tmp_path / "split.db"
    assert main(["analyze", str(a), "--db", str(db), "-q", "--no-embed"]) == 0
    assert main(["analyze", str(b), str(seeds), "--db", str(db), "-q", "--no-embed"]) == 0
    assert_same_store(db, whole)
    # and a run over what is all there already changes nothing
    assert main(["analyze", *map(str, inputs), "--db", str(db), "-q", "--no-embed"]) == 0
    assert_same_store(db, whole)


def stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # not made yet, or mid-creation
        return 0


def kill_at_random(cmd: list[str], db: Path, total: int, rng: random.Random, times: int) -> int:
    """Start ``cmd`` ``times`` times, each killed (-9) once a random number of
    further articles is stored (by progress, not by a clock, which a loaded
    machine or a warm cache makes wrong); how many runs were killed."""
    kills = 0
    for _ in range(times):
        have = stored(db)
        if have >= total - 1:
            break
        target = rng.randint(have + 1, total - 1)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and stored(db) < target:
            time.sleep(0.02)
        if proc.poll() is None:
            time.sleep(rng.uniform(0, 0.2))  # somewhere inside the next article
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    return kills


def test_killed_runs_resume_to_the_same_store(tmp_path, inputs, whole):
    db = tmp_path / "killed.db"
    kills = kill_at_random(analyze_cmd(*inputs, db=db), db, stored(whole), random.Random(10), 4)
    assert kills, "no run was killed: the test did not test anything"
    p = subprocess.run(analyze_cmd(*inputs, db=db), capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert_same_store(db, whole)


def test_one_writer_at_a_time(tmp_path, whole):
    db = tmp_path / "busy.db"
    shutil.copy(whole, db)
    with writer_lock(str(db)):
        p = subprocess.run([*analyze_cmd(sample_path(), db=db), "--out", str(tmp_path / "o.jsonl")], capture_output=True, text=True, timeout=600)
        assert p.returncode == 2 and not (tmp_path / "o.jsonl").exists()  # a refusal writes nothing
        assert len(p.stderr.strip().splitlines()) == 1 and "is being written by" in p.stderr
        # readers work while a writer holds the store
        p = subprocess.run([sys.executable, "-m", "newsloom.cli", "events", "--db", str(db), "--json"],
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0 and p.stdout.strip()
    assert_same_store(db, whole)


def test_reader_during_an_open_write_transaction(tmp_path, whole):
    db = tmp_path / "wal.db"
    shutil.copy(whole, db)
    writer = Store(db)
    with writer.transaction() as con:
        con.execute("DELETE FROM relations")
        reader = Store(db, readonly=True)
        assert reader.query("SELECT COUNT(*) FROM articles")[0][0] == 24
        reader.close()
    writer.close()


def test_foreign_files_are_refused_untouched(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.commit()
    con.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    for path in (other, text):
        before = path.read_bytes()
        out = str(tmp_path / "out" / "o.jsonl")
        for cmd in (["analyze", sample_path(), "--db", str(path), "-q", "--no-embed", "--out", out], ["events", "--db", str(path)]):
            p = subprocess.run([sys.executable, "-m", "newsloom.cli", *cmd], capture_output=True, text=True, timeout=600)
            assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
        assert path.read_bytes() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ["notes.txt", "other.db"]
    with pytest.raises(StoreError):
        Store(tmp_path / "missing" / "x.db")


def test_store_of_c126e53_is_migrated(tmp_path):
    v1 = Path(__file__).parent / "data" / "store_c126e53.db"
    db = tmp_path / "old.db"
    shutil.copy(v1, db)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 0
    n_before = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    con.close()
    p = subprocess.run([sys.executable, "-m", "newsloom.cli", "events", "--db", str(db), "--json"], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0 and len(p.stdout.splitlines()) > 1  # readable as it is
    assert main(["analyze", sample_path(), "--db", str(db), "-q", "--no-embed"]) == 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n_before
    states = [json.loads(s) for (s,) in con.execute("SELECT state FROM entities")]
    assert states and all(s["df"] >= 1 for s in states)
    # what linking learned from co-occurrence is recomputed from the mentions
    assert any(s["context"] for s in states) and any(s["surnames"] for s in states)
    assert con.execute("SELECT COUNT(*) FROM clusters WHERE seq IS NULL").fetchone()[0] == 0
    con.close()

def test_migrated_store_goes_on(tmp_path, seeds_dir):
    db = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "store_c126e53.db", db)
    assert main(["analyze", str(seeds_dir), "--db", str(db), "-q", "--no-embed"]) == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 24
    members = [m for (s,) in con.execute("SELECT state FROM clusters WHERE kind='event'") for m in json.loads(s)["members"]]
    assert len(members) == len(set(members)) == 24


def write_v2_inputs(root: Path) -> None:
    """The files store_v2.db was made from (tests/data/README.md): sample articles as text and JSON Lines."""
    recs = [json.loads(line) for line in Path(sample_path()).read_text(encoding="utf-8").splitlines()]
    (root / "news" / "2024").mkdir(parents=True)
    for name, r in (("a.txt", recs[0]), ("b.txt", recs[9]), ("2024/index.txt", recs[13])):
        (root / "news" / name).write_text(r["title"] + "\n" + r["text"], encoding="utf-8")
    (root / "news" / "wire.jsonl").write_text(
        "".join(json.dumps({"title": r["title"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in (recs[4], recs[1])), encoding="utf-8")


def test_v2_ids_are_renamed_so_a_rerun_finds_them(tmp_path, monkeypatch):
    write_v2_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)  # the store names its files relative to where it was made
    db = tmp_path / "v2.db"
    shutil.copy(Path(__file__).parent / "data" / "store_v2.db", db)
    p = subprocess.run([sys.executable, "-m", "newsloom.cli", "analyze", "news", "--db", str(db), "--no-embed"],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert "0 new, 0 updated, 5 unchanged" in p.stdout + p.stderr
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    ids = {r[0] for r in con.execute("SELECT id FROM articles")}
    assert ids == {"news/a", "news/b", "news/wire#1", "news/wire#2", "news/2024/index"}
    con.close()
    # Every reference to an article carries its new id.  (Not compared with a
    # fresh store: the records are the ones v2's recogniser wrote, kept as unchanged.)
    con = sqlite3.connect(db)
    assert all(json.loads(rec)["id"] == aid for aid, rec in con.execute("SELECT id, record FROM articles"))
    for sql in ("SELECT article_id FROM mentions", "SELECT article_id FROM dates", "SELECT article_id FROM statements",
                "SELECT a FROM relations UNION SELECT b FROM relations"):
        assert {r[0] for r in con.execute(sql)} <= ids, sql
    assert {r[0] for r in con.execute("SELECT article_id FROM mentions")} == ids
    members = {m for (state,) in con.execute("SELECT state FROM clusters WHERE kind='event'") for m in json.loads(state)["members"]}
    assert members == ids
    con.close()
    stale = re.compile(r"(?<![\w/])(wire#[12]|2024/index)")
    for table, rows in dump(db).items():
        assert not any(stale.search(str(v)) for row in rows for v in row), table


def _diff(a: Path, b: Path) -> None:  # debugging aid: python -c "from tests.test_store import _diff; ..."
    da, db_ = dump(a), dump(b)
    for table in TABLES:
        x, y = set(da[table]), set(db_[table])
        for row in sorted(x - y, key=str)[:3]:
            print(table, "only in a:", str(row)[:600])
        for row in sorted(y - x, key=str)[:3]:
            print(table, "only in b:", str(row)[:600])
