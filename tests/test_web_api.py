"""The JSON API as a client sees it, on a store analysed from the seeds plus one hostile article."""

import csv
import io
import json

import pytest

from newsloom.cli import main

HOSTILE_TITLE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


def build_store(seeds_dir, tmp):
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "id": "hostile-1", "title": HOSTILE_TITLE, "lang": "en", "published": "2022-01-07",
        "url": "javascript:document.title='pwned'", "source": "<b>evil</b>",
        "text": "Kazakhstan <iframe src=javascript:alert(1)></iframe> and the CSTO met on 7 January 2022. <style>*{display:none}</style>",
    }) + "\n", encoding="utf-8")
    db = tmp / "web.db"
    assert main(["analyze", str(seeds_dir), str(hostile), "--db", str(db), "--quiet", "--no-embed"]) == 0
    return db


@pytest.fixture(scope="module")
def web_db(seeds_dir, tmp_path_factory):
    return build_store(seeds_dir, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(web_db):
    from fastapi.testclient import TestClient

    from newsloom.web.app import create_app

    with TestClient(create_app(str(web_db))) as c:
        yield c


def kazakh_ids(client):
    return {a["id"] for a in client.get("/api/v1/search", params={"lang": "kk", "size": 100}).json()["articles"]}


def test_status_counts(client):
    s = client.get("/api/v1/status").json()
    assert s["articles"] == 6
    assert s["events"] >= 1 and s["stories"] >= 1 and s["entities"] > 5
    assert s["last_update"]


@pytest.mark.parametrize("q", ["Tokayev", "Тоқаев", "Токаев", "توقاييف", "تاکایف"])
def test_one_person_in_every_script(client, q):
    res = client.get("/api/v1/search", params={"q": q}).json()
    assert res["query"] == q
    assert [e["id"] for e in res["entities"]][:1] == ["per:qasym-zhomart-toqaev"]
    langs = {a["lang"] for a in res["articles"]}
    assert {"kk", "ar", "fa"} <= langs
    assert set(res["articles"][0]) >= {"id", "title", "lang", "published", "source", "event_id", "story_id", "score", "snippet"}


def test_acronyms_find_the_same_articles(client):
    results = [client.get("/api/v1/search", params={"q": q, "size": 100}).json() for q in ("ОДКБ", "CSTO", "ҰҚШҰ")]
    found = [{a["id"] for a in res["articles"]} for res in results]
    assert found[0] == found[1] == found[2]
    assert len(found[0]) >= 5
    # An acronym names its organisation, not every body whose name has it as a word
    # ("CSTO Collective Security Council" is an organ of the CSTO).
    assert all([e["id"] for e in res["entities"]] == ["org:csto"] for res in results)


def test_words_inflected_and_in_arabic_script(client):
    # A Kazakh word in an inflected form finds the articles that use other forms of it.
    assert client.get("/api/v1/search", params={"q": "Қазақстанның"}).json()["total"] >= 3
    res = client.get("/api/v1/search", params={"q": "الإرهابيين"}).json()
    assert "ar" in {a["lang"] for a in res["articles"]}


def test_filters_combine(client):
    everything = client.get("/api/v1/search", params={"q": "CSTO", "size": 100}).json()
    kk = client.get("/api/v1/search", params={"q": "CSTO", "lang": "kk", "size": 100}).json()
    assert 0 < kk["total"] < everything["total"]
    assert {a["lang"] for a in kk["articles"]} == {"kk"}
    dated = client.get("/api/v1/search", params={"q": "CSTO", "from": "2022-01-06", "to": "2022-01-06"}).json()
    assert dated["total"] >= 1 and all(a["published"].startswith("2022-01-06") for a in dated["articles"])
    both = client.get("/api/v1/search", params={"entity": "per:qasym-zhomart-toqaev", "lang": "fa"}).json()
    assert both["total"] >= 1 and {a["lang"] for a in both["articles"]} == {"fa"}
    page2 = client.get("/api/v1/search", params={"q": "CSTO", "size": 2, "page": 2}).json()
    assert len(page2["articles"]) == 2 and page2["articles"][0]["id"] == everything["articles"][2]["id"]


@pytest.mark.parametrize("params", [{"q": "Kazakhstan"}, {"q": "Тоқаев"}, {"q": "CSTO", "lang": "kk"}, {"lang": "fa"}])
def test_counts_agree_with_the_mentions(client, web_db, params):
    """The entities' article counts and the entity facet, read from the index, are what the mentions say."""
    import sqlite3

    res = client.get("/api/v1/search", params={**params, "size": 100, "facets": "true"}).json()
    assert res["total"] <= 100  # every hit is on the page, so the facet counts all of them
    raw = sqlite3.connect(web_db)
    per_entity = lambda ids: dict(raw.execute(  # noqa: E731
        f"SELECT entity_id, COUNT(DISTINCT article_id) FROM mentions WHERE article_id IN ({','.join('?' * len(ids))}) "
        "AND entity_id IS NOT NULL GROUP BY entity_id", ids).fetchall())
    in_hits = per_entity([a["id"] for a in res["articles"]])
    assert res["facets"]["entities"]
    assert {e["id"]: e["articles"] for e in res["facets"]["entities"]} == {e["id"]: in_hits[e["id"]] for e in res["facets"]["entities"]}
    assert min(e["articles"] for e in res["facets"]["entities"]) >= sorted(in_hits.values())[-len(res["facets"]["entities"])]
    for e in res["entities"]:
        assert e["articles"] == raw.execute("SELECT COUNT(DISTINCT article_id) FROM mentions WHERE entity_id=?", (e["id"],)).fetchone()[0]
    raw.close()


def test_nothing_found_is_empty_not_an_error(client):
    res = client.get("/api/v1/search", params={"q": "zzqqxx"}).json()
    assert res["total"] == 0 and res["articles"] == [] and res["entities"] == []


@pytest.mark.parametrize("params", [{"size": 0}, {"size": 10_000}, {"page": 0}, {"page": "x"}, {"from": "yesterday"},
                                    {"to": "2022-02-30"}, {"q": "x" * 600}])
def test_bad_parameters_get_a_clear_4xx(client, params):
    r = client.get("/api/v1/search", params=params)
    assert 400 <= r.status_code < 500
    assert r.json()["error"]


@pytest.mark.parametrize("q", ['"', "AND OR NOT", "*", "NEAR(", "title:x", "') OR 1=1 --", "\x00"])
def test_search_syntax_is_only_text(client, q):
    assert client.get("/api/v1/search", params={"q": q}).status_code == 200


def test_article_record(client):
    aid = sorted(kazakh_ids(client))[0]
    art = client.get(f"/api/v1/articles/{aid}").json()
    assert art["id"] == aid and art["lang"] == "kk" and art["clean_text"]
    assert art["entities"] and "relations" in art
    assert "/" in aid and client.get(f"/articles/{aid}").status_code == 200  # ids named after folders hold a slash
    assert client.get("/api/v1/articles/no-such-article").status_code == 404


def test_events_list_and_detail(client):
    by_size = client.get("/api/v1/events", params={"sort": "size"}).json()["events"]
    assert by_size and [len(e["articles"]) for e in by_size] == sorted((len(e["articles"]) for e in by_size), reverse=True)
    ev = client.get(f"/api/v1/events/{by_size[0]['id']}").json()
    assert ev["article_count"] == len(ev["articles"]) >= 2
    assert 1 <= ev["independent_source_count"] <= ev["article_count"]
    assert set(ev["by_language"]) == set(ev["languages"]) == set(ev["titles"])
    assert "translations" in ev and ev["entities"]
    kk = client.get("/api/v1/events", params={"lang": "kk"}).json()["events"]
    assert kk and all("kk" in e["languages"] for e in kk)
    assert client.get("/api/v1/events", params={"sort": "colour"}).status_code == 400


def test_story_timeline(client):
    ev = client.get("/api/v1/events").json()["events"][0]
    st = client.get(f"/api/v1/stories/{ev['story_id']}").json()
    assert st["kind"] == "story" and ev["id"] in [e["event_id"] for e in st["timeline"]]
    assert client.get(f"/api/v1/stories/{ev['id']}").status_code == 404


def test_entities(client):
    ents = client.get("/api/v1/entities", params={"prefix": "Тоқ"}).json()["entities"]
    assert [e["id"] for e in ents] == ["per:qasym-zhomart-toqaev"]
    every = client.get("/api/v1/entities", params={"limit": 500}).json()["entities"]
    assert every and all(e["articles"] > 0 for e in every)
    assert all(e["type"] == "ORG" for e in client.get("/api/v1/entities", params={"type": "ORG"}).json()["entities"])
    ent = client.get("/api/v1/entities/per:qasym-zhomart-toqaev").json()
    assert {"Cyrl", "Arab"} <= set(ent["names_by_script"])
    assert ent["articles"] and ent["seen_with"] and ent["events"]
    assert client.get("/api/v1/entities/per:nobody").status_code == 404


def test_export(client):
    lines = client.get("/api/v1/export", params={"q": "CSTO", "format": "jsonl"}).text.splitlines()
    total = client.get("/api/v1/search", params={"q": "CSTO"}).json()["total"]
    assert len(lines) == total and json.loads(lines[0])["id"]
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export", params={"q": "CSTO", "format": "csv"}).text)))
    assert len(rows) == total and rows[0]["title"]
    assert client.get("/api/v1/export", params={"format": "xml"}).status_code == 400


def test_openapi_and_headers(client):
    r = client.get("/openapi.json")
    assert "/api/v1/search" in r.json()["paths"]
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp


def test_hostile_article_is_text_everywhere(client):
    assert client.get("/api/v1/articles/hostile-1").json()["title"] == HOSTILE_TITLE
    for url in ("/articles/hostile-1", "/search?q=Kazakhstan", "/entities/country:KZ"):
        html = client.get(url).text
        assert "<script>document" not in html and "<img src=x" not in html and "<iframe" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in client.get("/articles/hostile-1").text


def test_pages_answer_and_bad_ids_are_404(client):
    for url in ("/", "/search?q=CSTO", "/events/ev-00001", "/entities/org:csto", "/articles/hostile-1"):
        assert client.get(url).status_code == 200, url
    for url in ("/events/nope", "/stories/nope", "/entities/nope", "/articles/nope", "/nowhere"):
        r = client.get(url)
        assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert client.get("/search", params={"page": "-1"}).status_code == 400


def test_index_follows_the_store(seeds_dir, tmp_path):
    """analyze keeps the index up to date as it stores; a store written without one (older code) is indexed on open."""
    from fastapi.testclient import TestClient

    from newsloom import queries
    from newsloom.web.app import create_app

    db = build_store(seeds_dir, tmp_path)
    with TestClient(create_app(str(db))) as c:
        assert c.get("/api/v1/search", params={"q": "Tokayev"}).json()["total"] >= 5
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps({"id": "late-1", "title": "Zyxwvut summit", "text": "The Zyxwvut summit opened.", "lang": "en"}) + "\n")
    assert main(["analyze", str(extra), "--db", str(db), "--quiet", "--no-embed"]) == 0
    ro = queries.connect_readonly(db)
    # Found without a refresh: analyze indexed it in the transaction that stored it, names included.
    assert [a["id"] for a in queries.search(ro, "Zyxwvut")["articles"]] == ["late-1"]
    assert queries.prepare_index(db) == 0
    # A store whose index was dropped (as older code wrote it) is caught up by a refresh, and only once.
    import sqlite3

    w = sqlite3.connect(db)
    w.execute("DELETE FROM search_docs")
    w.execute("DELETE FROM search_fts")
    w.commit()
    assert queries.search(ro, "Zyxwvut")["total"] == 0
    assert queries.prepare_index(db) == 7
    assert queries.prepare_index(db) == 0
    # An article rewritten by another tool: only the rows newer than the index are looked at again.
    w.execute("UPDATE articles SET clean_title = 'Qwertzu', updated_at = '9999-01-01' WHERE id = 'late-1'")
    w.commit()
    w.close()
    assert queries.prepare_index(db) == 1
    assert [a["id"] for a in queries.search(ro, "Qwertzu")["articles"]] == ["late-1"]
    assert queries.search(ro, "Tokayev")["total"] >= 5
    ro.close()


