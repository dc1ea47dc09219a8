"""The SQLite store that the CLI (and later the API and web pages) all read.

Each article is written in one transaction together with everything it changed
(its mentions, the entities and names it touched, its event and story), so a
run killed half-way leaves a consistent store, and the next run skips what is
already there (same id, same content hash) and does the rest.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from .events import Cluster, Clusterer, Features
from .kb import KBEntity, KnowledgeBase

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT, url TEXT, lang TEXT, script TEXT,
    title TEXT NOT NULL, text TEXT NOT NULL,
    clean_title TEXT, clean_text TEXT,
    published TEXT, meta TEXT,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,          -- the annotate output record (JSON)
    features TEXT,                 -- clustering features (JSON)
    event_id TEXT, story_id TEXT,
    event_score REAL, event_reasons TEXT,
    added_at TEXT, updated_at TEXT
);
CREATE INDEX IF NOT EXISTS articles_event ON articles(event_id);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field TEXT, start INTEGER, "end" INTEGER, text TEXT,
    type TEXT, base TEXT, entity_id TEXT, source TEXT
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS dates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field TEXT, start INTEGER, "end" INTEGER, text TEXT, value TEXT, calendar TEXT
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, given TEXT
);
CREATE TABLE IF NOT EXISTS entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    lang TEXT, script TEXT, name TEXT, count INTEGER,
    PRIMARY KEY (entity_id, lang, script, name)
);
CREATE TABLE IF NOT EXISTS clusters (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL,   -- 'event' | 'story'
    parent TEXT, state TEXT NOT NULL, first TEXT, last TEXT
);
CREATE TABLE IF NOT EXISTS relations (          -- translations and near-copies inside an event
    a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, score REAL, reasons TEXT, evidence TEXT,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS relations_b ON relations(b);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- articles -------------------------------------------------------------------
    def article_hash(self, aid: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM articles WHERE id=?", (aid,)).fetchone()
        return row[0] if row else None

    def record(self, aid: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record, event_id, story_id FROM articles WHERE id=?", (aid,)).fetchone()
        if not row:
            return None
        rec = json.loads(row["record"])
        rec["event_id"], rec["story_id"] = row["event_id"], row["story_id"]
        return rec

    def save_article(self, db: sqlite3.Connection, article, record: dict, feats: Features, reasons: list[str], score: float) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        db.execute("DELETE FROM mentions WHERE article_id=?", (article.id,))
        db.execute("DELETE FROM dates WHERE article_id=?", (article.id,))
        db.execute(
            """INSERT INTO articles (id, source, url, lang, script, title, text, clean_title, clean_text,
                   published, meta, content_hash, record, features, event_id, story_id, event_score,
                   event_reasons, added_at, updated_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET source=excluded.source, url=excluded.url, lang=excluded.lang,
                   script=excluded.script, title=excluded.title, text=excluded.text,
                   clean_title=excluded.clean_title, clean_text=excluded.clean_text,
                   published=excluded.published, meta=excluded.meta, content_hash=excluded.content_hash,
                   record=excluded.record, features=excluded.features, event_id=excluded.event_id,
                   story_id=excluded.story_id, event_score=excluded.event_score,
                   event_reasons=excluded.event_reasons, updated_at=excluded.updated_at""",
            (
                article.id, article.source, article.url, article.lang, article.script, article.title, article.text,
                _clean(article, "title"), _clean(article, "text"), article.published,
                json.dumps(article.meta, ensure_ascii=False, default=str), article.meta.get("content_hash") or article.content_hash,
                json.dumps(record, ensure_ascii=False), json.dumps(features_to_json(feats)),
                article.event_id, article.story_id, score, json.dumps(reasons, ensure_ascii=False), now, now,
            ),
        )
        db.executemany(
            'INSERT INTO mentions (article_id, field, start, "end", text, type, base, entity_id, source) VALUES (?,?,?,?,?,?,?,?,?)',
            [(article.id, m.field, m.start, m.end, m.text, m.type, m.base, m.entity_id, m.source) for m in article.mentions],
        )
        db.executemany(
            'INSERT INTO dates (article_id, field, start, "end", text, value, calendar) VALUES (?,?,?,?,?,?,?)',
            [(article.id, d.field, d.start, d.end, d.text, d.value, d.calendar) for d in article.dates],
        )

    def save_relations(self, db: sqlite3.Connection, aid: str, relations) -> None:
        db.execute("DELETE FROM relations WHERE a=? OR b=?", (aid, aid))
        db.executemany(
            "INSERT OR REPLACE INTO relations (a, b, kind, score, reasons, evidence) VALUES (?,?,?,?,?,?)",
            [(r.a, r.b, r.kind, r.score, json.dumps(r.reasons, ensure_ascii=False), json.dumps(r.evidence, ensure_ascii=False))
             for r in relations],
        )

    def article_features(self, aid: str) -> Features | None:
        row = self.db.execute("SELECT features FROM articles WHERE id=?", (aid,)).fetchone()
        return features_from_json(json.loads(row[0])) if row and row[0] else None

    # -- knowledge base ------------------------------------------------------------
    def load_kb(self) -> KnowledgeBase:
        kb = KnowledgeBase()
        names: dict[str, Counter] = {}
        for r in self.db.execute("SELECT entity_id, lang, script, name, count FROM entity_names"):
            names.setdefault(r["entity_id"], Counter())[(r["lang"], r["script"], r["name"])] = r["count"]
        for r in self.db.execute("SELECT id, type, name, given FROM entities"):
            ent = KBEntity(r["id"], r["type"], r["name"], names.get(r["id"], Counter()), set(json.loads(r["given"] or "[]")), dirty=False)
            kb.add_entity(ent)
        return kb

    def save_entities(self, db: sqlite3.Connection, kb: KnowledgeBase) -> None:
        for ent in kb.entities.values():
            if not ent.dirty:
                continue
            db.execute(
                "INSERT INTO entities (id, type, name, given) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "type=excluded.type, name=excluded.name, given=excluded.given",
                (ent.id, ent.type, ent.name, json.dumps(sorted(ent.given))),
            )
            db.executemany(
                "INSERT INTO entity_names (entity_id, lang, script, name, count) VALUES (?,?,?,?,?) "
                "ON CONFLICT(entity_id, lang, script, name) DO UPDATE SET count=excluded.count",
                [(ent.id, lang, script, name, c) for (lang, script, name), c in ent.names.items()],
            )

    # -- clusters ----------------------------------------------------------------
    def load_clusterer(self, kind: str, clusterer: Clusterer) -> Clusterer:
        for r in self.db.execute("SELECT id, parent, state FROM clusters WHERE kind=?", (kind,)):
            c = cluster_from_json(r["id"], json.loads(r["state"]))
            c.parent = r["parent"]
            clusterer.clusters[c.id] = c
            clusterer.index_cluster(c)
            num = int(c.id.rsplit("-", 1)[-1]) if c.id.rsplit("-", 1)[-1].isdigit() else 0
            clusterer._next = max(clusterer._next, num + 1)
        unit = "articles" if kind == "event" else "clusters WHERE kind='event'"
        col = "features" if kind == "event" else "state"
        for (raw,) in self.db.execute(f"SELECT {col} FROM {unit}"):
            if raw:
                clusterer.n_docs += 1
                clusterer.doc_freq.update(set(json.loads(raw).get("entities", {})))
        return clusterer

    def save_cluster(self, db: sqlite3.Connection, kind: str, c: Cluster) -> None:
        db.execute(
            "INSERT INTO clusters (id, kind, parent, state, first, last) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE "
            "SET parent=excluded.parent, state=excluded.state, first=excluded.first, last=excluded.last",
            (c.id, kind, c.parent, json.dumps(cluster_to_json(c)), _iso(c.first), _iso(c.last)),
        )

    def delete_cluster(self, db: sqlite3.Connection, cid: str) -> None:
        db.execute("DELETE FROM clusters WHERE id=?", (cid,))

    # -- reading -------------------------------------------------------------------
    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self.db.execute(sql, params).fetchall()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))


def _clean(article, fname: str) -> str | None:
    ct = article.clean.get(fname)
    return ct.text if ct is not None else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def features_to_json(f: Features) -> dict:
    return {
        "entities": dict(f.entities),
        "numbers": sorted(f.numbers),
        "not_before": _iso(f.not_before),
        "published": _iso(f.published),
        "embedding": [round(x, 5) for x in f.embedding] if f.embedding is not None else None,
        "lang": f.lang,
        "entity_seq": f.entity_seq,
        "number_seq": f.number_seq,
    }


def features_from_json(d: dict) -> Features:
    return Features(Counter(d["entities"]), set(d["numbers"]), _date(d["not_before"]), _date(d["published"]), d.get("embedding"), d.get("lang"),
                    d.get("entity_seq", []), d.get("number_seq", []))


def cluster_to_json(c: Cluster) -> dict:
    return {
        "members": c.members,
        "entities": dict(c.entities),
        "numbers": dict(c.numbers),
        "first": _iso(c.first),
        "last": _iso(c.last),
        "vector_sum": [round(float(x), 5) for x in c.vector_sum] if c.vector_sum is not None else None,
        "n_vectors": c.n_vectors,
        "langs": dict(c.langs),
    }


def cluster_from_json(cid: str, d: dict) -> Cluster:
    return Cluster(cid, list(d["members"]), Counter(d["entities"]), Counter(d["numbers"]), _date(d["first"]),
                   _date(d["last"]), _vector(d.get("vector_sum")), d.get("n_vectors", 0), langs=Counter(d.get("langs", {})))


def _vector(v: list[float] | None) -> np.ndarray | None:
    return np.asarray(v, dtype=np.float32) if v is not None else None
