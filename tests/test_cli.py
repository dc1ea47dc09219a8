"""The command line end to end, as a user (or a script) drives it."""

import json
import shutil
import sqlite3
import subprocess
import sys

from newsloom.cli import main


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "newsloom.cli", *args], capture_output=True, text=True, input=stdin, timeout=600)


def test_annotate_to_stdout_keeps_input_order_and_contract(seeds_dir):
    p = run("annotate", str(seeds_dir), "--out", "-", "-q")
    assert p.returncode == 0, p.stderr
    recs = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["id"].split("/")[-1][:3] for r in recs] == ["000", "001", "002", "003", "004"]
    for r in recs:
        assert set(r) == {"id", "source", "lang", "script", "title", "published", "entities", "dates", "quotes", "figures", "event_id", "story_id"}
        assert r["event_id"] is None
        for e in r["entities"]:
            assert {"id", "type", "name", "mentions"} <= set(e) and e["type"] in ("PER", "ORG", "LOC", "NORP", "EVENT")


def test_annotate_stdin():
    line = json.dumps({"id": "s1", "title": "Тоқаев Алматыға барды", "text": "Қасым-Жомарт Тоқаев Алматыда сөйледі."})
    p = run("annotate", "-", "--out", "-", "-q", stdin=line + "\n")
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["id"] == "s1" and rec["lang"] == "kk"
    names = {m["text"] for e in rec["entities"] for m in e["mentions"]}
    assert "Алматыға" in names and "Қасым-Жомарт Тоқаев" in names


