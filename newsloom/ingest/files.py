"""Source -> Article: files, folders, feeds and stdin, whatever their encoding or size.

Bad input is normal input: every file that cannot be read becomes one
:class:`SourceProblem` naming it, and iteration goes on.

Every article gets an id that is stable (the same input re-read gives the same
id) and unique (two inputs never share one): the input's own ``id``, else its
URL, else the name of the folder that was given (or that holds the file given)
and the path under it, plus the line or item number inside a JSON file.  Articles from standard input without id or URL are
named by a hash of their content, so a second batch never replaces the first.

Memory is bounded by ``max_bytes``: no more than that is read for one article,
larger ones are cut with a warning; files that hold many articles (JSON Lines,
JSON arrays) are read one record at a time, whatever their size.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Sequence, TextIO

from ..model import Article
from .decode import BadInput, decode
from .warc import is_warc, read_warc

# About 280 MB of annotation per MB of text (measured on one-line files), so
# 1 MB keeps a run under 1 GB; raise it with ``--max-bytes``.
MAX_BYTES = 1_000_000


@dataclass
class SourceProblem:
    path: str
    message: str
    # True when the input was still read (cut to size, encoding guessed): a
    # warning, not a failure to read.
    kept: bool = False


@dataclass
class Source:
    """One file (or stream) to read, and what its articles are named after."""

    path: Path
    rel: str  # path relative to the input root, the base of the articles' ids
    max_bytes: int
    problems: list[SourceProblem]
    encoding: str = "utf-8"  # what read() found

    def warn(self, message: str, kept: bool = False) -> None:
        self.problems.append(SourceProblem(str(self.path), message, kept))

    def read(self) -> str:
        """The whole file as text, cut to ``max_bytes`` with a warning."""
        with open(self.path, "rb") as fh:
            data = fh.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                size = os.fstat(fh.fileno()).st_size
                data = _cut(data[: self.max_bytes])
                self.warn(f"too large ({size:,} bytes); read the first {len(data):,} (--max-bytes to raise)", kept=True)
        if not data.strip():
            raise BadInput("empty file")
        got = decode(data)
        if got.warning:
            self.warn(f"{got.warning}; stored as read", kept=True)
        if not got.text.strip():
            raise BadInput("no text in file")
        self.encoding = got.encoding
        return got.text


def _cut(data: bytes) -> bytes:
    """Cut at the last line or word break, so no word or character is split."""
    for sep in (b"\n", b" "):
        i = data.rfind(sep, len(data) * 9 // 10)
        if i > 0:
            return data[:i]
    return data


# -- formats ------------------------------------------------------------------


def read_plain(src: Source) -> Iterator[Article]:
    from ..normalize import boilerplate_lines

    text = src.read()
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # Sites put photo credits above the headline; the headline is the first
    # line that is not such furniture.
    idx = next((i for i in filled if not boilerplate_lines(lines[i])), filled[0])
    meta = {"preamble": "\n".join(lines[:idx]).strip()} if idx != filled[0] else {}
    yield _with_encoding(Article(id=src.rel, title=lines[idx].strip(), text="\n".join(lines[idx + 1 :]),
                                 source=str(src.path), meta=meta, origin=str(src.path)), src)


def read_html(src: Source) -> Iterator[Article]:
    text = src.read()
    if _is_feed(text):
        yield from _feed_articles(src, text)
        return
    yield _with_encoding(_from_html(src, text), src)


def read_feed(src: Source) -> Iterator[Article]:
    text = src.read()
    if not _is_feed(text):
        raise BadInput("XML file is not an RSS/Atom feed")
    yield from _feed_articles(src, text)


def read_json(src: Source) -> Iterator[Article]:
    if src.path.stat().st_size > src.max_bytes:
        with open(src.path, "rb") as fh:
            yield from _records(src, list_items(fh, src.max_bytes, src.warn), "item")
        return
    try:
        data = json.loads(src.read())
    except json.JSONDecodeError as e:
        raise BadInput(f"broken JSON: {e}") from None
    if isinstance(data, list):
        yield from _records(src, data, "item")
    else:
        yield from _records(src, [data], None)


def read_jsonl(src: Source) -> Iterator[Article]:
    with open(src.path, "rb") as fh:
        yield from _records(src, bounded_lines(fh, src.max_bytes, src.warn), "line", parse=True)


def _records(src: Source, items: Iterable, unit: str | None, parse: bool = False) -> Iterator[Article]:
    for n, obj in enumerate(items, 1):
        where = f"{unit} {n}" if unit else None
        if parse:
            if not obj.strip():
                continue
            try:
                obj = json.loads(_line_text(obj))
            except (json.JSONDecodeError, BadInput) as e:
                src.warn(f"{where}: {e}")
                continue
        try:
            article = record_article(obj, f"{src.rel}#{n}" if unit else src.rel, str(src.path))
        except BadInput as e:
            src.warn(f"{where}: {e}" if where else str(e))
            continue
        article.origin = f"{src.path}:{n}" if unit else str(src.path)
        yield article


def record_article(obj: object, default_id: str, source: str) -> Article:
    if not isinstance(obj, dict):
        raise BadInput("not a JSON object")
    text = obj.get("text") or obj.get("body") or obj.get("content") or ""
    title = obj.get("title") or ""
    if not isinstance(text, str) or not isinstance(title, str):
        raise BadInput("'text' and 'title' must be strings")
    if not text.strip() and not title.strip():
        raise BadInput("no text and no title")
    url = obj.get("url")
    url = url if isinstance(url, str) and url.strip() else None
    given = obj.get("id")
    lang = obj.get("lang") or obj.get("language")
    published = obj.get("published") or obj.get("date")
    known = {"id", "text", "title", "lang", "language", "published", "date", "url", "source", "body", "content"}
    return Article(
        id=str(given) if given not in (None, "") else url or default_id,
        title=title,
        text=text,
        source=str(obj.get("source") or source),
        lang=lang if isinstance(lang, str) else None,
        published=str(published) if published else None,
        url=url,
        meta={k: v for k, v in obj.items() if k not in known},
    )


def _from_html(src: Source, html: str) -> Article:
    return article_from_html(html, id=src.rel, source=str(src.path), origin=str(src.path))


def article_from_html(html: str, id: str, source: str, url: str | None = None, origin: str | None = None) -> Article:
    """The article in an HTML page, with the page's own title, date, language and canonical URL (its id if given)."""
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          favor_recall=True)
    except Exception:  # trafilatura and lxml raise many kinds on hostile markup
        doc = None
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    doc = doc or {}
    text = doc.get("text") or ""
    title = doc.get("title") or ""
    if not text.strip():
        title2, text = _html_fallback(html)
        title = title or title2
    if not text.strip() and not title.strip():
        raise BadInput("no article text found in HTML")
    page_url = doc.get("url") if isinstance(doc.get("url"), str) and doc.get("url") else None
    meta = {k: doc.get(k) for k in ("sitename", "author", "hostname", "description") if doc.get(k)}
    return Article(id=page_url or id, title=title.strip(), text=text, source=source, url=page_url or url,
                   published=doc.get("date"), lang=doc.get("language"), meta=meta, origin=origin or source)


