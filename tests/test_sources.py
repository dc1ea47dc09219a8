"""Every input format, and bad input as normal input."""

import io
import json

import pytest

from newsloom.ingest import SourceProblem, iter_articles


def _read(*paths, **kw):
    problems: list[SourceProblem] = []
    arts = list(iter_articles([str(p) for p in paths], problems, **kw))
    return arts, problems


def test_txt_title_and_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("\n\nЗаголовок\nПервая строка.\nВторая.", encoding="utf-8")
    (a,), problems = _read(p)
    assert (a.id, a.title, a.text) == (f"{tmp_path.name}/a", "Заголовок", "Первая строка.\nВторая.")
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
    got = {a.id.removeprefix(tmp_path.name + "/"): a.title + "\n" + a.text for a in arts}
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
    ids = {a.id.split("/", 1)[1] for a in arts}
    assert {"good", "truncated", "broken.html"} <= ids
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
    assert [a.id for a in arts] == ["x1", f"{tmp_path.name}/feed#3"]
    assert arts[1].origin == f"{p}:3"
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
    by_id = {a.id.removeprefix(tmp_path.name + "/"): a for a in arts}
    assert {"list#1", "list#2", "page", "g1"} <= set(by_id)
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


# -- encodings ------------------------------------------------------------------

NTREX = "../shared/corpora/ntrex/ntrex_docs.jsonl"


def _ntrex(langs, per_lang):
    import itertools
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / NTREX
    if not path.exists():
        pytest.skip("../shared/corpora/ntrex is not present")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for lang in langs:
        yield from itertools.islice((d for d in docs if d["lang"] == lang), per_lang)


def test_legacy_encodings_on_ntrex_articles():
    from newsloom.ingest.decode import LEGACY_CODECS, decode

    exact = total = 0
    misread = []
    for d in _ntrex(("kaz", "rus", "ukr", "arb", "tur"), 12):
        text = d["title"] + "\n" + d["text"]
        for codec in LEGACY_CODECS:
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            got = decode(data)
            total += 1
            if got.text == text:
                exact += 1
            else:
                misread.append((d["lang"], codec, got.encoding))
                assert got.warning, (d["lang"], codec, got.encoding)  # never silently wrong
    assert total >= 100 and exact / total >= 0.99, misread


def test_declared_charset_and_wide_unicode(tmp_path):
    body = "<p>" + "Правительство заявило, что «реформа» будет продолжена в следующем году. " * 3 + "</p>"
    html = f'<html><head><meta charset="windows-1251"><title>Новости дня</title></head><body><article>{body}</article></body></html>'
    (tmp_path / "page.html").write_bytes(html.encode("cp1251"))
    text = "Тақырып\nҚазақстан президенті мәлімдеме жасады, «жаңа» заң қабылданды."
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(text.encode("utf-16-be"))
    (tmp_path / "u32.txt").write_bytes(text.encode("utf-32-le"))
    arts, problems = _read(tmp_path)
    by_id = {a.id.removeprefix(tmp_path.name + "/"): a for a in arts}
    assert "реформа" in by_id["page"].text and by_id["page"].meta["encoding"] == "cp1251"
    for name in ("le", "be", "u32"):
        assert by_id[name].title + "\n" + by_id[name].text == text, name
    assert not problems


def test_a_wrong_declaration_is_overruled_with_a_warning():
    from newsloom.ingest.decode import decode

    text = "<html><head><meta charset=koi8-r></head><body>Правительство заявило, что реформа будет продолжена.</body></html>"
    got = decode(text.encode("cp1251"))
    assert got.text == text and got.encoding == "cp1251" and "koi8-r" in got.warning


def test_a_charset_label_with_a_nul_is_no_charset():
    # found by benchmarks/fuzz_readers.py (a WARC record's HTTP header): codecs.lookup raised ValueError
    from newsloom.ingest.decode import decode

    assert decode("Правительство заявило.".encode("utf-8"), declared="utf\x008").text == "Правительство заявило."


