"""The SQLite store that the CLI (and later the API and web pages) all read.

Each article is written in one transaction together with everything it changed
(its mentions, the entities and names it touched, its event and story), so a
run killed half-way leaves a consistent store, and the next run skips what is
already there (same id, same content hash) and does the rest.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from .embed import SemanticSpace
from .events import Cluster, Clusterer, Features
from .kb import KBEntity, KnowledgeBase

# Version 1 is the layout of c126e53, which set neither pragma; version 2
# keeps what the knowledge base and the clusterer learn (entities.state,
# clusters.seq, per-language embedding means in meta) so restarts are exact;
# version 3 names articles read from files after the folder given, too.
SCHEMA_VERSION = 3
APPLICATION_ID = 0x4E4C4F4D  # "NLOM": marks the file as a newsloom store
_V1_TABLES = {"articles", "mentions", "dates", "entities", "entity_names", "clusters", "relations", "meta"}


class StoreError(Exception):
    """A store that cannot be opened as asked; the message is one line for the user."""


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
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, given TEXT,
    state TEXT                 -- what the knowledge base indexes and counts for it (JSON)
);
CREATE TABLE IF NOT EXISTS entity_names (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    lang TEXT, script TEXT, name TEXT, count INTEGER,
    PRIMARY KEY (entity_id, lang, script, name)
);
CREATE TABLE IF NOT EXISTS clusters (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL,   -- 'event' | 'story'
    parent TEXT, state TEXT NOT NULL, first TEXT, last TEXT,
    seq INTEGER                -- order of last change: the clusterer's "most recently active"
);
CREATE INDEX IF NOT EXISTS clusters_seq ON clusters(seq);
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
    """One newsloom store.  ``readonly`` opens for the views: nothing is created or migrated."""

    @staticmethod
    def check(path: str | Path) -> None:
        """Refuse (StoreError) a path that is not, or cannot become, a newsloom store, writing nothing."""
        _check_file(str(path), readonly=False)
        if Path(path).exists() and Path(path).stat().st_size:
            try:
                Store(path, readonly=True).close()
            except StoreError as e:
                if "empty database" not in str(e):
                    raise

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        _check_file(self.path, readonly)
        try:
            if readonly:
                self.db = sqlite3.connect(f"file:{Path(self.path).resolve()}?mode=ro", uri=True, isolation_level=None)
            else:
                self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self._prepare()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable SQLite database ({e})") from None

    def _prepare(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        app = self.db.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store version {version} is newer than this newsloom ({SCHEMA_VERSION}); upgrade newsloom")
        elif not tables and not app and not version:
            if self.readonly:
                raise StoreError(f"{self.path}: empty database, not a newsloom store (run 'newsloom analyze' first)")
            version = 0
        elif not app and not version and _is_v1(self.db, tables):
            version = 1
        else:
            raise StoreError(f"{self.path}: not a newsloom store (left untouched)")
        if self.readonly:
            return
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        # A writer waits for a reader's snapshot rather than failing at once.
        self.db.execute("PRAGMA busy_timeout=10000")
        if version < SCHEMA_VERSION:
            self._migrate(version)
        self.db.execute("PRAGMA foreign_keys=ON")

    def _migrate(self, version: int) -> None:
        """Bring a store forward to SCHEMA_VERSION in one transaction."""
        from .store_migrate import MIGRATIONS

        self.db.execute("BEGIN IMMEDIATE")
        try:
            if version == 0:
                for stmt in _statements(SCHEMA):
                    self.db.execute(stmt)
            else:
                for v in range(version, SCHEMA_VERSION):
                    MIGRATIONS[v](self.db)
            self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

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
        """The knowledge base as the process that wrote the store left it: names, indexes, company, counts."""
        kb = KnowledgeBase()
        names: dict[str, Counter] = {}
        for r in self.db.execute("SELECT entity_id, lang, script, name, count FROM entity_names ORDER BY rowid"):
            names.setdefault(r["entity_id"], Counter())[(r["lang"], r["script"], r["name"])] = r["count"]
        for r in self.db.execute("SELECT id, type, name, given, state FROM entities ORDER BY rowid"):
            ent = KBEntity(r["id"], r["type"], r["name"], names.get(r["id"], Counter()), set(json.loads(r["given"] or "[]")), dirty=False)
            st = json.loads(r["state"] or "{}")
            kb.entities[ent.id] = ent
            ent.context = Counter(st.get("context", {}))
            if st.get("born") is not None:
                kb._born[ent.id] = st["born"]
            if st.get("df"):
                kb._df[ent.id] = st["df"]
            for surname in st.get("surnames", ()):
                kb._index(surname, ent.id)
            for spelled in st.get("spellings", ()):
                kb._spellings[spelled].add(ent.id)
                ent.spellings.add(spelled)
            kb._given_keys.update(ent.given)
            if ent.type == "LOC":
                for _, _, name in ent.names:
                    kb._note_place(name, ent.id)
        kb._articles = int(self.get_meta("kb_articles") or 0)
        return kb

    def save_entities(self, db: sqlite3.Connection, kb: KnowledgeBase) -> None:
        """Every entity the last article changed, with the knowledge base's view of it (in the caller's transaction)."""
        for ent in kb.entities.values():
            if not ent.dirty:
                continue
            state = {"surnames": sorted(ent.surnames), "spellings": sorted(ent.spellings),
                     "context": dict(sorted(ent.context.items())), "df": kb._df.get(ent.id, 0), "born": kb._born.get(ent.id)}
            db.execute(
                "INSERT INTO entities (id, type, name, given, state) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "type=excluded.type, name=excluded.name, given=excluded.given, state=excluded.state",
                (ent.id, ent.type, ent.name, json.dumps(sorted(ent.given)), json.dumps(state, ensure_ascii=False)),
            )
            db.executemany(
                "INSERT INTO entity_names (entity_id, lang, script, name, count) VALUES (?,?,?,?,?) "
                "ON CONFLICT(entity_id, lang, script, name) DO UPDATE SET count=excluded.count",
                [(ent.id, lang, script, name, c) for (lang, script, name), c in ent.names.items()],
            )
            ent.dirty = False
        db.execute("INSERT INTO meta (key, value) VALUES ('kb_articles', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                   (str(kb._articles),))

    def drop_entities(self, db: sqlite3.Connection, kb: KnowledgeBase, ids: set[str]) -> list[str]:
        """Remove the entities of ``ids`` that no article mentions any more, from the store and the knowledge base."""
        gone = [eid for eid in sorted(ids)
                if eid in kb.entities and not db.execute("SELECT 1 FROM mentions WHERE entity_id=? LIMIT 1", (eid,)).fetchone()]
        for eid in gone:
            ent = kb.entities.pop(eid)
            for surname in ent.surnames:
                kb._by_surname[("PER", surname)].discard(eid)
            for spelled in ent.spellings:
                kb._spellings[spelled].discard(eid)
            kb._df.pop(eid, None)
            db.execute("DELETE FROM entity_names WHERE entity_id=?", (eid,))
            db.execute("DELETE FROM entities WHERE id=?", (eid,))
        if gone:
            # Derived from every remaining entity, as a fresh load would derive them.
            kb._given_keys = set().union(*(e.given for e in kb.entities.values()))
            kb._place_keys = set()
            kb._places_by_key.clear()
            for e in kb.entities.values():
                if e.type == "LOC":
                    for _, _, name in e.names:
                        kb._note_place(name, e.id)
        return gone

    # -- clusters ----------------------------------------------------------------
    def load_clusterer(self, kind: str, clusterer: Clusterer) -> Clusterer:
        # In order of last change: the clusterer's indexes list the most recently active last.
        for r in self.db.execute("SELECT id, parent, state FROM clusters WHERE kind=? ORDER BY seq, rowid", (kind,)):
            c = cluster_from_json(r["id"], json.loads(r["state"]))
            c.parent = r["parent"]
            clusterer.clusters[c.id] = c
            clusterer.index_cluster(c)
            num = int(c.id.rsplit("-", 1)[-1]) if c.id.rsplit("-", 1)[-1].isdigit() else 0
            clusterer._next = max(clusterer._next, num + 1)
        if kind == "event":
            # Document frequencies over the stored articles, as the running clusterer counted them.
            for (raw,) in self.db.execute("SELECT features FROM articles WHERE features IS NOT NULL"):
                clusterer.n_docs += 1
                clusterer.doc_freq.update(set(json.loads(raw).get("entities", {})))
        return clusterer

    def save_cluster(self, db: sqlite3.Connection, kind: str, c: Cluster) -> None:
        db.execute(
            "INSERT INTO clusters (id, kind, parent, state, first, last, seq) "
            "VALUES (?,?,?,?,?,?,(SELECT COALESCE(MAX(seq), 0) + 1 FROM clusters)) ON CONFLICT(id) DO UPDATE "
            "SET parent=excluded.parent, state=excluded.state, first=excluded.first, last=excluded.last, seq=excluded.seq",
            (c.id, kind, c.parent, json.dumps(cluster_to_json(c)), _iso(c.first), _iso(c.last)),
        )

    # -- embedding space ---------------------------------------------------------
    def load_space(self) -> SemanticSpace:
        """The shipped language means, refined by what the store's articles taught (one meta row per language)."""
        space = SemanticSpace()
        rows = self.db.execute("SELECT key, value FROM meta WHERE key LIKE 'space:%'").fetchall()
        for key, value in rows:
            d = json.loads(value)
            lang = key.split(":", 1)[1]
            space.means[lang] = np.asarray(d["mean"], dtype=np.float32)
            space.counts[lang] = float(d["n"])
        return space

    def save_space(self, db: sqlite3.Connection, space: SemanticSpace, langs: list[str]) -> None:
        db.executemany(
            "INSERT INTO meta (key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            [(f"space:{lang}", json.dumps({"n": space.counts[lang], "mean": [float(x) for x in space.means[lang]]}))
             for lang in dict.fromkeys(langs) if lang in space.means],
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


