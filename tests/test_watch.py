"""``watch`` against a local feed: killed and restarted, it loses nothing and fetches nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from .httpserver import Site
from .test_fetch import ntrex, page


def feed(site: Site, n: int) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>{site.url(f'/a/{i}')}?utm_medium=feed</link></item>"
                    for i in range(n))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Local</title>{items}</channel></rss>"


def watch(sources, db, *extra):
    return [sys.executable, "-m", "newsloom.cli", "watch", str(sources), "--db", str(db), "--no-embed",
            "--allow-private", "-q", *extra]


def stored(db) -> list[str]:
    try:
        with sqlite3.connect(db) as c:
            return [r[0] for r in c.execute("SELECT id FROM articles ORDER BY id")]
    except sqlite3.OperationalError:
        return []


def kept(db) -> int:
    """Queued pages whose body is kept (or already analysed): what a restart must not fetch again."""
    try:
        with sqlite3.connect(db, timeout=1) as c:
            return c.execute("SELECT COUNT(*) FROM watch_queue WHERE state IN ('fetched', 'done')").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy for a moment
        return 0


def test_watch_killed_and_restarted_loses_nothing_fetches_nothing_twice(tmp_path):
    docs = ntrex(6, "rus")
    with Site() as site:
        for i, d in enumerate(docs):
            site.add(f"/a/{i}", page(d))
        site.add("/feed.xml", feed(site, 4), ctype="application/rss+xml", headers={"ETag": '"v1"'})
        sources = tmp_path / "sources.txt"
        sources.write_text(f"# local feed\n{site.url('/feed.xml')}\n", encoding="utf-8")
        db = tmp_path / "watch.db"

        proc = subprocess.Popen(watch(sources, db, "--every", "1s"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Killed at a point the store names, not after a guessed time: once every page of the
        # feed is kept in the queue (downloaded), wherever analysis is.  A kill during a
        # download would make the page's second request legitimate; a kill after it must not.
        # However loaded the machine, this waits for that state (or fails saying so).
        deadline = time.time() + 600
        while kept(db) < 4:
            assert proc.poll() is None, proc.communicate()[1].decode(errors="replace")[-2000:]
            assert time.time() < deadline, "watch did not download the feed's 4 pages in 10 minutes"
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()

        # Two more articles appear; a restart picks up the rest and the new ones.
        site.add("/feed.xml", feed(site, 6), ctype="application/rss+xml", headers={"ETag": '"v2"'})
        p = subprocess.run(watch(sources, db, "--once"), capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, p.stderr
        assert "Traceback" not in p.stderr
    ids = stored(db)
    assert len(ids) == 6 and len(set(ids)) == 6
    pages = [h.split("?")[0] for h in site.hits if h.startswith("/a/")]
    assert sorted(pages) == sorted(f"/a/{i}" for i in range(6)), site.hits
    with sqlite3.connect(db) as c:
        states = dict(c.execute("SELECT state, COUNT(*) FROM watch_queue GROUP BY state").fetchall())
        etag = c.execute("SELECT etag FROM watch_sources").fetchone()[0]
    assert states == {"done": 6} and etag == '"v2"'


def test_watch_refuses_private_without_the_flag_and_backs_off(tmp_path):
    sources = tmp_path / "sources.txt"
    sources.write_text("http://127.0.0.1:9/feed\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "newsloom.cli", "watch", str(sources), "--db", str(tmp_path / "w.db"), "--once",
           "--no-embed", "-q"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "loopback" in p.stderr and "Traceback" not in p.stderr
    with sqlite3.connect(tmp_path / "w.db") as c:
        failures, next_poll, polled = c.execute("SELECT failures, next_poll, last_polled FROM watch_sources").fetchone()
    assert failures == 1 and next_poll > polled


def test_watch_bad_arguments_exit_2(tmp_path):
    sources = tmp_path / "s.txt"
    sources.write_text("ftp://x\n", encoding="utf-8")
    for extra in (["--every", "soon"], []):
        p = subprocess.run([sys.executable, "-m", "newsloom.cli", "watch", str(sources), "--db",
                            str(tmp_path / "w.db"), *extra], capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1, p.stderr


def test_an_unchanged_feed_is_asked_with_its_etag_and_answers_304(tmp_path):
    """The second poll sends the ETag and Last-Modified the first one got; a 304 queues nothing and is no failure."""
    from newsloom.ingest.fetch import Fetcher
    from newsloom.ingest.watch import Watcher

    asked: list[dict] = []

    def answer(handler):
        asked.append({k: handler.headers.get(k) for k in ("If-None-Match", "If-Modified-Since")})
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, b""
        return 200, feed(site, 3).encode()

    now = [1000.0]
    with Site() as site:
        site.add("/feed.xml", answer, ctype="application/rss+xml",
                 headers={"ETag": '"v1"', "Last-Modified": "Sun, 30 Sep 2018 10:00:00 GMT"})
        w = Watcher(str(tmp_path / "w.db"), [site.url("/feed.xml")], Fetcher(allow=("127.0.0.1/32",), delay=0.0, timeout=2.0),
                    every=60, analyze=lambda articles: None, problems=[], clock=lambda: now[0])
        w.poll_due()
        now[0] += 61
        w.poll_due()
        queued = w.db.execute("SELECT COUNT(*) FROM watch_queue").fetchone()[0]
        etag, failures, next_poll = w.db.execute("SELECT etag, failures, next_poll FROM watch_sources").fetchone()
        w.close()
    assert asked == [{"If-None-Match": None, "If-Modified-Since": None},
                     {"If-None-Match": '"v1"', "If-Modified-Since": "Sun, 30 Sep 2018 10:00:00 GMT"}]
    assert queued == 3 and etag == '"v1"' and failures == 0 and next_poll == 1061 + 60