def test_an_uncertain_guess_is_stored_with_a_warning(tmp_path):
    # Three letters are no evidence: any Cyrillic codec reads them as some word.
    (tmp_path / "short.txt").write_bytes("Да\nне".encode("cp1251"))
    arts, problems = _read(tmp_path)
    assert len(arts) == 1
    if problems:
        assert problems[0].kept and "read as" in problems[0].message


def test_binary_is_refused():
    import pytest

    from newsloom.ingest import BadInput, decode

    with pytest.raises(BadInput):
        decode(bytes(range(256)) * 10)


# -- identity -------------------------------------------------------------------


def test_ids_are_unique_and_stable(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(f"<html><title>{folder}</title><body><p>Text of {folder}.</p></body></html>", encoding="utf-8")
        (tmp_path / folder / "feed.jsonl").write_text(json.dumps({"title": folder, "text": "x"}) + "\n", encoding="utf-8")
    (tmp_path / "note.txt").write_text("One\ntext", encoding="utf-8")
    (tmp_path / "note.html").write_text("<html><title>Two</title><body><p>other text</p></body></html>", encoding="utf-8")
    (tmp_path / "u.jsonl").write_text(json.dumps({"url": "http://example.org/x", "text": "y"}) + "\n", encoding="utf-8")
    arts, _ = _read(tmp_path)
    ids = [a.id.removeprefix(tmp_path.name + "/") for a in arts]
    assert len(ids) == len(set(ids)) == 7
    assert {"a/index", "b/index", "a/feed#1", "b/feed#1", "note.txt", "note.html", "http://example.org/x"} <= set(ids)
    assert [a.id for a in arts] == [a.id for a in _read(tmp_path)[0]]
    # two folders given: their names keep the ids apart, in one run or in two
    together = [a.id for a in _read(tmp_path / "a", tmp_path / "b")[0]]
    apart = [a.id for a in _read(tmp_path / "a")[0]] + [a.id for a in _read(tmp_path / "b")[0]]
    assert together == apart and len(set(together)) == 4 and "a/index" in together and "b/feed#1" in together
    # a file given on its own is named as when its folder is given
    (a,), _ = _read(tmp_path / "a" / "index.html")
    assert a.id == "a/index" and a.origin.endswith("index.html")
    (a,), _ = _read(tmp_path / "a" / "." / ".." / "b" / "index.html")
    assert a.id == "b/index"


def test_stdin_batches_do_not_replace_each_other():
    def batch(*texts):
        lines = "".join(json.dumps({"title": t, "text": t + " body"}) + "\n" for t in texts)
        return [a.id for a in iter_articles(["-"], [], stdin=io.BytesIO(lines.encode()))]

    first, second = batch("one", "two"), batch("three")
    assert len(set(first + second)) == 3
    assert batch("two", "one") == first[::-1]  # an article keeps its id whatever the batch


# -- size -----------------------------------------------------------------------


def test_large_inputs_are_cut_or_split(tmp_path):
    (tmp_path / "big.txt").write_text("Title\n" + "word " * 3000, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "big", "text": "w " * 3000}) + "\n" + json.dumps({"id": "small", "text": "ok"}) + "\n", encoding="utf-8")
    (tmp_path / "array.json").write_text(json.dumps([{"id": f"r{i}", "text": "t " * 200} for i in range(40)]), encoding="utf-8")
    arts, problems = _read(tmp_path, max_bytes=2000)
    by_id = {a.id.removeprefix(tmp_path.name + "/"): a for a in arts}
    assert len(by_id["big"].text.encode()) <= 2000 and by_id["big"].text.endswith("word")
    assert "small" in by_id and "big" not in {a.id for a in arts if a.origin.startswith(str(tmp_path / "lines"))}
    assert [f"r{i}" for i in range(40)] == [a.id for a in arts if a.id.startswith("r")]
    messages = {p.path.rsplit("/", 1)[-1]: p for p in problems}
    assert messages["big.txt"].kept and "too large" in messages["big.txt"].message
    assert not messages["lines.jsonl"].kept and messages["lines.jsonl"].message.startswith("line 1:")
    assert "array.json" not in messages
