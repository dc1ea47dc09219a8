"""``watch``: poll feeds and sitemaps, fetch what is new, analyse it into the store, until stopped.

Everything a restart needs is in the store, next to the articles: per source
its ETag, Last-Modified, failures and when to ask again; per article URL its
place in the queue.  A page is fetched once: its body is kept in the queue
before it is analysed, so a run killed after the download analyses the kept
copy on restart instead of asking the site again.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .decode import BadInput
from .fetch import Fetcher, FetchError, Response
from .urls import Link, article_from_page, canonical_url, feed_links, kind_of, sitemap_links

SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_sources (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,
    last_polled REAL, next_poll REAL NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT
);
CREATE TABLE IF NOT EXISTS watch_queue (
    id TEXT PRIMARY KEY,                 -- canonical URL
    url TEXT NOT NULL, source TEXT, link TEXT,
    state TEXT NOT NULL,                 -- 'new' | 'fetched' | 'done' | 'failed'
    status INTEGER, headers TEXT, final_url TEXT, body BLOB,
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT, added_at REAL, next_try REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS watch_queue_state ON watch_queue(state, next_try);
"""
MAX_ATTEMPTS = 5
MAX_BACKOFF = 64  # polling intervals


def parse_interval(text: str) -> float:
    """'10m', '30s', '2h', '1d' or plain seconds -> seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (examples: 30s, 10m, 1h)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def read_sources(path: str) -> list[str]:
    """One URL a line; blank lines and '#' comments skipped."""
    urls = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not line.startswith(("http://", "https://")):
            raise ValueError(f"{path}:{n}: not an http(s) URL: {line[:80]!r}")
        urls.append(line)
    return urls


class Watcher:
    def __init__(self, db_path: str, sources: list[str], fetcher: Fetcher, every: float,
                 analyze: Callable[[list], None], problems: list, clock: Callable[[], float] = time.time) -> None:
        self.db = sqlite3.connect(db_path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        self.sources, self.fetcher, self.every = sources, fetcher, every
        self.analyze, self.problems, self.clock = analyze, problems, clock
        with self.db:
            self.db.executemany("INSERT OR IGNORE INTO watch_sources(url) VALUES (?)", [(u,) for u in sources])

    def close(self) -> None:
        self.db.close()

    def run(self, once: bool = False, stop: Callable[[], bool] = lambda: False) -> None:
        while not stop():
            self.poll_due()
            while self.drain(stop) and not stop():
                pass
            if once:
                return
            time.sleep(max(0.2, min(self.every, self._next_due() - self.clock())))

    # -- sources ----------------------------------------------------------------

    def poll_due(self) -> None:
        now = self.clock()
        marks = ",".join("?" * len(self.sources))
        due = self.db.execute(f"SELECT url, etag, last_modified, failures FROM watch_sources "
                              f"WHERE next_poll <= ? AND url IN ({marks}) ORDER BY url",
                              (now, *self.sources)).fetchall()
        for url, etag, modified, failures in due:
            headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
            try:
                resp = self.fetcher.get(url, headers=headers)
                if resp.status == 304:
                    links = []
                elif resp.status != 200:
                    raise FetchError(f"HTTP {resp.status}")
                else:
                    links = self._links(url, resp)
            except (FetchError, BadInput) as e:
                failures += 1
                self._problem(url, f"{str(e).removeprefix(url + ': ')} (failure {failures}; next try later)")
                with self.db:
                    self.db.execute("UPDATE watch_sources SET failures=?, last_error=?, last_polled=?, next_poll=? "
                                    "WHERE url=?", (failures, str(e)[:500], now,
                                                    now + self.every * min(MAX_BACKOFF, 2 ** failures), url))
                continue
            with self.db:
                self.db.executemany(
                    "INSERT OR IGNORE INTO watch_queue(id, url, source, link, state, added_at) "
                    "VALUES (?, ?, ?, ?, 'new', ?)",
                    [(canonical_url(link.url), link.url, url, json.dumps(asdict(link), ensure_ascii=False), now)
                     for link in links])
                if resp.status == 200:
                    self.db.execute("UPDATE watch_sources SET etag=?, last_modified=? WHERE url=?",
                                    (resp.headers.get("etag"), resp.headers.get("last-modified"), url))
                self.db.execute("UPDATE watch_sources SET failures=0, last_error=NULL, last_polled=?, next_poll=? "
                                "WHERE url=?", (now, now + self.every, url))

    def _links(self, url: str, resp: Response) -> list[Link]:
        kind = kind_of(resp)
        if kind == "feed":
            return feed_links(resp)
        if kind == "sitemap":
            links, nested = sitemap_links(resp)
            for sub in nested[:100]:
                try:
                    r = self.fetcher.get(sub)
                    if r.status == 200:
                        links += sitemap_links(r)[0]
                except (FetchError, BadInput) as e:
                    self._problem(sub, str(e))
            return links
        if kind == "html":
            return [Link(url=resp.final_url)]
        raise BadInput(f"not a feed, sitemap or page ({resp.content_type or 'no type'})")

    def _next_due(self) -> float:
        row = self.db.execute("SELECT MIN(next_poll) FROM watch_sources").fetchone()
        return row[0] if row and row[0] is not None else self.clock() + self.every

    # -- articles ---------------------------------------------------------------

    def drain(self, stop: Callable[[], bool] = lambda: False, batch: int = 200) -> int:
        """Fetch what the queue holds, then analyse the fetched pages in one batch; the number analysed."""
        while not stop():
            row = self.db.execute("SELECT id, url, attempts FROM watch_queue WHERE state='new' AND next_try <= ? "
                                  "ORDER BY added_at, id LIMIT 1", (self.clock(),)).fetchone()
            if row is None or self._fetched_count() >= batch:
                break
            qid, url, attempts = row
            try:
                resp = self.fetcher.get(url)
                if resp.status != 200:
                    raise FetchError(f"HTTP {resp.status}")
            except FetchError as e:
                self._failed(qid, url, attempts + 1, str(e))
                continue
            with self.db:
                self.db.execute("UPDATE watch_queue SET state='fetched', status=?, headers=?, final_url=?, body=?, "
                                "attempts=? WHERE id=?", (resp.status, json.dumps(resp.headers), resp.final_url,
                                                          resp.body, attempts + 1, qid))
        articles, ids = [], []
        for qid, url, link_json, status, headers, final_url, body in self.db.execute(
                "SELECT id, url, link, status, headers, final_url, body FROM watch_queue WHERE state='fetched' "
                "ORDER BY added_at, id").fetchall():
            resp = Response(url=url, final_url=final_url, status=status, headers=json.loads(headers), body=body)
            link = Link(**json.loads(link_json)) if link_json else Link(url=url)
            try:
                if kind_of(resp) != "html":
                    raise BadInput(f"not an HTML page ({resp.content_type or 'no type'})")
                articles.append(article_from_page(resp, link))
                ids.append(qid)
            except BadInput as e:
                self._failed(qid, url, MAX_ATTEMPTS, str(e))
        if articles:
            # Killed inside, the pages stay 'fetched' and are analysed again from
            # the kept bodies; the store skips what it already holds unchanged.
            self.analyze(articles)
            with self.db:
                self.db.executemany("UPDATE watch_queue SET state='done', body=NULL, error=NULL WHERE id=?",
                                    [(i,) for i in ids])
        return len(articles)

    def _fetched_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM watch_queue WHERE state='fetched'").fetchone()[0]

    def _failed(self, qid: str, url: str, attempts: int, error: str) -> None:
        final = attempts >= MAX_ATTEMPTS
        self._problem(url, error.removeprefix(url + ": ") + ("" if final else f" (attempt {attempts}; will retry)"))
        with self.db:
            self.db.execute("UPDATE watch_queue SET state=?, attempts=?, error=?, next_try=? WHERE id=?",
                            ("failed" if final else "new", attempts, error[:500],
                             self.clock() + self.every * min(MAX_BACKOFF, 2 ** attempts), qid))

    def _problem(self, url: str, message: str) -> None:
        from .files import SourceProblem

        stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
        self.problems.append(SourceProblem(url, f"[{stamp}] {message}"))

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT state, COUNT(*) FROM watch_queue GROUP BY state").fetchall())
