"""Source -> Article: files, folders, feeds and stdin, whatever their encoding.

Bad input is normal input: every file that cannot be read becomes one
:class:`SourceProblem` naming it, and iteration goes on.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from ..model import Article
from .decode import MAX_BYTES, BadInput, decode, read_text_file
from .warc import is_warc, read_warc

TEXT_EXT = {".txt", ".md", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | FEED_EXT


@dataclass
class SourceProblem:
    path: str
    message: str
    # "warning": input that could not be read (exit status 1); "note": worth
    # saying but nothing was lost (records of an archive that hold no article).
    severity: str = "warning"


# -- formats ------------------------------------------------------------------


def _from_plain(path: Path, text: str) -> Article:
    from ..normalize import boilerplate_lines

    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # Sites put photo credits above the headline; the headline is the first
    # line that is not such furniture.
    idx = next((i for i in filled if not boilerplate_lines(lines[i])), filled[0])
    title = lines[idx].strip()
    body = "\n".join(lines[idx + 1 :])
    meta = {"preamble": "\n".join(lines[:idx]).strip()} if idx != filled[0] else {}
    return Article(id=path.stem, title=title, text=body, source=str(path), meta=meta)


def _from_record(obj: dict, default_id: str, source: str) -> Article:
    if not isinstance(obj, dict):
        raise BadInput("not a JSON object")
    text = obj.get("text") or obj.get("body") or obj.get("content") or ""
    title = obj.get("title") or ""
    if not isinstance(text, str) or not isinstance(title, str):
        raise BadInput("'text' and 'title' must be strings")
    if not text.strip() and not title.strip():
        raise BadInput("no text and no title")
    known = {"id", "text", "title", "lang", "published", "date", "url", "source", "body", "content"}
    return Article(
        id=str(obj.get("id") or default_id),
        title=title,
        text=text,
        source=str(obj.get("source") or source),
        lang=obj.get("lang") or obj.get("language"),
        published=obj.get("published") or obj.get("date"),
        url=obj.get("url"),
        meta={k: v for k, v in obj.items() if k not in known},
    )


def _from_html(path: Path, html: str) -> Article:
    return article_from_html(html, id=path.stem, source=str(path))


def article_from_html(html: str, id: str, source: str, url: str | None = None) -> Article:
    """The article in an HTML page, with the page's own title, date, language and canonical URL."""
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          favor_recall=True)
    except Exception:
        doc = None
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    text = (doc or {}).get("text") or ""
    title = (doc or {}).get("title") or ""
    if not text.strip():
        title2, text = _html_fallback(html)
        title = title or title2
    if not text.strip() and not title.strip():
        raise BadInput("no article text found in HTML")
    meta = {k: doc.get(k) for k in ("sitename", "author", "hostname", "description") if doc and doc.get(k)}
    return Article(id=id, title=title.strip(), text=text, source=source, url=(doc or {}).get("url") or url,
                   published=(doc or {}).get("date"), lang=(doc or {}).get("language"), meta=meta)


def _html_fallback(html: str) -> tuple[str, str]:
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)
    title = re.sub(r"\s+", " ", m.group(1)).strip() if m else ""
    body = re.sub(r"(?is)<(script|style|head)[^>]*>.*?</\1>", " ", html)
    body = re.sub(r"(?s)<[^>]+>", "\n", body)
    import html as html_lib

    body = html_lib.unescape(body)
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    return title, "\n".join(lines)


def _is_feed(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def _from_feed(path: Path, text: str) -> Iterator[Article]:
    import feedparser

    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        raise BadInput(f"broken feed: {parsed.get('bozo_exception', 'unreadable')}")
    feed_title = parsed.feed.get("title", "")
    for n, e in enumerate(parsed.entries, 1):
        content = e.get("content", [{}])[0].get("value") if e.get("content") else e.get("summary", "")
        _, body = _html_fallback(f"<body>{content or ''}</body>")
        published = None
        if e.get("published_parsed") or e.get("updated_parsed"):
            t = e.get("published_parsed") or e.get("updated_parsed")
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        title = e.get("title", "")
        if not body.strip() and not title.strip():
            continue
        yield Article(id=str(e.get("id") or e.get("link") or f"{path.stem}-{n}"), title=title, text=body,
                      source=str(path), url=e.get("link"), published=published,
                      meta={"feed": feed_title} if feed_title else {})


def _jsonl_lines(lines, source: str, stem: str, problems: list[SourceProblem]) -> Iterator[Article]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield _from_record(json.loads(line), f"{stem}-{n}", source)
        except (json.JSONDecodeError, BadInput) as e:
            problems.append(SourceProblem(source, f"line {n}: {e}"))


# -- walking ------------------------------------------------------------------


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if not name.startswith(".") and (p.suffix.lower() in KNOWN_EXT or is_warc(p)):
                yield p


def _read_file(path: Path, problems: list[SourceProblem], max_bytes: int) -> Iterator[Article]:
    ext = path.suffix.lower()
    if is_warc(path):
        yield from read_warc(path, problems)
        return
    if ext in JSONL_EXT:
        if path.stat().st_size > max_bytes * 50:
            raise BadInput(f"too large ({path.stat().st_size:,} bytes)")
        with open(path, "rb") as fh:
            lines = (_decode_line(b) for b in fh)
            yield from _jsonl_lines(lines, str(path), path.stem, problems)
        return
    text, codec = read_text_file(path, max_bytes)
    if ext in JSON_EXT:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise BadInput(f"broken JSON: {e}") from None
        items = data if isinstance(data, list) else [data]
        for n, obj in enumerate(items, 1):
            try:
                yield _from_record(obj, path.stem if len(items) == 1 else f"{path.stem}-{n}", str(path))
            except BadInput as e:
                problems.append(SourceProblem(str(path), f"item {n}: {e}"))
        return
    if ext in FEED_EXT or (ext in HTML_EXT and _is_feed(text)):
        if not _is_feed(text):
            raise BadInput("XML file is not an RSS/Atom feed")
        yield from _from_feed(path, text)
        return
    article = _from_html(path, text) if ext in HTML_EXT else _from_plain(path, text)
    if codec != "utf-8":
        article.meta["encoding"] = codec
        if "truncated" in codec or "damaged" in codec:
            problems.append(SourceProblem(str(path), f"decoded with errors ({codec}); kept what could be read"))
    yield article


def _decode_line(b: bytes) -> str:
    try:
        return b.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(b)[0]


def iter_articles(
    inputs: Sequence[str],
    problems: list[SourceProblem] | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = MAX_BYTES,
    fetcher=None,
) -> Iterator[Article]:
    """Articles from paths, ``-`` (JSON Lines on stdin) and http(s) URLs (pages, feeds, sitemaps)."""
    problems = problems if problems is not None else []
    for raw in inputs:
        if raw.startswith(("http://", "https://")):
            from .fetch import Fetcher
            from .urls import read_url

            fetcher = fetcher or Fetcher()
            yield from read_url(raw, fetcher, problems)
            continue
        if raw == "-":
            yield from _jsonl_lines(stdin or sys.stdin, "<stdin>", "stdin", problems)
            continue
        root = Path(raw)
        if not root.exists():
            problems.append(SourceProblem(raw, "no such file or directory"))
            continue
        for path in _files(root):
            try:
                yield from _read_file(path, problems, max_bytes)
            except BadInput as e:
                problems.append(SourceProblem(str(path), str(e)))
            except (OSError, ValueError) as e:
                problems.append(SourceProblem(str(path), f"cannot read: {e}"))
