"""The search index: derived data over the store that can always be rebuilt.

Two parts, both kept in the store's own SQLite file next to the rows they
index (so one file is still the whole picture):

* ``search_fts`` -- SQLite FTS5 over each article's title and clean text in a
  matching form: :func:`newsloom.normalize.fold` (case, Arabic/Persian letter
  variants, marks) and Arabic proclitics ("و", "ال", "بال", ...) taken off, so
  "والرئيس" is found by "رئيس".  Inflection (Kazakh, Russian, Turkish
  suffixes) is met at query time by prefix queries on a word's stem.
* ``search_names`` -- every name an entity was seen under, and the listed
  names and acronyms of the organisations it is, each as a folded word and as
  the script-independent consonant key of :mod:`newsloom.translit`, so a name
  typed in any script finds the entity ("Tokayev", "Тоқаев", "تاکایف" share
  the key ``TKF``; "CSTO", "ОДКБ" and "ҰҚШҰ" are listed acronyms of one id).

Two more, so that a search touches neither the articles nor their mentions:
``search_doc_entities`` counts each article's mentions of each entity, keyed
by the article's rowid (the entity bonus, the entities' article counts and
the entity facet read it, in either direction), and ``search_titles`` is
FTS5 over the titles alone, which scores a frequent word by its title
matches from postings a few percent the size of the text's.

``search_docs`` holds, per article, the few columns a search filters, sorts
and counts by (language, date, source, event), keyed by the article's rowid:
a query that matches a quarter of 100k articles then joins its hits to a
table of small rows instead of to the articles with their whole text.  A few
indexes on the store's tables (languages, dates, update times) keep the
status line and the lists from reading every article row; two covering
indexes on mentions let the entity hits and facets read no mention row.

``search_docs`` remembers which version (``updated_at``) of each article is
indexed.  ``analyze`` indexes each article in the transaction that stores it
(:func:`index_article`, a few milliseconds next to annotating it), so a store
it writes is searchable as it grows and ``serve`` has nothing to build.
:func:`refresh` catches up with what was written otherwise (older code,
other tools): a full comparison only when the counts disagree, else just the
rows changed since the newest indexed version.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from .normalize import fold
from .translit import skeleton

INDEX_VERSION = "4"

SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS search_docs (
    rid INTEGER PRIMARY KEY,       -- the article's rowid, which is also its search_fts rowid
    article_id TEXT NOT NULL UNIQUE, updated_at TEXT,
    lang TEXT, published TEXT, source TEXT, event_id TEXT
);
CREATE TABLE IF NOT EXISTS search_names (key TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (key, entity_id)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search_titles USING fts5(title, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS search_doc_entities (
    rid INTEGER NOT NULL, entity_id TEXT NOT NULL, n INTEGER NOT NULL,   -- n: the article's mentions of the entity
    PRIMARY KEY (rid, entity_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_entity_docs ON search_doc_entities(entity_id, rid, n);
CREATE INDEX IF NOT EXISTS search_docs_updated ON search_docs(updated_at);
CREATE INDEX IF NOT EXISTS search_docs_published ON search_docs(published);
CREATE INDEX IF NOT EXISTS search_mentions_entity ON mentions(entity_id, article_id);
CREATE INDEX IF NOT EXISTS search_mentions_article ON mentions(article_id, entity_id);
DROP INDEX IF EXISTS search_clusters_last;
CREATE INDEX IF NOT EXISTS search_clusters_recent ON clusters(kind, last, id);
CREATE INDEX IF NOT EXISTS search_clusters_parent ON clusters(parent, first, id);
CREATE INDEX IF NOT EXISTS search_articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS search_articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS search_articles_lang ON articles(lang);
CREATE INDEX IF NOT EXISTS search_articles_updated ON articles(updated_at);
"""

# The tables of earlier index versions, dropped when the version changes.
_TABLES = ("search_fts", "search_docs", "search_names", "search_titles", "search_doc_entities")

_WORD = re.compile(r"\w+")
# Arabic-script proclitics, longest first: conjunction, preposition, article.
_PROCLITIC = re.compile(r"^(?:وبال|وال|بال|فال|كال|لل|ال)(?=\w{3})")
# A key this short names too many things ("KS" is half the map).
MIN_KEY = 3


def match_form(text: str) -> str:
    """Text as the index holds it: folded words with Arabic proclitics removed."""
    return " ".join(_PROCLITIC.sub("", w) for w in _WORD.findall(fold(text or "")))


def query_words(q: str) -> list[str]:
    return match_form(q).split()


