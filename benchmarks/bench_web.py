"""Latency of the API and the pages on a store of synthetic articles, next to a plain SQLite query of the same rows.

The store is written directly (no annotation): ``--n`` articles of about
article size in six languages, each mentioning a few of 2,000 entities with
names in three scripts, grouped five to an event and ten events to a story.
Each endpoint is called ``--calls`` times in process (FastAPI's TestClient:
routing, the queries, JSON or the template) after a warm-up; the baseline
fetches the same rows with one ``SELECT ... WHERE id IN (...)`` on a fresh
connection, so the ratio is what the query layer and the view cost over
reading the rows at all.

    python benchmarks/bench_web.py [--n 100000] [--calls 60] [--db /tmp/bench_web.db] [--only search] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsloom import queries  # noqa: E402
from newsloom.store import Store  # noqa: E402

LANGS = ["en", "ru", "kk", "ar", "fa", "tr"]
SYLLABLES = {"Latn": "ka ra to le mi su no ve da ri", "Cyrl": "ка ра то ле ми су но ве да ри", "Arab": "كا را تو لي مي سو نو في دا ري"}
SCRIPT = {"en": "Latn", "tr": "Latn", "ru": "Cyrl", "kk": "Cyrl", "ar": "Arab", "fa": "Arab"}


def words(rng: random.Random, script: str, n: int) -> list[str]:
    syl = SYLLABLES[script].split()
    return ["".join(rng.choice(syl) for _ in range(rng.randint(1, 4))) for _ in range(n)]


def build(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocab = {s: words(rng, s, 3000) for s in SYLLABLES}
    ents = [(f"per:e{i}", rng.choice(["PER", "ORG", "LOC"]), {s: " ".join(words(rng, s, 2)) for s in SYLLABLES}) for i in range(2000)]
    store = Store(path)
    db = store.db
    start = date(2024, 1, 1)
    with store.transaction():
        for eid, etype, names in ents:
            db.execute("INSERT INTO entities (id, type, name, given) VALUES (?,?,?,'[]')", (eid, etype, names["Latn"]))
            db.executemany("INSERT INTO entity_names VALUES (?,?,?,?,?)", [(eid, "und", s, nm, 3) for s, nm in names.items()])
        for i in range(n):
            lang = LANGS[i % 6]
            script = SCRIPT[lang]
            ev, st = i // 5, i // 50
            mine = [ents[(ev * 7 + k * 131) % len(ents)] for k in range(4)]
            body_words = [rng.choice(vocab[script]) for _ in range(220)]
            title = " ".join(rng.choice(vocab[script]) for _ in range(8)) + " " + mine[0][2][script]
            text = " ".join(body_words[:100]) + " " + " ".join(m[2][script] for m in mine) + " " + " ".join(body_words[100:])
            day = (start + timedelta(days=ev // 40)).isoformat()
            rec = {"id": f"a{i}", "lang": lang, "title": title, "entities": [], "dates": []}
            db.execute("INSERT INTO articles (id, source, url, lang, script, title, text, clean_title, clean_text, published, meta, "
                       "content_hash, record, features, event_id, story_id, event_score, event_reasons, added_at, updated_at) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,'{}',?,?,NULL,?,?,0.5,'[]',?,?)",
                       (f"a{i}", f"site{i % 40}.example", f"https://site{i % 40}.example/{i}", lang, script, title, text, title, text,
                        day, str(i), json.dumps(rec, ensure_ascii=False), f"ev-{ev}", f"st-{st}", day, day))
            at = len(" ".join(body_words[:100])) + 1
            for m in mine:
                nm = m[2][script]
                db.execute('INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?)', (f"a{i}", "text", at, at + len(nm), nm, m[1], nm, m[0], "bench"))
                at += len(nm) + 1
            if i % 5 == 4:
                state = json.dumps({"members": [f"a{j}" for j in range(i - 4, i + 1)], "entities": {m[0]: 5 for m in mine}, "numbers": {},
                                    "first": day, "last": day, "vector_sum": None, "n_vectors": 0, "langs": {}})
                db.execute("INSERT INTO clusters (id, kind, parent, state, first, last) VALUES (?,?,?,?,?,?)", (f"ev-{ev}", "event", f"st-{st}", state, day, day))
            if i % 50 == 49:
                db.execute("INSERT INTO clusters (id, kind, parent, state, first, last) VALUES (?,?,?,?,?,?)", (f"st-{st}", "story", None, state, day, day))
    store.close()


def timed(fn, calls: int) -> dict:
    for _ in range(3):
        fn(0)
    times = []
    for k in range(calls):
        t = time.perf_counter()
        fn(k)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50": round(statistics.median(times), 2), "p95": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=60)
    ap.add_argument("--db", default="/tmp/bench_web.db")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", default="", help="run the endpoints whose name contains this (e.g. 'search')")
    args = ap.parse_args()
    path = Path(args.db)
    if not path.exists() or queries.status(queries.connect_readonly(path))["articles"] != args.n:
        for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            p.unlink(missing_ok=True)
        t = time.perf_counter()
        build(path, args.n)
        print(f"built {args.n} articles in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    t = time.perf_counter()
    from fastapi.testclient import TestClient

    from newsloom.web.app import create_app

    client = TestClient(create_app(str(path)))
    print(f"opened (search index up to date) in {time.perf_counter() - t:.1f}s", file=sys.stderr)

    ro = queries.connect_readonly(path)
    n_ev, n_st = args.n // 5, args.n // 50
    ent_names = [r[0] for r in ro.execute("SELECT name FROM entity_names WHERE script='Cyrl' ORDER BY entity_id LIMIT 200")]
    some_words = [r[0].split()[0] for r in ro.execute("SELECT title FROM articles WHERE rowid % 997 = 0 LIMIT 200")]

    def get(url):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])
        return r

    def plain(sql_ids):
        def run(k):
            c = queries.connect_readonly(path)
            ids = sql_ids(k)
            c.execute(f"SELECT * FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
            c.close()
        return run

    ids_of = lambda url: [a["id"] for a in client.get(url).json()["articles"]]  # noqa: E731
    cases = [
        ("api status", lambda k: "/api/v1/status", None),
        ("api search, entity name", lambda k: f"/api/v1/search?q={ent_names[k % len(ent_names)]}", "search"),
        ("api search, word", lambda k: f"/api/v1/search?q={some_words[k % len(some_words)]}", "search"),
        ("api search, word + lang + dates", lambda k: f"/api/v1/search?q={some_words[k % len(some_words)]}&lang=ru&from=2024-01-05&to=2024-06-01", "search"),
        ("api article", lambda k: f"/api/v1/articles/a{(k * 7919) % args.n}", "one"),
        ("api events by size", lambda k: "/api/v1/events?sort=size", None),
        ("api event", lambda k: f"/api/v1/events/ev-{(k * 31) % n_ev}", "event"),
        ("api entity", lambda k: f"/api/v1/entities/per:e{(k * 17) % 2000}", None),
        ("page /", lambda k: "/", None),
        ("page /search", lambda k: f"/search?q={ent_names[k % len(ent_names)]}", "search"),
        ("page /events/{id}", lambda k: f"/events/ev-{(k * 31) % n_ev}", "event"),
        ("page /stories/{id}", lambda k: f"/stories/st-{(k * 13) % n_st}", None),
        ("page /entities/{id}", lambda k: f"/entities/per:e{(k * 17) % 2000}", None),
        ("page /articles/{id}", lambda k: f"/articles/a{(k * 7919) % args.n}", "one"),
    ]
    rows = []
    for name, url, base in cases:
        if args.only not in name:
            continue
        res = timed(lambda k: get(url(k)), args.calls)
        if base == "search":
            api = url(0).replace("/search?", "/api/v1/search?") if url(0).startswith("/search") else url(0)
            ids = ids_of(api)
            b = timed(plain(lambda k: ids), args.calls)
        elif base == "one":
            b = timed(plain(lambda k: [f"a{(k * 7919) % args.n}"]), args.calls)
        elif base == "event":
            b = timed(plain(lambda k: [f"a{((k * 31) % n_ev) * 5 + j}" for j in range(5)]), args.calls)
        else:
            b = None
        rows.append({"endpoint": name, **res, "plain_p50": b["p50"] if b else None,
                     "ratio_p50": round(res["p50"] / b["p50"], 1) if b and b["p50"] else None})
    if args.json:
        print(json.dumps({"n": args.n, "rows": rows}))
    else:
        print(f"{args.n} articles; ms per call, p50 / p95; plain = one SELECT of the same article rows on a fresh connection")
        print(f"{'endpoint':36} {'p50':>8} {'p95':>8} {'plain p50':>10} {'ratio':>6}")
        for r in rows:
            print(f"{r['endpoint']:36} {r['p50']:8.1f} {r['p95']:8.1f} {r['plain_p50'] if r['plain_p50'] is not None else '':>10} "
                  f"{r['ratio_p50'] if r['ratio_p50'] is not None else '':>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