@contextmanager
def writer_lock(path: str, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the one-writer lock of the store at ``path`` (a ``.lock`` file beside it).

    SQLite serialises single transactions, not runs: two writers would each
    number clusters from what they loaded and overwrite each other.  The
    lock is an flock, so a killed writer never leaves it held.
    """
    import fcntl

    lock_path = path + ".lock"
    try:
        fh = open(lock_path, "a+")
    except OSError as e:
        raise StoreError(f"{lock_path}: cannot create the writer lock ({e.strerror})") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if not wait:
                raise StoreError(f"{path} is being written by {holder}; try again when it is done (or use --wait)") from None
            if on_wait:
                on_wait(f"{path} is being written by {holder}; waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"newsloom analyze (pid {os.getpid()})\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def _statements(script: str) -> list[str]:
    # executescript() would commit the open transaction first.
    return [stmt for stmt in script.split(";") if stmt.strip()]


def _check_file(path: str, readonly: bool) -> None:
    p = Path(path)
    if p.is_dir():
        raise StoreError(f"{path}: is a directory, not a store file")
    if not p.exists():
        if readonly:
            raise StoreError(f"no database at {path} (run 'newsloom analyze' first)")
        if not p.parent.is_dir():
            raise StoreError(f"{path}: folder {p.parent} does not exist")
        if not os.access(p.parent, os.W_OK):
            raise StoreError(f"{path}: folder {p.parent} is not writable")
        return
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError as e:
        raise StoreError(f"{path}: cannot be read ({e.strerror})") from None
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not an SQLite database, not a newsloom store (left untouched)")


def _is_v1(db: sqlite3.Connection, tables: set[str]) -> bool:
    """The layout of c126e53: the same tables, articles carrying content_hash and record."""
    if not _V1_TABLES <= tables:
        return False
    cols = {r[1] for r in db.execute("PRAGMA table_info(articles)")}
    return {"content_hash", "record", "features"} <= cols


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
        "happened": _iso(f.happened),
        "published": _iso(f.published),
        # Exact float32 values (see analyze.exact_vector): a restarted run must see what the running one saw.
        "embedding": [float(x) for x in f.embedding] if f.embedding is not None else None,
        "lang": f.lang,
        "entity_seq": f.entity_seq,
        "number_seq": f.number_seq,
    }


def features_from_json(d: dict) -> Features:
    return Features(Counter(d["entities"]), set(d["numbers"]), _date(d["not_before"]), _date(d["published"]), d.get("embedding"), d.get("lang"),
                    d.get("entity_seq", []), d.get("number_seq", []), _date(d.get("happened")))


def cluster_to_json(c: Cluster) -> dict:
    return {
        "members": c.members,
        "entities": dict(c.entities),
        "numbers": dict(sorted(c.numbers.items())),  # from sets: their order is the hash seed's
        "first": _iso(c.first),
        "last": _iso(c.last),
        "vector_sum": [float(x) for x in c.vector_sum] if c.vector_sum is not None else None,
        "n_vectors": c.n_vectors,
        "langs": dict(sorted(c.langs.items())),
    }


def cluster_from_json(cid: str, d: dict) -> Cluster:
    return Cluster(cid, list(d["members"]), Counter(d["entities"]), Counter(d["numbers"]), _date(d["first"]),
                   _date(d["last"]), _vector(d.get("vector_sum")), d.get("n_vectors", 0), langs=Counter(d.get("langs", {})))


def _vector(v: list[float] | None) -> np.ndarray | None:
    return np.asarray(v, dtype=np.float32) if v is not None else None