@lru_cache(maxsize=4096)
def stem_prefix(word: str) -> str:
    """A word's stem for a prefix query: long words lose room for a suffix.

    Kazakh and Turkish stack suffixes and Russian inflects, so "Қазақстанға",
    "Қазақстанның" and "Қазақстан" must meet: a word of 7+ letters keeps all
    but its last 2 (at least 6), shorter words are matched as typed or with a
    suffix.  A guess, but one that costs no per-language stemmer.
    """
    return word[: max(6, len(word) - 2)] if len(word) >= 7 else word


# Words this short are matched whole: as a prefix, "ле" or "al" is the start of half the vocabulary,
# which costs a pass over all of their postings and finds nothing in particular.
MIN_PREFIX = 3


def fts_query(q: str) -> str | None:
    """An FTS5 MATCH expression: every word, each as a quoted prefix (short words whole)."""
    words = query_words(q)
    if not words:
        return None
    return " AND ".join('"' + stem_prefix(w).replace('"', "") + ('"*' if len(w) >= MIN_PREFIX else '"') for w in words)


def name_keys(name: str) -> set[str]:
    """The lookup keys of one name: each folded word and each long enough consonant key."""
    keys = set()
    for w in match_form(name).split():
        keys.add("w:" + w)
        k = skeleton(w)
        if len(k) >= MIN_KEY:
            keys.add("k:" + k)
    whole = match_form(name).replace(" ", "")
    if whole:
        keys.add("n:" + whole)
    return keys


def find_entities(db: sqlite3.Connection, q: str) -> list[str]:
    """Entity ids that the query names: the whole query as one name, or each word a word of the name."""
    whole = match_form(q).replace(" ", "")
    if not whole:
        return []
    found = {r[0] for r in db.execute("SELECT entity_id FROM search_names WHERE key IN (?, ?)", ("n:" + whole, "a:" + whole))}
    if db.execute("SELECT 1 FROM search_names WHERE key=?", ("a:" + whole,)).fetchone():
        # "CSTO" is the organisation's whole name: "CSTO Collective Security Council", which has
        # the acronym as one of its words, is another body (an organ of it), not what was asked for.
        return sorted(found)
    per_word: set[str] | None = None
    for w in match_form(q).split():
        keys = ["w:" + w] + (["k:" + skeleton(w)] if len(skeleton(w)) >= MIN_KEY else [])
        hits = {r[0] for r in db.execute(f"SELECT entity_id FROM search_names WHERE key IN ({','.join('?' * len(keys))})", keys)}
        per_word = hits if per_word is None else per_word & hits
        if not per_word:
            break
    return sorted(found | (per_word or set()))


# -- keeping it up to date ---------------------------------------------------------


