"""Fuzz the readers with generated inputs: anything but BadInput escaping is a crash.

    python benchmarks/fuzz_readers.py [--n 100000] [--seed 0] [--only decode,dates,jsonl,json,files,html,feeds,warc]

Inputs are random bytes, and valid documents (text in several codecs, JSON
records, dated sentences, HTML pages, RSS/Atom feeds, sitemaps, WARC records)
with random bytes flipped, inserted or cut.  ``files`` goes through the file
readers by format, ``html`` through trafilatura, ``feeds`` through
``ingest/urls.read_url`` with a generated web (feeds, sitemaps and sitemap
indexes pointing at more of them, pages), ``warc`` through ``ingest/warc``.
``tests/test_fuzz.py`` (``pytest -m fuzz``) runs a smaller count of each.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import tempfile
import time
import traceback
import uuid
from pathlib import Path

from newsloom.dates import extract_dates
from newsloom.ingest import BadInput, decode, iter_articles
from newsloom.ingest.fetch import FetchError, Response
from newsloom.ingest.files import READERS, Source, list_items
from newsloom.ingest.urls import read_url
from newsloom.ingest.warc import read_warc

WORDS = ["Президент", "заявил", "Қазақстан", "мәлімдеме", "الحكومة", "قال", "دولت", "گفت", "hükümet", "açıkladı",
         "«", "»", "—", "2024", "6", "января", "қаңтар", "ژانویه", "رمضان", "1445", "محرم", "دی", "1400", "May", "31"]
CODECS = ["utf-8", "utf-16", "utf-16-le", "cp1251", "cp1256", "cp1254", "koi8-r", "kz1048", "utf-32-be"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        if op < 0.4 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op < 0.7:
            b[rng.randint(0, len(b)):rng.randint(0, len(b))] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif b:
            b = b[: rng.randint(0, len(b))]
    return bytes(b)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))


def text_bytes(rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
    return mutate(rng, sentence(rng).encode(rng.choice(CODECS), errors="replace"))


def record(rng: random.Random) -> dict:
    keys = ["id", "title", "text", "url", "lang", "published", "source", "body"]
    values = [sentence(rng), None, 3, [1], {"a": 1}, "", True]
    return {rng.choice(keys): rng.choice(values) if rng.random() < 0.3 else sentence(rng) for _ in range(rng.randint(0, 5))}


def fuzz_decode(rng):
    decode(text_bytes(rng), declared=rng.choice([None, "koi8-r", "utf-8", "nonsense", "utf-16"]))


def fuzz_dates(rng):
    extract_dates(sentence(rng), rng.choice(["ar", "fa", "kk", "ru", "tr", "en", None]))


def fuzz_jsonl(rng):
    lines = b"\n".join(mutate(rng, json.dumps(record(rng), ensure_ascii=rng.random() < 0.5).encode()) for _ in range(rng.randint(0, 4)))
    list(iter_articles(["-"], [], stdin=io.BytesIO(lines), max_bytes=rng.choice([50, 10_000])))


def fuzz_json(rng):
    data = mutate(rng, json.dumps([record(rng) for _ in range(rng.randint(0, 4))]).encode())
    try:
        list(list_items(io.BytesIO(data), rng.choice([40, 10_000]), lambda m: None))
    except BadInput:
        pass


CHARSETS = ["utf-8", "windows-1251", "koi8-r", "windows-1256", "utf-16", "latin-1", "nonsense", "", "x" * 300]
DATES = ["2024-11-28", "2024-13-45", "Thu, 06 Jan 2022 10:00:00 GMT", "yesterday", "", "0000-00-00", "9999-12-31T99:99",
         "1445-09-01", "2022-01-06T10:00:00+99:00", "-1", "1e309"]
TAGS = ["p", "div", "article", "h1", "h2", "script", "style", "table", "tr", "td", "li", "ul", "a", "span", "br", "img",
        "main", "header", "footer", "nav", "figure", "time", "iframe", "svg", "template", "noscript", "![CDATA["]


def url(rng: random.Random) -> str:
    return rng.choice([
        f"http://example.org/{rng.randrange(50)}", f"https://news.example.com/a/{rng.randrange(50)}?utm_source=x&id={rng.randrange(9)}",
        "http://a:99999/x", "http://a:port/", "http://[::1/x", "http://[fe80::1]:80/p", "javascript:alert(1)", "", " ",
        "mailto:x@y", "//no-scheme/x", "http://é.example/ü", "http://example.org/" + sentence(rng), "ftp://x/y",
        f"https://amp.example.org/{rng.randrange(50)}/amp", "http://" + "a" * 300 + ".org/",
    ])


def html_page(rng: random.Random) -> bytes:
    parts = ["<!doctype html>" if rng.random() < 0.5 else "", "<html" + (' dir="rtl"' if rng.random() < 0.2 else "") + "><head>"]
    if rng.random() < 0.5:
        parts.append(f'<meta charset="{rng.choice(CHARSETS)}">')
    parts.append(f"<title>{sentence(rng)}</title>")
    if rng.random() < 0.3:
        parts.append(f'<link rel="canonical" href="{url(rng)}">')
    if rng.random() < 0.3:
        parts.append(f'<meta property="article:published_time" content="{rng.choice(DATES)}">')
    if rng.random() < 0.2:
        parts.append(f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{rng.choice(DATES)}", '
                     f'"headline": "{sentence(rng)}", "url": "{url(rng)}"}}</script>')
    parts.append("</head><body>")
    depth = []
    for _ in range(rng.randint(0, 12)):
        tag = rng.choice(TAGS)
        if rng.random() < 0.3:
            parts.append(f"<{tag}>")
            depth.append(tag)
        else:
            parts.append(f"<{tag}>{sentence(rng)}</{tag}>")
        if depth and rng.random() < 0.3:
            parts.append(f"</{depth.pop()}>")
    parts.append("</body></html>")
    return mutate(rng, "".join(parts).encode(rng.choice(CODECS), errors="replace"))


def feed_doc(rng: random.Random) -> bytes:
    items = []
    for _ in range(rng.randint(0, 5)):
        if rng.random() < 0.5:
            items.append(f"<item><title>{sentence(rng)}</title><link>{url(rng)}</link><description>&lt;p&gt;{sentence(rng)}&lt;/p&gt;"
                         f"</description><pubDate>{rng.choice(DATES)}</pubDate><guid>{rng.choice([url(rng), sentence(rng)])}</guid></item>")
        else:
            items.append(f'<entry><title>{sentence(rng)}</title><link href="{url(rng)}"/><id>{url(rng)}</id>'
                         f"<updated>{rng.choice(DATES)}</updated><content type=\"html\">{sentence(rng)}</content></entry>")
    head = rng.choice(['<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>', '<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>',
                       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'])
    tail = {"<?": "</channel></rss>", "<f": "</feed>", "<r": "</rdf:RDF>"}[head[:2]]
    return mutate(rng, (head + "".join(items) + tail).encode("utf-8"))


def sitemap_doc(rng: random.Random, index: bool) -> bytes:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    if index:
        body = "".join(f"<sitemap><loc>http://example.org/sitemap{rng.randrange(20)}.xml</loc></sitemap>" for _ in range(rng.randint(0, 4)))
        doc = f'<?xml version="1.0"?><sitemapindex {ns}>{body}</sitemapindex>'
    else:
        body = "".join(f"<url><loc>{url(rng)}</loc><lastmod>{rng.choice(DATES)}</lastmod><news:news><news:publication_date>"
                       f"{rng.choice(DATES)}</news:publication_date><news:title>{sentence(rng)}</news:title></news:news></url>"
                       for _ in range(rng.randint(0, 5)))
        doc = f'<?xml version="1.0"?><urlset {ns}>{body}</urlset>'
    return mutate(rng, doc.encode("utf-8")) if rng.random() < 0.5 else doc.encode("utf-8")


class GeneratedWeb:
    """A fetcher whose every URL answers with a generated feed, sitemap or page; fetching must stay bounded."""

    LIMIT = 3000

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.calls = rng, 0

    def get(self, url: str) -> Response:
        self.calls += 1
        if self.calls > self.LIMIT:
            raise RuntimeError(f"more than {self.LIMIT} fetches for one input: unbounded")
        rng = self.rng
        if rng.random() < 0.05:
            raise FetchError(f"{url}: connection refused")
        if "sitemap" in url or self.calls == 1 and rng.random() < 0.4:
            body, ctype = sitemap_doc(rng, index=rng.random() < 0.4), "application/xml"
        elif self.calls == 1:
            body, ctype = feed_doc(rng), rng.choice(["application/rss+xml", "application/atom+xml", "text/xml", ""])
        else:
            body, ctype = html_page(rng), rng.choice(["text/html", "text/html; charset=" + rng.choice(CHARSETS), "image/png", ""])
        return Response(url=url, final_url=url, status=rng.choice([200] * 9 + [404]), headers={"content-type": ctype}, body=body)


def fuzz_html(rng):
    from newsloom.ingest.files import article_from_html

    article_from_html(decode(html_page(rng)).text, id="x", source="x", url=rng.choice([None, url(rng)]))


def fuzz_feeds(rng):
    list(read_url(rng.choice(["http://example.org/feed", "http://example.org/sitemap.xml", url(rng) or "http://x/"]), GeneratedWeb(rng), []))


def _tmp() -> Path:
    global _TMP
    if _TMP is None:
        _TMP = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))
    return _TMP


_TMP = None


def warc_record(rng: random.Random) -> bytes:
    kind = rng.choice(["response", "response", "conversion", "request", "resource", "metadata", "revisit"])
    if kind == "response":
        body = html_page(rng)
        headers = [f"HTTP/1.1 {rng.choice([200, 200, 200, 404, 301, 999])} OK",
                   "Content-Type: " + rng.choice(["text/html; charset=utf-8", "text/html", "image/png", "application/xhtml+xml", ""])]
        if rng.random() < 0.2:
            body = gzip.compress(body)
            headers.append("Content-Encoding: gzip")
        if rng.random() < 0.1:
            headers.append("Content-Encoding: br")
        payload = ("\r\n".join(headers) + "\r\n\r\n").encode() + body
    else:
        payload = (sentence(rng) + "\n" + sentence(rng)).encode(rng.choice(CODECS), errors="replace")
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url(rng)}\r\nWARC-Date: {rng.choice(DATES)}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}>\r\n"
            + (f"Content-Type: application/http; msgtype=response\r\n" if kind == "response" else "")
            + f"Content-Length: {len(payload) + rng.choice([0, 0, 0, -3, 5])}\r\n\r\n").encode()
    rec = head + payload + b"\r\n\r\n"
    rec = mutate(rng, rec) if rng.random() < 0.3 else rec
    return gzip.compress(rec) if rng.random() < 0.3 else rec


def fuzz_warc(rng):
    path = _tmp() / "x.warc"
    path.write_bytes(b"".join(warc_record(rng) for _ in range(rng.randint(0, 3))))
    list(read_warc(path, []))


def fuzz_files(rng):
    kind = rng.choice(["text", "html", "json", "jsonl", "feed"])
    data = {"text": lambda: text_bytes(rng), "html": lambda: html_page(rng), "feed": lambda: feed_doc(rng),
            "json": lambda: mutate(rng, json.dumps([record(rng) for _ in range(rng.randint(0, 3))] if rng.random() < 0.7 else record(rng)).encode()),
            "jsonl": lambda: b"\n".join(mutate(rng, json.dumps(record(rng)).encode()) for _ in range(rng.randint(0, 3)))}[kind]()
    path = _tmp() / f"x.{ {'text': 'txt', 'feed': 'rss'}.get(kind, kind) }"
    path.write_bytes(data)
    # The reader itself, not read_file: read_file turns ValueError and the like into warnings, which would hide them.
    list(READERS[kind](Source(path, "x", rng.choice([60, 100_000]), [])))


TARGETS = {"decode": fuzz_decode, "dates": fuzz_dates, "jsonl": fuzz_jsonl, "json": fuzz_json,
           "files": fuzz_files, "html": fuzz_html, "feeds": fuzz_feeds, "warc": fuzz_warc}


def run(name: str, n: int, seed: int = 0, show: int = 3, progress: bool = False) -> tuple[int, list[str]]:
    """(crashes, the first ``show`` of them) of ``n`` generated inputs to one target."""
    rng, fn, failed, first = random.Random(seed), TARGETS[name], 0, []
    for i in range(n):
        if progress and i and i % 10_000 == 0:
            print(f"  {name}: {i:,} inputs, {failed} crashes so far", flush=True)
        try:
            fn(rng)
        except BadInput:
            pass
        except Exception:
            failed += 1
            if len(first) < show:
                first.append(f"{name} #{i}: " + traceback.format_exc().strip().splitlines()[-1])
    return failed, first


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default=",".join(TARGETS))
    args = ap.parse_args(argv)
    crashes = 0
    for name in args.only.split(","):
        start = time.perf_counter()
        failed, first = run(name, args.n, args.seed, progress=True)
        for line in first:
            print(line)
        crashes += failed
        print(f"{name}: {args.n:,} inputs, {failed} crashes, {args.n / (time.perf_counter() - start):,.0f}/s", flush=True)
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