def _html_fallback(html: str) -> tuple[str, str]:
    import html as html_lib

    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)
    title = re.sub(r"\s+", " ", m.group(1)).strip() if m else ""
    body = re.sub(r"(?is)<(script|style|head)[^>]*>.*?</\1>", " ", html)
    body = re.sub(r"(?s)<[^>]+>", "\n", body)
    body = html_lib.unescape(body)
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    return html_lib.unescape(title), "\n".join(lines)


def _is_feed(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def parse_feed(data: str | bytes):
    """feedparser's reading of a feed, or BadInput when it has none."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except ValueError as e:  # its strict parser fails on some names it cannot split (found by fuzzing)
        raise BadInput(f"broken feed: {_one_line(e)}") from None
    if parsed.bozo and not parsed.entries:
        raise BadInput(f"broken feed: {_one_line(parsed.get('bozo_exception', 'unreadable'))}")
    return parsed


def _feed_articles(src: Source, text: str) -> Iterator[Article]:
    parsed = parse_feed(text)
    feed_title = parsed.feed.get("title", "")
    for n, e in enumerate(parsed.entries, 1):
        content = e.get("content", [{}])[0].get("value") if e.get("content") else e.get("summary", "")
        _, body = _html_fallback(f"<body>{content or ''}</body>")
        published = None
        t = e.get("published_parsed") or e.get("updated_parsed")
        if t:
            published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
        title = e.get("title", "")
        if not body.strip() and not title.strip():
            continue
        yield Article(id=str(e.get("id") or e.get("link") or f"{src.rel}#{n}"), title=title, text=body,
                      source=str(src.path), url=e.get("link"), published=published,
                      meta={"feed": feed_title} if feed_title else {}, origin=f"{src.path}:{n}")


def _with_encoding(article: Article, src: Source) -> Article:
    if src.encoding != "utf-8":
        article.meta["encoding"] = src.encoding
    return article


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


# File name endings -> format, and format -> reader; a new format (WARC, a
# fetched URL) is one more entry in each.
FORMATS = {
    ".txt": "text", ".md": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
READERS: dict[str, Callable[[Source], Iterator[Article]]] = {
    "text": read_plain, "html": read_html, "json": read_json, "jsonl": read_jsonl, "feed": read_feed,
    "warc": lambda src: read_warc(src.path, src.problems),
}


def file_format(path: Path) -> str | None:
    """The reader for a file by its name ('.warc.gz' is an archive, not a gzip of something else)."""
    return "warc" if is_warc(path) else FORMATS.get(path.suffix.lower())


# -- bounded reading of many-record files --------------------------------------


def bounded_lines(stream: IO, limit: int, warn: Callable[[str], None]) -> Iterator[bytes | str]:
    """Lines of a byte or text stream, none longer than ``limit``: a longer one is skipped with a warning.

    A line is read ``limit`` at a time, so a file of one 200 MB line costs no
    more memory than one of a thousand short ones.  Skipped lines still count,
    so the line numbers stay those of the file.
    """
    n = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and line[-1:] not in (b"\n", "\n"):
            size = len(line)
            while line and line[-1:] not in (b"\n", "\n"):
                line = stream.readline(limit)
                size += len(line)
            warn(f"line {n}: record too large ({size:,} > {limit:,} bytes, --max-bytes to raise); skipped")
            yield b""
            continue
        yield line


def list_items(stream: IO[bytes], limit: int, warn: Callable[[str], None]) -> Iterator[object]:
    """The items of a JSON array too large to load at once, parsed one by one with a bounded buffer."""
    reader = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    decoder = json.JSONDecoder()
    buf, pos, started, n = "", 0, False, 0
    eof = False
    while True:
        # Skip separators; stop at the closing bracket.
        while pos < len(buf) and buf[pos] in " \t\r\n,":
            pos += 1
        if pos < len(buf) and not started:
            if buf[pos] != "[":
                raise BadInput("a JSON file this large must hold an array (or use JSON Lines)")
            started, pos = True, pos + 1
            continue
        if pos < len(buf) and buf[pos] == "]":
            return
        try:
            if pos >= len(buf):
                raise ValueError
            obj, end = decoder.raw_decode(buf, pos)
        except ValueError:
            if eof:
                if buf[pos:].strip():
                    raise BadInput(f"broken JSON after item {n}") from None
                return
            if len(buf) - pos > limit:
                raise BadInput(f"item {n + 1} is larger than {limit:,} bytes (--max-bytes to raise)") from None
            chunk = stream.read(1 << 16)
            eof = not chunk
            buf = buf[pos:] + reader.decode(chunk, final=eof)
            pos = 0
            continue
        n += 1
        pos = end
        yield obj


def _line_text(line: bytes | str) -> str:
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode(line).text


# -- walking ------------------------------------------------------------------


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    """Each readable file under ``root`` and the base of its articles' ids.

    The base starts with the name of the folder given (for a file given, the
    folder holding it), so that ``a/index.html`` and ``b/index.html`` stay two
    articles whether they are read in one run or in two, and a file names its
    articles the same whether it or its folder was given.  Then comes the path
    under that folder, without the extension ("news/2024/01/index"), unless
    another file in the same folder has the same name with another extension:
    then the extension stays ("news/a.txt", "news/a.html").
    """
    top = Path(os.path.abspath(root))
    if root.is_file():
        yield root, _joined(top.parent.name, _id_base(root.name, [root.name]))
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        names = sorted(n for n in filenames if not n.startswith(".") and file_format(Path(n)))
        rel = Path(dirpath).relative_to(root)
        for name in names:
            yield Path(dirpath) / name, _joined(top.name, (rel / _id_base(name, names)).as_posix())


def _joined(root_name: str, rel: str) -> str:
    # The file-system root has no name: its paths are ids on their own.
    return f"{root_name}/{rel}" if root_name else rel


def _id_base(name: str, siblings: list[str]) -> str:
    stem = Path(name).stem
    return name if sum(Path(n).stem == stem for n in siblings) > 1 else stem


def _stdin_articles(stream: TextIO | IO[bytes], problems: list[SourceProblem], max_bytes: int) -> Iterator[Article]:
    def warn(message: str) -> None:
        problems.append(SourceProblem("<stdin>", message))

    for n, line in enumerate(bounded_lines(stream, max_bytes, warn), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(_line_text(line))
            article = record_article(obj, "", "<stdin>")
        except (json.JSONDecodeError, BadInput) as e:
            warn(f"line {n}: {e}")
            continue
        if not article.id:
            article.id = "stdin-" + hashlib.sha256(f"{article.title}\0{article.text}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        article.origin = f"<stdin>:{n}"
        yield article


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
            stream = stdin or getattr(sys.stdin, "buffer", sys.stdin)
            yield from _stdin_articles(stream, problems, max_bytes)
            continue
        root = Path(raw)
        if not root.exists():
            problems.append(SourceProblem(raw, "no such file or directory"))
            continue
        for path, rel in _files(root):
            yield from read_file(path, rel, problems, max_bytes)


def read_file(path: Path, rel: str, problems: list[SourceProblem], max_bytes: int = MAX_BYTES) -> Iterator[Article]:
    """The articles of one file, ids based on ``rel`` (its path under the input root); problems noted, not raised."""
    src = Source(path, rel, max_bytes, problems)
    reader = READERS[file_format(path) or "text"]
    try:
        yield from reader(src)
    except BadInput as e:
        src.warn(str(e))
    except (OSError, ValueError, RecursionError) as e:
        src.warn(f"cannot read: {_one_line(e)}")


def qualified_id(article_id: str, path: str) -> str | None:
    """The id with the next folder up the file's path in front ("data/index" -> "x/data/index"), or None.

    Ids are the given folder's name and the path under it, so two folders of
    one name ("x/data", "y/data") give the same ids; the folder above tells
    them apart.  None where the id does not come from ``path`` (a record's
    own id, a URL) or the path has no folder left.
    """
    if not path or "://" in article_id:
        return None
    rel, sep, unit = article_id.partition("#")
    parts = Path(os.path.abspath(path)).parts
    words = rel.split("/")
    stem = [*parts[:-1], Path(parts[-1]).stem] if parts else []
    for whole in (list(parts), stem):
        if len(whole) > len(words) and whole[-len(words):] == words and whole[-len(words) - 1] not in ("", os.sep):
            return f"{whole[-len(words) - 1]}/{rel}{sep}{unit}"
    return None
