"""The five seed articles: the expectations that define the job."""

import json

import pytest

from newsloom.cli import main

# Which seed articles name each entity (read off the texts by a person).
EXPECTED = {
    "Tokayev": {"000", "001", "002", "003", "004"},
    "CSTO": {"000", "001", "002", "003", "004"},
    "Kazakhstan": {"000", "001", "002", "003", "004"},
    "Almaty": {"000", "001", "002", "003"},
    "Russia": {"000", "002", "004"},
}
# A name form of each entity that must be among its mentions somewhere.
SURFACE = {
    "Tokayev": ["Тоқаев", "توقاييف", "تاکایف"],
    "CSTO": ["ҰҚШҰ", "منظمة معاهدة الأمن الجماعي", "سازمان پیمان امنیت جمعی"],
    "Kazakhstan": ["Қазақстан", "كازاخستان", "قزاقستان"],
    "Almaty": ["Алматы", "ألماتي", "آلماتی"],
    "Russia": ["Ресей", "روسيا"],
}


@pytest.fixture(scope="module")
def analysed(seeds_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seeds")
    out = tmp / "out.jsonl"
    db = tmp / "seeds.db"
    assert main(["analyze", str(seeds_dir), "--db", str(db), "--out", str(out), "--quiet"]) == 0
    records = {r["id"].split("/")[-1][:3]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    return records, db, out


def _ids_with_surface(records, forms):
    ids = {}
    for key, rec in records.items():
        for e in rec["entities"]:
            for m in e["mentions"]:
                if any(f in m["text"] for f in forms):
                    ids.setdefault(e["id"], set()).add(key)
    return ids


def test_languages(analysed):
    records, _, _ = analysed
    assert {k: r["lang"] for k, r in records.items()} == {"000": "kk", "001": "kk", "002": "ar", "003": "fa", "004": "kk"}
    assert {r["script"] for r in records.values()} == {"Cyrl", "Arab"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_entity_found_everywhere_with_one_id(analysed, name):
    records, _, _ = analysed
    ids = _ids_with_surface(records, SURFACE[name])
    assert ids, f"{name} not found at all"
    # one id carries the name across the articles
    main_id = max(ids, key=lambda i: len(ids[i]))
    assert ids[main_id] >= EXPECTED[name] - {"x"}, f"{name}: {main_id} found only in {sorted(ids[main_id])}"
    present = {k for k, r in records.items() if any(e["id"] == main_id for e in r["entities"])}
    assert present == EXPECTED[name]


def test_mention_offsets_point_into_the_original(analysed, seeds_dir):
    records, _, _ = analysed
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8").lstrip("\ufeff")
        rec = records[path.name[:3]]
        title_line_end = raw.index(rec["title"]) + len(rec["title"])
        text = raw[raw.index("\n", title_line_end) + 1 :]
        for e in rec["entities"]:
            for m in e["mentions"]:
                src = rec["title"] if m["field"] == "title" else text
                assert src[m["start"]:m["end"]] == m["text"]


def test_events(analysed):
    records, _, _ = analysed
    assert records["002"]["event_id"] == records["003"]["event_id"]
    others = {k for k, r in records.items() if r["event_id"] == records["004"]["event_id"]}
    assert others == {"004"}
    # 001 (Tokayev on the attackers, January 2022) threads into the same story.
    assert records["001"]["story_id"] == records["002"]["story_id"]


def test_translated_statement_is_marked_with_evidence(analysed):
    import sqlite3

    _, db, _ = analysed
    rows = sqlite3.connect(db).execute("SELECT a, b, kind, evidence FROM relations").fetchall()
    pairs = {tuple(sorted((a.split("/")[-1][:3], b.split("/")[-1][:3]))): (kind, json.loads(ev)) for a, b, kind, ev in rows}
    kind, evidence = pairs[("002", "003")]
    assert kind in ("translation", "shared passage")
    assert evidence and all("↔" in line for line in evidence)


def test_dates(analysed):
    records, _, _ = analysed
    assert records["002"]["published"][:10] == "2022-01-06"
    assert "2024-01-01" in {d["value"] for d in records["000"]["dates"]}
    assert "2025-01-01" in {d["value"] for d in records["004"]["dates"]}
    assert not records["003"]["dates"], "Persian 'می' / 'دوشنبه' must not become dates"


def test_rerun_is_idempotent(analysed, seeds_dir):
    records, db, out = analysed
    import sqlite3

    before = sqlite3.connect(db).execute("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM articles").fetchone()
    out2 = out.with_name("again.jsonl")
    assert main(["analyze", str(seeds_dir), "--db", str(db), "--out", str(out2), "--quiet"]) == 0
    after = sqlite3.connect(db).execute("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM articles").fetchone()
    assert before == after == (5, after[1])
    again = {r["id"].split("/")[-1][:3]: r for r in map(json.loads, out2.read_text(encoding="utf-8").splitlines())}
    assert again == records


def test_arabic_seed_names_linked_and_no_word_taken_for_a_person(analysed):
    records, _, _ = analysed
    ents = records["002"]["entities"]

    def ids_of(form):
        return {e["id"] for e in ents for m in e["mentions"] if form in m["text"]}

    assert ids_of("بيلاروسيا") == {"country:BY"}  # "وبيلاروسيا": the conjunction comes off
    assert "country:RU" in ids_of("روسيا")
    assert {i for i in ids_of("باشينيان")} and all(i.startswith("per:Q") for i in ids_of("باشينيان"))
    assert ids_of("توقاييف") and ids_of("منظمة معاهدة الأمن الجماعي") == {"org:csto"}
    # A person found by one common word alone ("آمنة", safe) is a misreading:
    # every person of the article is named in full somewhere in it.
    for e in ents:
        if e["type"] == "PER":
            assert any(len(m["text"].split()) >= 2 for m in e["mentions"]), e
