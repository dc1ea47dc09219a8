"""URL -> articles: a feed's entries, a sitemap's pages, or one article page.

What a URL holds is decided by what comes back (content type, then the
document's root element), not by how the URL looks.  Article pages are
extracted with trafilatura, keeping the page's own title, date and language.
Ids are canonical URLs, so one article reached through tracking parameters,
an AMP copy or a redirect is one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..model import Article
from .decode import BadInput, decode
from .fetch import Fetcher, FetchError, Response

# Query parameters that say who sent the reader, not which page it is.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|"
                       r"_ga|_gl|ref|ref_src|ref_url|cmpid|ito|spm|share|s_cid|ocid|at_\w+|amp)$", re.I)
_AMP_PATH = re.compile(r"(/amp/?$|/amp(?=/)|\.amp(?=\.html?$|$))", re.I)


def canonical_url(url: str) -> str:
    """The URL with tracking parameters, fragments and AMP markers removed, scheme and host lower-cased.

    A URL no server could answer (a port out of range, a broken IPv6
    bracket) is kept as written: it still names one article.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    if host.startswith("amp."):
        host = host[4:]
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((parts.scheme.lower() or "http", netloc, path, query, ""))


@dataclass
class Link:
    """An article URL a feed or sitemap points at, with what the listing said of it."""

    url: str
    title: str = ""
    summary: str = ""
    published: str | None = None
    feed: str = ""


def kind_of(resp: Response) -> str:
    """'feed', 'sitemap', 'html' or 'other' from the content type and the document's start."""
    head = resp.body[:2048].lstrip().lower()
    ctype = resp.content_type
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or ctype in (
            "application/rss+xml", "application/atom+xml"):
        return "feed"
    if ctype in ("text/html", "application/xhtml+xml") or b"<html" in head or b"<!doctype html" in head:
        return "html"
    return "other"


def text_of(resp: Response) -> str:
    """The body as text: the HTTP charset is believed unless its reading is clearly worse."""
    return decode(resp.body, declared=resp.charset).text


def feed_links(resp: Response) -> list[Link]:
    from .files import parse_feed

    parsed = parse_feed(resp.body)
    name = parsed.feed.get("title", "")
    links = []
    for e in parsed.entries:
        if not e.get("link"):
            continue
        t = e.get("published_parsed") or e.get("updated_parsed")
        published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}" if t else None
        links.append(Link(url=e["link"], title=e.get("title", ""), summary=e.get("summary", ""),
                          published=published, feed=name))
    return links


def sitemap_links(resp: Response) -> tuple[list[Link], list[str]]:
    """(article links, nested sitemap URLs) of a sitemap or sitemap index."""
    from lxml import etree

    try:
        root = etree.fromstring(resp.body, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                    recover=True, huge_tree=False))
    except etree.XMLSyntaxError as e:
        raise BadInput(f"broken sitemap: {e}") from None
    if root is None:
        raise BadInput("broken sitemap: no XML root")
    pages, nested = [], []
    for node in root.iter("{*}url", "{*}sitemap"):
        loc = node.findtext("{*}loc")
        if not loc:
            continue
        # Not etree.QName: a recovered tag may be no valid name ("\x89G]}url").
        if str(node.tag).rsplit("}", 1)[-1] == "sitemap":
            nested.append(loc.strip())
        else:
            date = (node.findtext("{*}lastmod") or "")[:10] or None
            news_date = node.findtext(".//{*}publication_date")
            title = node.findtext(".//{*}title") or ""
            pages.append(Link(url=loc.strip(), title=title, published=(news_date or "")[:10] or date))
    return pages, nested


def article_from_page(resp: Response, link: Link | None = None) -> Article:
    """An article page, extracted; the listing's title and date fill what the page lacks."""
    from .files import article_from_html

    article = article_from_html(text_of(resp), id=resp.final_url, source=resp.final_url, url=resp.final_url)
    page_url = article.url or resp.final_url
    article.url = resp.final_url
    # The page's own canonical link names the article; a different host is a
    # syndication partner's copy and keeps the URL it was fetched at.
    if _host(page_url) == _host(resp.final_url) is not None:
        article.url = page_url
    article.id = canonical_url(article.url)
    if link is not None:
        article.title = article.title or link.title
        article.published = article.published or link.published
        if link.feed:
            article.meta.setdefault("feed", link.feed)
    article.meta["fetched_url"] = resp.url
    return article


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


# Sitemap indexes nest; past this depth (or back at a sitemap already read) a
# listing is a loop or a trap, not more news.
MAX_SITEMAP_DEPTH = 3


def read_url(url: str, fetcher: Fetcher, problems: list, max_pages: int = 10_000,
             _sitemaps: set[str] | None = None, _depth: int = 0) -> Iterator[Article]:
    """Every article a URL leads to (a page, a feed's entries or a sitemap's pages)."""
    from .files import SourceProblem

    sitemaps = _sitemaps if _sitemaps is not None else set()
    sitemaps.add(canonical_url(url))

    try:
        resp = fetcher.get(url)
    except FetchError as e:
        problems.append(SourceProblem(url, str(e)))
        return
    if resp.status != 200:
        problems.append(SourceProblem(url, f"HTTP {resp.status}"))
        return
    try:
        kind = kind_of(resp)
        if kind == "html":
            yield article_from_page(resp)
            return
        nested: list[str] = []
        if kind == "feed":
            links = feed_links(resp)
        elif kind == "sitemap":
            links, nested = sitemap_links(resp)
            fresh = [sub for sub in dict.fromkeys(nested) if canonical_url(sub) not in sitemaps]
            if _depth >= MAX_SITEMAP_DEPTH and fresh:
                problems.append(SourceProblem(url, f"{len(fresh)} nested sitemap(s) deeper than {MAX_SITEMAP_DEPTH} levels not read"))
                fresh = []
            for sub in fresh[:100]:
                if canonical_url(sub) in sitemaps:
                    continue
                yield from read_url(sub, fetcher, problems, max_pages - len(links), sitemaps, _depth + 1)
        else:
            problems.append(SourceProblem(url, f"not a page, feed or sitemap ({resp.content_type or 'no type'})"))
            return
    except BadInput as e:
        problems.append(SourceProblem(url, str(e)))
        return
    if not links and not nested:
        problems.append(SourceProblem(url, f"{kind} lists no article links (broken or empty XML)"))
        return
    seen = set()
    for link in links[:max_pages]:
        key = canonical_url(link.url)
        if key in seen:
            continue
        seen.add(key)
        article = fetch_article(link, fetcher, problems)
        if article is not None:
            yield article


def fetch_article(link: Link, fetcher: Fetcher, problems: list) -> Article | None:
    from .files import SourceProblem

    try:
        resp = fetcher.get(link.url)
        if resp.status != 200:
            raise FetchError(f"HTTP {resp.status}")
        if kind_of(resp) != "html":
            raise BadInput(f"not an HTML page ({resp.content_type or 'no type'})")
        return article_from_page(resp, link)
    except (FetchError, BadInput) as e:
        problems.append(SourceProblem(link.url, str(e).removeprefix(link.url + ": ")))
        return None
