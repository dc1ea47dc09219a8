"""Every input format, and bad input as normal input."""

import io
import json

from newsloom.ingest import SourceProblem, iter_articles


def _read(*paths, **kw):
    problems: list[SourceProblem] = []
    arts = list(iter_articles([str(p) for p in paths], problems, **kw))
    return arts, problems


def test_txt_title_and_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("\n\nЗаголовок\nПервая строка.\nВторая.", encoding="utf-8")
    (a,), problems = _read(p)
    assert (a.id, a.title, a.text) == ("a", "Заголовок", "Первая строка.\nВторая.")
    assert not problems


def test_photo_credit_above_headline_is_not_the_title(tmp_path):
    p = tmp_path / "b.txt"
    p.write_text("صورة أرشيفية\n\nرئيس يتعهد باتخاذ تدابير\nنص الخبر.", encoding="utf-8")
    (a,), _ = _read(p)
    assert a.title == "رئيس يتعهد باتخاذ تدابير"


def test_encodings(tmp_path):
    cases = {
        "ar.txt": ("عنوان الخبر\nقال الرئيس إن الحكومة ستعمل على حماية المواطنين في جميع أنحاء البلاد.", "cp1256"),
        # Windows-1256 has no Persian yeh/keheh: Persian text in it uses the Arabic letters.
        "fa.txt": ("عنوان خبر\nرئيس جمهور گفت كه دولت از شهروندان در سراسر كشور حمايت خواهد كرد و پژوهش.", "cp1256"),
        "ru.txt": ("Заголовок новости\nПрезидент заявил, что правительство защитит граждан по всей стране.", "cp1251"),
        "u16.txt": ("Тақырып\nПрезидент мәлімдеме жасады.", "utf-16"),
        "bom.txt": ("Title\nText with a byte order mark.", "utf-8-sig"),
    }
    for name, (text, codec) in cases.items():
        (tmp_path / name).write_bytes(text.encode(codec))
    arts, problems = _read(tmp_path)
    got = {a.id: a.title + "\n" + a.text for a in arts}
    for name, (text, _) in cases.items():
        assert got[name[:-4]] == text, name
    assert not problems


def test_bad_files_warn_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "truncated.txt").write_bytes("Заголовок\nТекст обрезан посреди буквы".encode()[:-1])
    (tmp_path / "huge.txt").write_bytes(b"Title\n" + b"x" * 5000)
    (tmp_path / "broken.html").write_text("<html><head><title>Broken page</title><body><p>Some text that is there<div><p>more", encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<rss><channel><item><title>x</ti", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Good title\nGood text.", encoding="utf-8")
    arts, problems = _read(tmp_path, max_bytes=4000)
    ids = {a.id for a in arts}
    assert {"good", "truncated", "broken"} <= ids
    bad = {p.path.rsplit("/", 1)[-1] for p in problems}
    assert {"empty.txt", "blank.txt", "binary.txt", "huge.txt"} <= bad
    assert all(len(p.message.splitlines()) == 1 for p in problems)


def test_jsonl_bad_line_in_the_middle(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"id": "x1", "text": "one", "lang": "en", "published": "2022-01-06"}) + "\n{not json\n"
        + json.dumps({"text": "three", "title": "T"}) + "\n" + json.dumps({"id": "x4"}) + "\n",
        encoding="utf-8",
    )
    arts, problems = _read(p)
    assert [a.id for a in arts] == ["x1", "feed-3"]
    assert arts[0].lang == "en" and arts[0].published == "2022-01-06"
    assert [p.message.split(":")[0] for p in problems] == ["line 2", "line 4"]


def test_json_list_and_html_and_feed(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"text": "a", "title": "A"}, {"text": "b", "title": "B"}]), encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Page title</title></head><body><article><h1>Page title</h1>"
        + "<p>" + "The body of the article says something substantial about the news. " * 5 + "</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "news.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
        "<item><title>First</title><link>http://example.org/1</link><description>&lt;p&gt;Body one&lt;/p&gt;</description>"
        "<pubDate>Thu, 06 Jan 2022 10:00:00 GMT</pubDate><guid>g1</guid></item></channel></rss>",
        encoding="utf-8",
    )
    arts, problems = _read(tmp_path)
    by_id = {a.id: a for a in arts}
    assert {"list-1", "list-2", "page", "g1"} <= set(by_id)
    assert "substantial" in by_id["page"].text
    assert by_id["g1"].published == "2022-01-06" and by_id["g1"].text.strip() == "Body one"
    assert not problems


def test_stdin_and_missing_path():
    problems: list = []
    stdin = io.StringIO(json.dumps({"id": "s1", "text": "hello"}) + "\n")
    arts = list(iter_articles(["-", "/no/such/path"], problems, stdin=stdin))
    assert [a.id for a in arts] == ["s1"]
    assert problems and problems[0].path == "/no/such/path"


def test_seed_files(seeds_dir):
    arts, problems = _read(seeds_dir)
    assert len(arts) == 5 and not problems
    assert all(a.title and a.text.strip() for a in arts)
