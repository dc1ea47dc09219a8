"""WARC and WET archives -> articles (CC-NEWS and the like).

HTML responses are extracted like fetched pages, with the record's URL as the
article's id and its capture date as a fallback publication date; WET
conversion records are already plain text.  Everything else (requests,
metadata, images, redirects, error pages) is counted and skipped.
"""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path
from typing import Iterator

from ..model import Article
from .decode import BadInput, decode
from .fetch import Response
from .urls import article_from_page, canonical_url

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.wet.gz")
MAX_RECORD_BYTES = 10 * 1024 * 1024


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in WARC_SUFFIXES)


def read_warc(path: Path, problems: list) -> Iterator[Article]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from .files import SourceProblem

    skipped: Counter = Counter()
    raw = open(path, "rb")
    # Compression of the archive is detected from the stream; HTTP bodies are
    # un-gzipped here (_unpack), bounded, so a bad or huge one costs one record.
    records = ArchiveIterator(raw, record_types=WarcRecordType.response | WarcRecordType.conversion
                              | WarcRecordType.resource, parse_http=True, auto_decode="transfer")
    try:
        while True:
            # Only the archive reader's own errors mean damage; an error in
            # extracting one record is a bug to see, not a damaged file.
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as e:  # a damaged archive: keep what was read, name the file
                problems.append(SourceProblem(str(path), f"archive damaged after the records read so far: {e}"))
                break
            try:
                article = _article(record, skipped)
            except BadInput as e:
                skipped[f"no article ({e})"] += 1
                continue
            if article is not None:
                yield article
    finally:
        raw.close()
    if skipped:
        detail = ", ".join(f"{n} {why}" for why, n in skipped.most_common())
        problems.append(SourceProblem(str(path), f"{sum(skipped.values())} records skipped: {detail}",
                                      kept=True))


def _unpack(body: bytes, encoding: str) -> bytes | None:
    """The HTTP body without its Content-Encoding, at most MAX_RECORD_BYTES of it; None when it cannot be read.

    Done here rather than by the archive reader: a failed gzip there leaves
    the stream unreadable, so one bad record ended the whole archive, and a
    small gzip bomb would unpack without bound.
    """
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return None  # brotli, zstd: no decoder installed
    for wbits in ((zlib.MAX_WBITS | 16,) if encoding != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)):
        try:
            z = zlib.decompressobj(wbits)
            out = z.decompress(body, MAX_RECORD_BYTES)
            return out if out or not body else None
        except zlib.error:
            continue
    return None


def _article(record, skipped: Counter) -> Article | None:
    from fastwarc.warc import WarcRecordType

    url = record.headers.get("WARC-Target-URI") or ""
    captured = (record.headers.get("WARC-Date") or "")[:10] or None
    if record.content_length > MAX_RECORD_BYTES:
        skipped["too large"] += 1
        return None
    try:
        body = record.reader.read()
    except OSError:
        skipped["undecodable body"] += 1
        return None
    if record.record_type == WarcRecordType.conversion:
        text = decode(body).text
        title, _, rest = text.strip().partition("\n")
        if not rest.strip():
            skipped["empty text"] += 1
            return None
        return Article(id=canonical_url(url) if url else record.record_id, title=title.strip(), text=rest,
                       source=url, url=url or None, published=captured)
    headers = {}
    status = 200
    if record.is_http and record.http_headers is not None:
        status = record.http_headers.status_code or 200
        headers = {k.lower(): v for k, v in record.http_headers.items()}
    if status != 200:
        skipped[f"HTTP {status}"] += 1
        return None
    body = _unpack(body, headers.get("content-encoding", ""))
    if body is None:
        skipped["undecodable body"] += 1
        return None
    resp = Response(url=url, final_url=url, status=status, headers=headers, body=body)
    ctype = resp.content_type
    if ctype and ctype not in ("text/html", "application/xhtml+xml"):
        skipped["not HTML"] += 1
        return None
    article = article_from_page(resp)
    article.published = article.published or captured
    article.meta["warc_date"] = record.headers.get("WARC-Date")
    return article
