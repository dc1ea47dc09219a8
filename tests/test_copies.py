"""Wire copies: one agency text printed by several outlets is stored once per outlet, marked as a copy in one event."""

import json

from newsloom import copies
from newsloom.cli import main

# Constructed for these tests (not from any corpus).
WIRE = ("The central bank of Kazakhstan kept its base rate unchanged on Friday, citing slowing inflation and a stable tenge. "
        "Governor Timur Suleimenov told reporters in Almaty that the regulator would watch food prices closely over the coming months. "
        "Analysts polled before the decision had expected the rate to stay at the same level, although two of them forecast a cut. "
        "The next meeting of the monetary policy committee is scheduled for late spring, the bank said in a statement.")
OUTLETS = [
    {"id": "wire-a", "source": "agency.example", "published": "2024-03-01", "title": "Kazakh central bank holds rate", "text": WIRE},
    {"id": "wire-b", "source": "daily.example", "published": "2024-03-01", "title": "National Bank leaves base rate on hold",
     "text": "ALMATY (Agency) - " + WIRE + " Copyright Daily Example."},
    # Reprinted seven weeks later, far outside the event window: still the same news.
    {"id": "wire-c", "source": "weekly.example", "published": "2024-04-20", "title": "Rates: no change in Kazakhstan",
     "text": WIRE.replace("on Friday, ", "") + " Read more business news on our site."},
    # The same happening in another outlet's own words: in the event, not a copy.
    {"id": "own-d", "source": "paper.example", "published": "2024-03-01", "title": "Tenge steady after central bank decision",
     "text": "The tenge traded flat in Almaty on Friday after the central bank of Kazakhstan kept its base rate unchanged. Dealers said "
             "demand for dollars from importers was modest and that oil prices supported the currency. Governor Timur Suleimenov said "
             "inflation was slowing, and traders now expect a cut later in the year, according to a survey of banks in the city."},
]


def test_sketch_resemblance_tells_copies_from_rewrites():
    a = copies.sketch(WIRE)
    assert len(a) == copies.K
    assert copies.resemblance(a, copies.sketch("ALMATY - " + WIRE + " Copyright.")) > 0.8
    assert copies.resemblance(a, copies.sketch(OUTLETS[3]["text"])) < 0.1
    assert copies.sketch("Too short to be a wire story.") == []


def test_wire_copies_are_stored_per_outlet_and_marked_in_one_event(tmp_path, capsys):
    src = tmp_path / "outlets.jsonl"
    src.write_text("".join(json.dumps(a | {"lang": "en"}) + "\n" for a in OUTLETS), encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["analyze", str(src), "--db", db, "--quiet", "--no-embed"]) == 0
    capsys.readouterr()
    assert main(["show", "wire-a", "--db", db, "--json"]) == 0
    event_id = json.loads(capsys.readouterr().out)["event_id"]
    assert main(["show", event_id, "--db", db, "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)
    marks = {m["id"]: m["copy_of"] for m in ev["articles"]}
    assert marks == {"wire-a": None, "wire-b": "wire-a", "wire-c": "wire-a", "own-d": None}
    assert ev["copies"] == 2 and ev["article_count"] == 4
    # Four outlets, two independent tellings: the wire text and the rewrite.
    assert ev["independent_source_count"] == 2
    late = next(m for m in ev["articles"] if m["id"] == "wire-c")
    assert late["event_reasons"][0].startswith("copy of wire-a")
    # Analysed again (a restart), nothing changes and no copy is counted twice.
    assert main(["analyze", str(src), "--db", db, "--quiet", "--no-embed"]) == 0
    capsys.readouterr()
    assert main(["show", event_id, "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["copies"] == 2


def test_event_api_and_page_mark_the_copies(tmp_path):
    from fastapi.testclient import TestClient

    from newsloom.web.app import create_app

    src = tmp_path / "outlets.jsonl"
    src.write_text("".join(json.dumps(a | {"lang": "en"}) + "\n" for a in OUTLETS), encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["analyze", str(src), "--db", db, "--quiet", "--no-embed"]) == 0
    with TestClient(create_app(db)) as c:
        (ev,) = c.get("/api/v1/events").json()["events"]
        detail = c.get(f"/api/v1/events/{ev['id']}").json()
        assert {m["id"]: m["copy_of"] for m in detail["articles"]}["wire-c"] == "wire-a"
        html = c.get(f"/events/{ev['id']}").text
        assert html.count('class="flag copy"') == 2 and "2 of them copies" in html
