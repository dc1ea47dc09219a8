"""Fetching pages, feeds and sitemaps from a local server, and the guard against private addresses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsloom.ingest.fetch import Fetcher, FetchError, Refused
from newsloom.ingest.files import SourceProblem
from newsloom.ingest.urls import canonical_url, read_url

from .conftest import CORPORA
from .httpserver import Site

NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"


def ntrex(n: int, lang: str = "rus") -> list[dict]:
    if not NTREX.exists():
        pytest.skip("../shared/corpora/ntrex is not present")
    out = []
    with open(NTREX, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["lang"] == lang:
                out.append(d)
                if len(out) == n:
                    break
    return out


def page(doc: dict, canonical: str | None = None) -> str:
    paras = "".join(f"<p>{p}</p>" for p in doc["text"].split("\n") if p.strip())
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{doc['title']}</title>{link}"
            f"<meta property='article:published_time' content='2018-09-30'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{doc['title']}</h1>{paras}</article>"
            f"<footer>© Example</footer></body></html>")


def local() -> Fetcher:
    return Fetcher(allow=("127.0.0.1/32",), delay=0.0, timeout=2.0)


@pytest.mark.parametrize("url, kind", [
    ("http://127.0.0.1/", "loopback"), ("http://localhost/", "loopback"), ("http://127.1.2.3:8080/x", "loopback"),
    ("http://10.0.0.1/", "private"), ("http://172.16.5.4/", "private"), ("http://192.168.1.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"), ("http://[::1]/", "loopback"),
    ("http://[fc00::1]/", "private"), ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://0.0.0.0/", "reserved"),
])
def test_guard_refuses_private_targets_before_connecting(url, kind):
    with pytest.raises(Refused, match=kind):
        Fetcher(delay=0).get(url)


def test_only_http_schemes():
    with pytest.raises(Refused, match="only http"):
        Fetcher(delay=0).get("file:///etc/passwd")


def test_page_feed_sitemap_and_canonical_ids():
    docs = ntrex(3)
    with Site() as site:
        for i, d in enumerate(docs):
            site.add(f"/news/{i}", page(d, canonical=site.url(f"/news/{i}")))
        items = "".join(f"<item><title>{d['title']}</title><link>{site.url(f'/news/{i}')}?utm_source=rss</link>"
                        f"<pubDate>Sun, 30 Sep 2018 10:00:00 GMT</pubDate></item>" for i, d in enumerate(docs))
        site.add("/feed", f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{items}"
                          f"</channel></rss>", ctype="application/rss+xml")
        urls = "".join(f"<url><loc>{site.url(f'/news/{i}')}</loc></url>" for i in range(len(docs)))
        site.add("/sitemap.xml", f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/"
                                 f"sitemap/0.9'>{urls}</urlset>", ctype="application/xml")
        problems: list = []
        fetcher = local()
        one = list(read_url(site.url("/news/0?utm_campaign=x&fbclid=abc"), fetcher, problems))
        fed = list(read_url(site.url("/feed"), fetcher, problems))
        mapped = list(read_url(site.url("/sitemap.xml"), fetcher, problems))
    assert problems == []
    assert len(one) == 1 and len(fed) == 3 and len(mapped) == 3
    # One article, one id, however it was reached.
    assert one[0].id == fed[0].id == mapped[0].id == canonical_url(site.url("/news/0"))
    assert fed[0].meta.get("feed") == "Wire"
    assert fed[1].title == docs[1]["title"]
    assert docs[1]["text"].split("\n")[0][:40] in fed[1].text
    assert fed[0].published.startswith("2018-09")


def test_redirect_to_a_private_address_is_refused_and_named():
    with Site() as site:
        site.add("/go", b"", status=302, headers={"Location": "http://10.20.30.40/internal"})
        with pytest.raises(Refused, match=r"10\.20\.30\.40.*private"):
            local().get(site.url("/go"))


def test_redirects_followed_and_limited():
    with Site() as site:
        site.add("/a", b"", status=301, headers={"Location": "/b"})
        site.add("/b", b"<html><body><p>here</p></body></html>")
        for i in range(8):
            site.add(f"/loop{i}", b"", status=302, headers={"Location": f"/loop{i + 1}"})
        r = local().get(site.url("/a"))
        assert r.status == 200 and r.final_url.endswith("/b") and r.url.endswith("/a")
        with pytest.raises(FetchError, match="redirects"):
            local().get(site.url("/loop0"))


def test_size_cap_timeout_and_robots():
    with Site() as site:
        site.add("/huge", b"x" * 300_000)
        site.add("/slow", b"<html></html>", delay=3.0)
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", ctype="text/plain")
        site.add("/private/page", b"<html><body>secret</body></html>")
        f = Fetcher(allow=("127.0.0.1/32",), delay=0.0, timeout=0.5, max_bytes=100_000)
        with pytest.raises(FetchError, match="limit"):
            f.get(site.url("/huge"))
        with pytest.raises(FetchError, match="(?i)timed? ?out"):
            f.get(site.url("/slow"))
        with pytest.raises(Refused, match="robots"):
            f.get(site.url("/private/page"))


def test_broken_feed_and_sitemap_are_one_line_problems():
    with Site() as site:
        site.add("/feed", b"<rss><channel><item><title>x</tit", ctype="application/rss+xml")
        site.add("/sm", b"<urlset><url><loc>", ctype="application/xml")
        site.add("/img", b"\x89PNG\r\n", ctype="image/png")
        problems: list[SourceProblem] = []
        for path in ("/feed", "/sm", "/img", "/missing"):
            assert list(read_url(site.url(path), local(), problems)) == []
    assert len(problems) == 4
    assert all("\n" not in p.message for p in problems)
    assert "HTTP 404" in problems[-1].message


def test_cli_refuses_loopback_by_default():
    p = subprocess.run([sys.executable, "-m", "newsloom.cli", "annotate", "http://127.0.0.1:9/feed", "--out", "-",
                        "-q"], capture_output=True, text=True, timeout=60)
    assert p.returncode != 0
    lines = [line for line in p.stderr.splitlines() if line.strip()]
    assert any("loopback" in line and "127.0.0.1" in line for line in lines), p.stderr
    assert "Traceback" not in p.stderr


def test_urls_no_server_could_answer_stay_ids_and_sitemap_loops_end():
    # found by benchmarks/fuzz_readers.py: urlsplit raised on these and took the run down
    for bad in ("http://a:99999/x", "http://a:port/", "http://[::1/x"):
        assert canonical_url(bad) == bad
    with Site() as site:
        # an index that lists itself and a chain of indexes deeper than any real site
        site.add("/sitemap.xml", f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                                 f"<sitemap><loc>{site.url('/sitemap.xml')}</loc></sitemap>"
                                 f"<sitemap><loc>{site.url('/s1.xml')}</loc></sitemap></sitemapindex>", ctype="application/xml")
        for i in range(1, 8):
            site.add(f"/s{i}.xml", f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                                   f"<sitemap><loc>{site.url(f'/s{i + 1}.xml')}</loc></sitemap></sitemapindex>", ctype="application/xml")
        problems: list = []
        fetcher = local()
        assert list(read_url(site.url("/sitemap.xml"), fetcher, problems)) == []
        asked = [p for p in site.hits if p.endswith(".xml")]
    assert any("deeper than" in p.message for p in problems)
    assert asked.count("/sitemap.xml") == 1 and "/s5.xml" not in asked


def test_a_sitemap_whose_namespace_holds_a_brace_still_reads():
    # Fuzzing found it: a namespace "...0}G.9" makes the tag "{...0}G.9}url",
    # which matches "{*}url" but is no name lxml's QName accepts.
    from newsloom.ingest.fetch import Response
    from newsloom.ingest.urls import sitemap_links

    body = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0}G\xc3\xa9.9">' \
           b'<url><loc>http://example.org/b</loc></url></urlset>'
    pages, nested = sitemap_links(Response("http://example.org/s.xml", "http://example.org/s.xml", 200, {}, body))
    assert [p.url for p in pages] == ["http://example.org/b"] and nested == []


def test_a_feed_feedparser_cannot_split_is_a_broken_feed():
    # Fuzzing found it: feedparser's strict parser raises ValueError on this.
    from newsloom.ingest import BadInput
    from newsloom.ingest.files import parse_feed

    with pytest.raises(BadInput, match="broken feed"):
        parse_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-n\x85#"><entry><title>1400 May \xd8\xa7\xd9\x84\xd8\xad\xd9\x83\xd9\x88\xd9\x85\xd8\xa9 h\xc3\xbck\xc3\xbcmet \xd2\x9b\xd0\xb0\xd2\xa3\xd1\x82\xd0\xb0\xd1\x80 1445</title><link href="http://a:port/"/><id>http://example.org/20</id><updated>9999-12-31T99:99</updated><content type="html">\xd0\xbc\xd3\x99\xd0\xbb\xd1\x96\xd0\xbc\xd0\xb4\xd0\xb5\xd0\xbc\xd0\xb5 \xd0\x9f\xd1\x80\xd0\xb5\xd0\xb7\xd0\xb8\xd0\xb4\xd0\xb5\xd0\xbd\xd1\x82 1445 \xd2\x9a\xd0\xb0\xd0\xb7\xd0\xb0\xd2\x9b\xd1\x81')


def test_the_size_cap_counts_what_a_compressed_body_unpacks_to():
    """A small gzip body that unpacks past the cap is cut while reading (its Content-Length says 1 KB)."""
    import gzip

    with Site() as site:
        site.add("/bomb", gzip.compress(b"x" * 3_000_000), headers={"Content-Encoding": "gzip"})
        site.add("/small", gzip.compress(b"<html><body><p>fine</p></body></html>"), headers={"Content-Encoding": "gzip"})
        f = Fetcher(allow=("127.0.0.1/32",), delay=0.0, timeout=2.0, max_bytes=100_000)
        assert b"fine" in f.get(site.url("/small")).body
        with pytest.raises(FetchError, match="limit"):
            f.get(site.url("/bomb"))


def test_one_host_is_asked_at_most_once_per_delay(monkeypatch):
    """The pause before a request is what is left of the delay since the last request to that host; other hosts wait for nothing."""
    from newsloom.ingest import fetch

    pauses: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", lambda s: pauses.append(s))
    with Site() as site:
        site.add("/a", b"<html></html>")
        f = Fetcher(allow=("127.0.0.1/32", "::1/128"), delay=30.0, timeout=2.0, obey_robots=False)
        f.get(site.url("/a"))
        assert pauses == []  # the first request to a host waits for nothing
        f.get(site.url("/a"))
        assert len(pauses) == 1 and 29.0 < pauses[0] <= 30.0
        # Another name is another host (here the same server, reached as "localhost").
        port = site.server.server_address[1]
        try:
            f.get(f"http://localhost:{port}/a")
        except FetchError:
            pytest.skip("localhost does not reach 127.0.0.1 here")
        assert len(pauses) == 1


def test_tracking_and_amp_variants_are_one_article():
    one = canonical_url("https://news.example/2024/05/summit?id=7")
    for variant in ("https://news.example/2024/05/summit/amp?id=7", "https://amp.news.example/2024/05/summit?id=7",
                    "https://www.news.example/amp/2024/05/summit?utm_source=tw&id=7&fbclid=x#comments",
                    "HTTPS://News.Example:443/2024/05/summit?id=7&amp=1&gclid=abc"):
        assert canonical_url(variant) == one, variant
    # Which page it is stays: another id, another path, a word that only starts with "amp".
    assert canonical_url("https://news.example/2024/05/summit?id=8") != one
    assert canonical_url("https://news.example/ampere/summit") == "https://news.example/ampere/summit"
