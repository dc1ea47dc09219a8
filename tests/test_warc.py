"""WARC and WET archives: HTML responses become articles with the record's URL and date; the rest is counted."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsloom.ingest import iter_articles
from newsloom.ingest.urls import canonical_url

from .test_fetch import ntrex, page

warcio = pytest.importorskip("warcio")


def write_warc(path: Path, docs: list[dict], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)

        def record(url, body, status="200 OK", ctype="text/html; charset=utf-8", rtype="response"):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, rtype, payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": "2018-09-30T12:00:00Z"})
            w.write_record(rec)

        w.write_record(w.create_warcinfo_record("x.warc", {"software": "test"}))
        for i, d in enumerate(docs):
            url = f"https://news.example/{i}?utm_source=x"
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            record(url, page(d).encode("utf-8"))
        # No date on the page: the capture date stands in.
        record("https://news.example/undated", b"<html><head><title>Council meets</title></head><body><article>"
               + b"<p>The council met and agreed on a new budget for schools and roads.</p>" * 5
               + b"</article></body></html>")
        record("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png")
        record("https://news.example/gone", b"<html>gone</html>", status="404 Not Found")
        record("https://news.example/moved", b"", status="301 Moved Permanently")


@pytest.mark.parametrize("gz", [False, True])
def test_warc_responses_become_articles(tmp_path, gz):
    docs = ntrex(3, "kaz")
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, docs, gz)
    problems: list = []
    articles = list(iter_articles([str(tmp_path)], problems))
    assert [a.id for a in articles] == [canonical_url(f"https://news.example/{i}") for i in range(3)] + [
        "https://news.example/undated"]
    assert articles[0].title == docs[0]["title"]
    assert docs[2]["text"].split("\n")[0][:30] in articles[2].text
    assert all(a.published == "2018-09-30" for a in articles[:3])
    assert articles[3].published == "2018-09-30" and articles[3].meta["warc_date"].startswith("2018-09-30")
    # 3 article responses kept; the image and the two non-200 responses counted, not errors.
    assert [p.kept for p in problems] == [True], problems
    assert "3 records skipped" in problems[0].message


def test_wet_conversion_records(tmp_path):
    from warcio.warcwriter import WARCWriter

    docs = ntrex(2, "arb")
    path = tmp_path / "crawl.warc.wet.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, d in enumerate(docs):
            body = (d["title"] + "\n" + d["text"]).encode("utf-8")
            w.write_record(w.create_warc_record(f"https://ar.example/{i}", "conversion", payload=io.BytesIO(body),
                                                warc_headers_dict={"WARC-Date": "2018-10-01T00:00:00Z",
                                                                   "Content-Type": "text/plain"}))
    problems: list = []
    articles = list(iter_articles([str(path)], problems))
    assert problems == []
    assert [a.title for a in articles] == [d["title"] for d in docs]
    assert articles[1].published == "2018-10-01"


def test_damaged_archive_keeps_what_was_read(tmp_path):
    docs = ntrex(2, "rus")
    path = tmp_path / "cut.warc.gz"
    write_warc(path, docs, True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3] + b"garbage")
    problems: list = []
    articles = list(iter_articles([str(path)], problems))
    assert len(articles) >= 1
    assert all("\n" not in p.message for p in problems)


def test_a_record_whose_body_will_not_unpack_is_skipped_not_the_archive(tmp_path):
    # found by benchmarks/fuzz_readers.py: one bad gzip body ended the whole archive as "damaged"
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    docs = ntrex(2, "kaz")
    path = tmp_path / "mixed.warc"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=False)
        import gzip

        for i, (body, enc) in enumerate([(b"\x1f\x8b\x08\x00not gzip at all", "gzip"), (page(docs[1]).encode("utf-8"), None),
                                         (gzip.compress(page(docs[0]).encode("utf-8")), "gzip")]):
            headers = [("Content-Type", "text/html; charset=utf-8")] + ([("Content-Encoding", enc)] if enc else [])
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://news.example/{i}", "response", payload=io.BytesIO(body), http_headers=http))
    problems: list = []
    articles = list(iter_articles([str(path)], problems))
    assert [a.id for a in articles] == ["https://news.example/1", "https://news.example/2"]
    assert articles[1].title == docs[0]["title"]
    assert [p.kept for p in problems] == [True] and "undecodable body" in problems[0].message