def ensure(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT value FROM meta WHERE key='search_index'").fetchone()
    if not row or row[0] != INDEX_VERSION:
        # Older layout or none: drop, and build again from the rows.
        for table in _TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
    # Statement by statement: executescript would commit the caller's transaction.
    for stmt in filter(str.strip, SCHEMA.split(";")):
        db.execute(stmt)
    if not row or row[0] != INDEX_VERSION:
        db.execute("INSERT INTO meta (key, value) VALUES ('search_index', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                   (INDEX_VERSION,))


def refresh(db: sqlite3.Connection, batch: int = 2000) -> int:
    """Index what changed since the last refresh; returns the number of articles (re)indexed.

    Works in short transactions so that a concurrent ``analyze`` waits at
    most one batch for its write lock.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        ensure(db)
        n_articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        n_docs = db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
        if n_docs > n_articles:
            for (aid, rowid) in db.execute(
                    "SELECT d.article_id, d.rid FROM search_docs d LEFT JOIN articles a ON a.id = d.article_id "
                    "WHERE a.id IS NULL").fetchall():
                _unindex(db, rowid)
            n_docs = db.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
        newest = db.execute("SELECT MAX(updated_at) FROM search_docs").fetchone()[0]
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    stale = "(d.article_id IS NULL OR d.updated_at IS NOT a.updated_at)"
    if n_docs == n_articles and newest is not None:
        # Every article has a version indexed: only rows written since the newest one can differ
        # (updated_at is indexed; ">=" keeps the rows of that same second).
        where, params = f"a.updated_at >= ? AND {stale}", (newest,)
    else:
        where, params = stale, ()
    done = 0
    while True:
        rows = db.execute(
            "SELECT a.id FROM articles a LEFT JOIN search_docs d ON d.article_id = a.id "
            f"WHERE {where} LIMIT ?", (*params, batch)).fetchall()
        if not rows:
            break
        db.execute("BEGIN IMMEDIATE")
        try:
            for (aid,) in rows:
                index_article(db, aid, names=False)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        done += len(rows)
    if done:
        _refresh_names(db)
    return done


def index_article(db: sqlite3.Connection, aid: str, names: bool = True) -> None:
    """(Re)index one stored article inside the caller's transaction; ``names`` adds its entities' name keys."""
    row = db.execute("SELECT rowid, updated_at, COALESCE(clean_title, title), COALESCE(clean_text, text), lang, published, source, "
                     "event_id FROM articles WHERE id=?", (aid,)).fetchone()
    if row is None:
        return
    rowid, updated, title, body, *columns = row
    # Its rowid, and any other this article was indexed under: whatever any of the tables still holds for them.
    for old in {rowid} | {r[0] for r in db.execute("SELECT rid FROM search_docs WHERE article_id=?", (aid,))}:
        _unindex(db, old)
    # The index row shares the article's rowid, so a hit joins back without a lookup table.
    title = match_form(title)
    db.execute("INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, title, match_form(body)))
    db.execute("INSERT INTO search_titles (rowid, title) VALUES (?, ?)", (rowid, title))
    db.execute("INSERT INTO search_doc_entities (rid, entity_id, n) SELECT ?, entity_id, COUNT(*) FROM mentions "
               "WHERE article_id=? AND entity_id IS NOT NULL GROUP BY entity_id", (rowid, aid))
    db.execute("INSERT INTO search_docs (rid, article_id, updated_at, lang, published, source, event_id) VALUES (?,?,?,?,?,?,?)",
               (rowid, aid, updated, *columns))
    if names:
        ids = [r[0] for r in db.execute("SELECT DISTINCT entity_id FROM mentions WHERE article_id=? AND entity_id IS NOT NULL", (aid,))]
        add_names(db, ids)


def _unindex(db: sqlite3.Connection, rid: int) -> None:
    for table, key in (("search_fts", "rowid"), ("search_titles", "rowid"), ("search_doc_entities", "rid"), ("search_docs", "rid")):
        db.execute(f"DELETE FROM {table} WHERE {key}=?", (rid,))


def add_names(db: sqlite3.Connection, ids: list[str]) -> None:
    """Add the name keys of these entities (their names as seen so far, and listed names of organisations).

    Keys are only added: a name an entity lost leaves a key that finds an
    entity with fewer mentions, which the search ranks as such; the next
    full :func:`refresh` of the names drops it.
    """
    if not ids:
        return
    rows: set[tuple[str, str]] = set()
    marks = ",".join("?" * len(ids))
    for eid, name in db.execute(f"SELECT id, name FROM entities WHERE id IN ({marks}) "
                                f"UNION SELECT entity_id, name FROM entity_names WHERE entity_id IN ({marks})", (*ids, *ids)):
        rows.update((k, eid) for k in name_keys(name))
    rows.update(_listed_keys({i for i in ids if i.startswith("org:")}))
    db.executemany("INSERT OR IGNORE INTO search_names (key, entity_id) VALUES (?, ?)", sorted(rows))


def _listed_keys(known: set[str]) -> set[tuple[str, str]]:
    """Name keys from the organisation lexicon for the organisation ids in ``known``."""
    from . import lexicon

    rows: set[tuple[str, str]] = set()
    if not known:
        return rows
    for org in lexicon.organizations():
        eid = f"org:{org['id']}"
        if eid not in known:
            continue
        listed = [org["en"]] + [n for ns in org.get("names", {}).values() for n in ns]
        acronyms = [n for ns in org.get("acronyms", {}).values() for n in ns]
        for name in listed:
            rows.update((k, eid) for k in name_keys(name))
        # An acronym is one word whose consonant key would meet unrelated names; its own prefix
        # lets a query that is an acronym name that organisation alone (see find_entities).
        rows.update(("a:" + match_form(a).replace(" ", ""), eid) for a in acronyms)
    return rows


def _refresh_names(db: sqlite3.Connection) -> None:
    """Rebuild the name keys (small next to the articles: one row per name word)."""
    rows: set[tuple[str, str]] = set()
    for eid, name in db.execute("SELECT id, name FROM entities UNION SELECT entity_id, name FROM entity_names"):
        rows.update((k, eid) for k in name_keys(name))
    rows.update(_listed_keys({r[0] for r in db.execute("SELECT id FROM entities WHERE id LIKE 'org:%'")}))
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM search_names")
        db.executemany("INSERT OR IGNORE INTO search_names (key, entity_id) VALUES (?, ?)", sorted(rows))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