def test_bad_input_warns_and_sets_exit_status(tmp_path, seeds_dir):
    shutil.copy(next(seeds_dir.glob("002_*")), tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "x.db"
    p = run("analyze", str(tmp_path), "--db", str(db), "--out", str(tmp_path / "o.jsonl"), "-q", "--no-embed")
    assert p.returncode == 1
    warnings = [line for line in p.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2 and any("empty.txt" in w for w in warnings) and any("bin.txt" in w for w in warnings)
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 1


def test_resume_and_update(tmp_path, seeds_dir):
    src = tmp_path / "in"
    src.mkdir()
    files = sorted(seeds_dir.glob("*.txt"))
    for f in files[:3]:
        shutil.copy(f, src / f.name)
    db = tmp_path / "r.db"
    assert main(["analyze", str(src), "--db", str(db), "-q", "--no-embed"]) == 0
    # a run that stopped after three articles: the next one does the rest
    for f in files[3:]:
        shutil.copy(f, src / f.name)
    assert main(["analyze", str(src), "--db", str(db), "-q", "--no-embed"]) == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    # changed content updates the article in place
    target = src / files[0].name
    target.write_text(target.read_text(encoding="utf-8") + "\nҚосымша сөйлем.", encoding="utf-8")
    assert main(["analyze", str(src), "--db", str(db), "-q", "--no-embed"]) == 0
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    text = con.execute("SELECT text FROM articles WHERE id=?", ("in/" + files[0].stem,)).fetchone()[0]
    assert text.endswith("Қосымша сөйлем.")
    members = [m for (s,) in con.execute("SELECT state FROM clusters WHERE kind='event'") for m in json.loads(s)["members"]]
    assert sorted(members) == sorted("in/" + f.stem for f in files)  # each article in exactly one event


def test_views(tmp_path, seeds_dir):
    db = tmp_path / "v.db"
    assert main(["analyze", str(seeds_dir), "--db", str(db), "-q"]) == 0
    p = run("entities", "--db", str(db), "--json")
    ents = [json.loads(line) for line in p.stdout.splitlines()]
    kz = next(e for e in ents if e["id"] == "country:KZ")
    assert kz["articles"] == 5 and {"Cyrl", "Arab"} <= set(kz["names"])
    p = run("events", "--db", str(db), "--json")
    events = [json.loads(line) for line in p.stdout.splitlines()]
    assert sum(len(e["articles"]) for e in events) == 5
    shared = next(e for e in events if len(e["articles"]) > 1)
    assert set(shared["languages"]) == {"ar", "fa"}
    for item in (shared["id"], "country:KZ", "seeds/002_f0cd279cab210bb7"):
        p = run("show", item, "--db", str(db), "--json")
        assert p.returncode == 0 and json.loads(p.stdout)["id"] == item
    p = run("events", "--db", str(db))
    assert p.returncode == 0 and shared["id"] in p.stdout
    p = run("link", "Тоқаев", "تاکایف", "--db", str(db), "--json")
    assert json.loads(p.stdout)["same"] is True
    assert run("show", "nope", "--db", str(db)).returncode == 1


def test_default_input_is_the_bundled_sample(tmp_path):
    db = tmp_path / "sample.db"
    out = tmp_path / "sample.jsonl"
    assert main(["analyze", "--db", str(db), "--out", str(out), "-q", "--no-embed"]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 19
    assert {r["lang"] for r in recs} == {"en", "kk", "ru", "ar", "fa", "tr"}
    # translations of one article end up in one event
    by_doc = {}
    for r in recs:
        by_doc.setdefault(r["id"].rsplit("-", 1)[0], set()).add(r["event_id"])
    assert sum(len(events) == 1 for events in by_doc.values()) >= len(by_doc) // 2


def test_misuse_is_one_line_and_exit_2(tmp_path):
    db = tmp_path / "m.db"
    assert main(["analyze", "--db", str(db), "-q", "--no-embed"]) == 0
    cases = [
        ["analyze", "--db", str(tmp_path / "missing" / "x.db"), "-q", "--no-embed"],
        ["analyze", "--db", str(tmp_path), "-q", "--no-embed"],
        ["analyze", "--db", str(db), "--out", str(tmp_path), "-q", "--no-embed"],
        ["events", "--db", str(tmp_path / "none.db")],
        ["entities", "--db", str(db), "--limit", "many"],
        ["entities", "--db", str(db), "--type", "planet"],
        ["frobnicate"],
    ]
    for args in cases:
        p = run(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr, (args, p.stderr)
    assert not (tmp_path / "missing").exists()


def test_type_any_case_and_ids_with_a_dash(tmp_path):
    db = tmp_path / "t.db"
    assert main(["analyze", "--db", str(db), "-q", "--no-embed"]) == 0
    upper = run("entities", "--db", str(db), "--json", "--type", "PER").stdout
    assert upper and run("entities", "--db", str(db), "--json", "--type", "per").stdout == upper
    p = run("show", "-no-such-id", "--db", str(db))
    assert p.returncode == 1 and "-no-such-id" in p.stdout + p.stderr


def test_duplicate_ids_warn_with_both_sources_and_counts_tell_the_truth(tmp_path):
    rec = {"id": "same", "title": "Тоқаев Алматыға барды", "text": "Қасым-Жомарт Тоқаев Алматыда сөйледі."}
    (tmp_path / "one.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(json.dumps(rec | {"text": "Басқа мәтін."}, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "d.db"
    p = run("analyze", str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl"), "--db", str(db), "--no-embed")
    assert p.returncode == 1
    warning = next(line for line in p.stderr.splitlines() if "duplicate id" in line)
    assert "one.jsonl" in warning and "two.jsonl" in warning
    assert "1 new, 0 updated, 0 unchanged, 1 duplicate(s) skipped" in p.stdout + p.stderr
    assert sqlite3.connect(db).execute("SELECT text FROM articles").fetchall() == [(rec["text"],)]


def test_update_leaves_no_orphans(tmp_path):
    src = tmp_path / "a.jsonl"
    rec = {"id": "x", "title": "Тоқаев Алматыға барды", "text": "Қасым-Жомарт Тоқаев Алматыда сөйледі."}
    src.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "o.db"
    assert main(["analyze", str(src), "--db", str(db), "-q", "--no-embed"]) == 0
    src.write_text(json.dumps(rec | {"title": "Weather", "text": "It rained all day in Paris, France."}) + "\n", encoding="utf-8")
    assert main(["analyze", str(src), "--db", str(db), "-q", "--no-embed"]) == 0
    con = sqlite3.connect(db)
    orphans = con.execute("SELECT id FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions WHERE entity_id IS NOT NULL)").fetchall()
    assert orphans == []
    assert not any(e.startswith("per:") for (e,) in con.execute("SELECT id FROM entities"))
    for (state,) in con.execute("SELECT state FROM clusters"):
        assert json.loads(state)["members"] == ["x"]


def test_two_folders_of_one_name_are_two_articles_in_one_run_or_two(tmp_path):
    for side, text in (("x", "Тоқаев Астанада сөз сөйледі."), ("y", "Тоқаев Алматыда кездесу өткізді.")):
        (tmp_path / side / "data").mkdir(parents=True)
        (tmp_path / side / "data" / "index.txt").write_text(f"Тақырып {side}\n\n{text}", encoding="utf-8")
    x, y = str(tmp_path / "x" / "data"), str(tmp_path / "y" / "data")
    both = tmp_path / "both.db"
    p = run("analyze", x, y, "--db", str(both), "--no-embed")
    assert p.returncode == 0, p.stderr
    ids = lambda db: sorted(r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles"))
    assert ids(both) == ["data/index", "y/data/index"]
    # One after the other: the second neither replaces the first nor is skipped.
    apart = tmp_path / "apart.db"
    for folder in (x, y):
        assert run("analyze", folder, "--db", str(apart), "--no-embed").returncode == 0
    assert ids(apart) == ids(both)
    texts = dict(sqlite3.connect(apart).execute("SELECT id, text FROM articles"))
    assert "Астанада" in texts["data/index"] and "Алматыда" in texts["y/data/index"]
    again = run("analyze", x, y, "--db", str(apart), "--no-embed")
    assert "0 new, 0 updated, 2 unchanged" in again.stdout + again.stderr