def test_show_json_unknown_id_is_a_json_error(seeds_dir, tmp_path, capsys):
    db = build_store(seeds_dir, tmp_path)
    capsys.readouterr()
    assert main(["show", "nope", "--db", str(db), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]
    assert main(["show", "nope", "--db", str(db)]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "nope" in out.err
    assert main(["show", "hostile-1", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "hostile-1"
    assert main(["entities", "--db", str(db), "--json", "--limit", "500"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["articles"] > 0 for r in rows)


def test_serve_without_a_store_says_so(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no database" in capsys.readouterr().err


def test_search_ranks_and_pages_a_frequent_word(tmp_path, monkeypatch):
    """Past BM25_HITS a word is scored by its title matches, the rest newest first; pages and filters stay consistent."""
    from newsloom import queries

    arts = [{"id": f"w{i}", "lang": "en" if i % 2 else "tr", "published": f"2023-03-{10 + i:02d}",
             "title": "Harbour report" if i else "Quorum reached at the harbour",
             "text": f"The council met on day {i} and the quorum was counted twice."} for i in range(6)]
    src = tmp_path / "w.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    db = tmp_path / "w.db"
    assert main(["analyze", str(src), "--db", str(db), "--quiet", "--no-embed"]) == 0
    ro = queries.connect_readonly(db)
    full = [a["id"] for a in queries.search(ro, "quorum", size=10)["articles"]]
    monkeypatch.setattr(queries, "BM25_HITS", 2)
    res = queries.search(ro, "quorum", size=10, facets=True)
    ids = [a["id"] for a in res["articles"]]
    assert res["total"] == 6 and sorted(ids) == sorted(full)
    # The one title match first, then the body matches newest first.
    assert ids == ["w0", "w5", "w4", "w3", "w2", "w1"]
    assert [a["id"] for p in (1, 2, 3) for a in queries.search(ro, "quorum", size=2, page=p)["articles"]] == ids
    assert res["facets"]["languages"] == {"en": 3, "tr": 3}
    en = queries.search(ro, "quorum", lang="en", date_to="2023-03-13", size=10)
    assert [a["id"] for a in en["articles"]] == ["w3", "w1"] and en["total"] == 2
    ro.close()


def test_event_api_and_page_show_conflicting_figures(tmp_path):
    from fastapi.testclient import TestClient

    from newsloom.web.app import create_app

    from .test_figures import build_figure_store

    db = build_figure_store(tmp_path)
    with TestClient(create_app(db)) as c:
        (ev,) = c.get("/api/v1/events").json()["events"]
        detail = c.get(f"/api/v1/events/{ev['id']}").json()
        dead = next(f for f in detail["figures"] if f["concept"] == "dead")
        assert dead["conflict"] and [v["value"] for v in dead["values"]] == [164, 225]
        html = c.get(f"/events/{ev['id']}").text
        assert "conflicting" in html and "۱۶۴" in html and "225" in html


def test_chart_bins_long_spans_and_keeps_counts():
    """Past MAX_BARS days the chart draws weeks, then months; every article is still in some bar."""
    from datetime import date, timedelta

    from newsloom import queries

    def per_day(n_days, step):
        return {"days": [{"day": (date(2024, 1, 3) + timedelta(days=i)).isoformat(), "languages": {"en": 1, "ru": i % 2}}
                         for i in range(0, n_days, step)], "undated": 4}

    for n_days, step, unit in ((30, 1, "day"), (400, 3, "week"), (2000, 9, "month")):
        src = per_day(n_days, step)
        c = queries.bar_chart(src)
        assert c["unit"] == unit and c["undated"] == 4
        assert sum(b["n"] for b in c["bars"]) == sum(sum(d["languages"].values()) for d in src["days"])
        assert len({b["x"] for b in c["bars"]}) <= queries.MAX_BARS
        assert all(30 <= b["x"] and b["x"] + b["w"] <= c["width"] for b in c["bars"])
    # One day alone is one bar, not the whole width.
    one = queries.bar_chart({"days": [{"day": "2024-05-01", "languages": {"fa": 3}}]})
    assert len(one["bars"]) == 1 and one["bars"][0]["w"] <= queries.MAX_BAR_WIDTH


def test_entity_events_have_titles(client):
    ent = client.get("/api/v1/entities/per:qasym-zhomart-toqaev").json()
    assert ent["events"] and all(e["title"] for e in ent["events"])
    titles = {a["title"] for a in ent["articles"]}
    assert all(e["title"] in titles for e in ent["events"])


def test_kept_connections_survive_errors_and_see_new_rows(web_db, tmp_path):
    """A connection comes back to the pool after a 404 or a 400, and a kept one sees what is committed after."""
    import shutil
    import sqlite3

    from newsloom import queries
    from newsloom.web.app import Connections

    db = tmp_path / "copy.db"
    shutil.copy(web_db, db)
    pool = Connections(str(db), keep=1)
    for bad in (lambda c: queries.article_detail(c, "nope"), lambda c: queries.search(c, "x", size=0)):
        with pytest.raises((queries.NotFound, queries.QueryError)):
            with pool.use() as c:
                bad(c)
        assert pool.idle == [c]
    with pool.use() as c:
        before = queries.status(c)["articles"]
    w = sqlite3.connect(db)
    w.execute("INSERT INTO articles (id, title, text, record, content_hash, added_at, updated_at) "
              "VALUES ('late', 't', 'x', '{}', 'h', '2030-01-01', '2030-01-01')")
    w.commit()
    w.close()
    with pool.use() as again:
        assert again is c and queries.status(again)["articles"] == before + 1
