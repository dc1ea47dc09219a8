"""The read side of the store: one set of queries behind the CLI reports, the JSON API and the pages.

Every function takes an open ``sqlite3.Connection`` (``row_factory =
sqlite3.Row``) and returns plain dicts and lists, so ``report.py`` prints
them, the API serialises them and the templates render them: three views,
one reading of the rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

from . import copies, search_index, statements

TOP_ENTITIES = 6
MAX_SIZE = 100
# Facets and event groups of a search are counted over at most this many hits (the best),
FACET_HITS = 5000
# ...and the entities facet, which reads every mention of each, over this many.
ENTITY_FACET_HITS = 1000
# A search names at most this many entities (the most written about of those its words name).
NAMED_ENTITIES = 20
_COPY_KINDS = ("translation", "near-copy")


# SQLite's default build caps memory-mapped reading at 2 GiB; reads past it go through the page cache.
MMAP_BYTES = 1 << 31


class QueryError(ValueError):
    """A parameter that cannot be answered (shown to the user as it is)."""


class NotFound(LookupError):
    pass


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection that sees what a concurrent ``analyze`` commits (WAL)."""
    # Autocommit: a search writes its temporary tables, and an implicit transaction around those
    # would pin the connection to one snapshot, blind to what analyze commits after.
    db = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA busy_timeout=5000")
    # A search's hits go into temporary tables: keep them off the disk.
    db.execute("PRAGMA temp_store=MEMORY")
    # Pages read straight from the OS cache: a new connection's own page cache is empty and small, and copying every
    # page of a search's probes into it was a third of a search (measured: 33 -> 27 ms, fresh connection, 100k store).
    db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    return db


def prepare_index(path: str | Path) -> int:
    """Bring the search index of the store at ``path`` up to date (the only write the web side makes)."""
    db = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        return search_index.refresh(db)
    finally:
        db.close()


def _rows(db: sqlite3.Connection, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
    return db.execute(sql, tuple(params)).fetchall()


def _marks(items) -> str:
    return ",".join("?" * len(items))


def check_date(value: str | None, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, not {value[:40]!r}") from None


# -- small shared pieces ---------------------------------------------------------------


def entity_names(db: sqlite3.Connection, ids=None) -> dict[str, str]:
    if ids is None:
        return {r["id"]: r["name"] for r in _rows(db, "SELECT id, name FROM entities")}
    ids = list(ids)
    return {r["id"]: r["name"] for r in _rows(db, f"SELECT id, name FROM entities WHERE id IN ({_marks(ids)})", ids)} if ids else {}


def article_rows(db: sqlite3.Connection, ids: list[str] | None = None) -> list[sqlite3.Row]:
    """Articles with their analysis record, in the order of ``ids`` (all by id when None)."""
    sql = "SELECT id, lang, script, title, published, event_id, story_id, record FROM articles"
    if ids is None:
        return _rows(db, sql + " ORDER BY id")
    found = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        found.update((r["id"], r) for r in _rows(db, sql + f" WHERE id IN ({_marks(chunk)})", chunk))
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def relations(db: sqlite3.Connection, ids: list[str]) -> list[dict]:
    """Translations, near-copies and shared passages among these articles, with their evidence."""
    if not ids:
        return []
    rows = _rows(db, f"SELECT a, b, kind, score, reasons, evidence FROM relations WHERE a IN ({_marks(ids)}) AND b IN ({_marks(ids)}) "
                     "ORDER BY a, b", (*ids, *ids))
    return [{"a": r["a"], "b": r["b"], "kind": r["kind"], "score": r["score"], "reasons": json.loads(r["reasons"] or "[]"),
             "evidence": json.loads(r["evidence"] or "[]")} for r in rows]


def headline(db: sqlite3.Connection, col: str, cid: str, members: list, entities: Counter) -> str:
    """The title that names most of what the cluster is about.

    A member's title scores the cluster-wide counts of the entities it
    mentions; ties go to the earliest article.  The first article alone is
    often a brief or a translation that names only one side of the event.
    """
    if not members:
        return ""
    named: dict[str, set] = {}
    for r in _rows(db, f"SELECT m.article_id, m.entity_id FROM mentions m JOIN articles a ON a.id = m.article_id "
                       f"WHERE a.{col}=? AND m.field='title' AND m.entity_id IS NOT NULL", (cid,)):
        named.setdefault(r["article_id"], set()).add(r["entity_id"])
    best = max(enumerate(members), key=lambda nm: (sum(entities.get(e, 0) for e in named.get(nm[1]["id"], ())), -nm[0]))
    return best[1]["title"]


def _state_entities(state: str) -> Counter:
    return Counter(json.loads(state).get("entities", {}))


def story_timeline(db: sqlite3.Connection, story_id: str) -> list[dict]:
    """The events of a story in date order, each with its headline."""
    events = []
    for c in _rows(db, "SELECT id, first, last, state FROM clusters WHERE kind='event' AND parent=? ORDER BY first, id", (story_id,)):
        members = _rows(db, "SELECT id, title, lang FROM articles WHERE event_id=? ORDER BY published, id", (c["id"],))
        if members:
            events.append({"event_id": c["id"], "first": c["first"], "last": c["last"], "articles": len(members),
                           "languages": sorted({m["lang"] or "und" for m in members}),
                           "headline": headline(db, "event_id", c["id"], members, _state_entities(c["state"]))})
    return events


def day_counts(db: sqlite3.Connection, where: str, params: tuple) -> dict:
    """Articles per day per language among ``articles a WHERE <where>`` (undated articles left out)."""
    rows = _rows(db, f"SELECT substr(a.published, 1, 10) AS day, COALESCE(a.lang, 'und') AS lang, COUNT(*) AS n FROM articles a "
                     f"WHERE ({where}) AND a.published IS NOT NULL GROUP BY day, lang ORDER BY day", params)
    days: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        days[r["day"]][r["lang"]] = r["n"]
    undated = _rows(db, f"SELECT COUNT(*) FROM articles a WHERE ({where}) AND a.published IS NULL", params)[0][0]
    return {"days": [{"day": d, "languages": v} for d, v in days.items()], "undated": undated}


def independent_sources(members: list[dict], rels: list[dict]) -> int:
    """How many independent sources tell it: articles of one source, or that are copies or translations of each other, count once."""
    parent = {m["id"]: m["id"] for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_source: dict[str, str] = {}
    for m in members:
        if m.get("source"):
            first = by_source.setdefault(m["source"], m["id"])
            parent[find(m["id"])] = find(first)
    for r in rels:
        if r["kind"] in _COPY_KINDS and r["a"] in parent and r["b"] in parent:
            parent[find(r["a"])] = find(r["b"])
    return len({find(m["id"]) for m in members})


# -- status ------------------------------------------------------------------------------


def status(db: sqlite3.Connection) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "articles": one("SELECT COUNT(*) FROM articles"),
        "events": one("SELECT COUNT(*) FROM clusters WHERE kind='event'"),
        "stories": one("SELECT COUNT(*) FROM clusters WHERE kind='story'"),
        # Per entity an index probe, not a pass over every mention.
        "entities": one("SELECT COUNT(*) FROM entities e WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)"),
        "languages": {r[0] or "und": r[1] for r in db.execute("SELECT lang, COUNT(*) FROM articles GROUP BY lang ORDER BY 2 DESC")},
        "last_update": one("SELECT MAX(updated_at) FROM articles"),
    }


# -- events and stories -------------------------------------------------------------------


def _cluster_item(db: sqlite3.Connection, c: sqlite3.Row, kind: str, names: dict[str, str] | None = None) -> dict | None:
    col = "event_id" if kind == "event" else "story_id"
    members = _rows(db, f"SELECT id, lang, source, title, published FROM articles WHERE {col}=? ORDER BY published, id", (c["id"],))
    if not members:
        return None
    ents = _state_entities(c["state"])
    top = ents.most_common(TOP_ENTITIES)
    names = names if names is not None else entity_names(db, [k for k, _ in top])
    item = {
        "id": c["id"],
        "story_id": c["parent"] if kind == "event" else None,
        "articles": [m["id"] for m in members],
        "languages": sorted({m["lang"] or "und" for m in members}),
        "sources": sorted({m["source"] or "" for m in members})[:10],
        "first": c["first"], "last": c["last"],
        "headline": headline(db, col, c["id"], members, ents),
        "entities": [{"id": k, "name": names.get(k, k), "count": v} for k, v in top],
    }
    if kind == "event":
        item["translations"] = [{k: r[k] for k in ("a", "b", "kind", "score")} for r in relations(db, item["articles"])]
    else:
        item["timeline"] = story_timeline(db, c["id"])
    return item


def all_clusters(db: sqlite3.Connection, kind: str) -> Iterator[dict]:
    """Every event (or story) that has articles, by id: what ``newsloom events`` lists."""
    names = entity_names(db)
    for c in _rows(db, "SELECT id, parent, state, first, last FROM clusters WHERE kind=? ORDER BY id", (kind,)):
        item = _cluster_item(db, c, kind, names)
        if item:
            yield item


def list_events(db: sqlite3.Connection, *, date_from: str | None = None, date_to: str | None = None, lang: str | None = None,
                entity: str | None = None, sort: str = "date", limit: int = 20, offset: int = 0) -> dict:
    """Events filtered by date range (overlapping), language and entity; newest or largest first."""
    if sort not in ("date", "size"):
        raise QueryError("sort must be 'date' or 'size'")
    date_from, date_to = check_date(date_from, "from"), check_date(date_to, "to")
    where, params = ["c.kind='event'"], []
    if date_from:
        where.append("c.last >= ?")
        params.append(date_from)
    if date_to:
        where.append("c.first <= ?")
        params.append(date_to)
    if lang:
        where.append("EXISTS (SELECT 1 FROM articles a WHERE a.event_id = c.id AND a.lang = ?)")
        params.append(lang)
    if entity:
        where.append("EXISTS (SELECT 1 FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND a.event_id = c.id)")
        params.append(entity)
    size = "(SELECT COUNT(*) FROM articles a WHERE a.event_id = c.id)"
    # SQLite sorts NULL lowest, so undated events come last, and the order is the one of search_clusters_recent.
    order = f"{size} DESC, c.last DESC, c.id" if sort == "size" else "c.last DESC, c.id DESC"
    if sort == "size" and len(where) == 1:
        # The common case, without touching every cluster: the biggest groups straight from the event index.
        ids = [r[0] for r in _rows(db, "SELECT event_id FROM articles WHERE event_id IS NOT NULL GROUP BY event_id "
                                       "ORDER BY COUNT(*) DESC, event_id LIMIT ? OFFSET ?", (limit, offset))]
        rows = _rows(db, f"SELECT id, parent, state, first, last FROM clusters WHERE id IN ({_marks(ids)})", ids) if ids else []
        rows.sort(key=lambda r: ids.index(r["id"]))
    else:
        rows = _rows(db, f"SELECT c.id, c.parent, c.state, c.first, c.last FROM clusters c WHERE {' AND '.join(where)} "
                         f"ORDER BY {order} LIMIT ? OFFSET ?", (*params, limit, offset))
    events = [it for c in rows if (it := _cluster_item(db, c, "event"))]
    for it in events:
        it["article_count"] = len(it["articles"])
    return {"events": events, "sort": sort, "limit": limit, "offset": offset}


def cluster_detail(db: sqlite3.Connection, cid: str) -> dict:
    found = _rows(db, "SELECT id, kind, parent, state, first, last FROM clusters WHERE id=?", (cid,))
    if not found:
        raise NotFound(f"no event or story with id {cid!r}")
    c = found[0]
    col = "event_id" if c["kind"] == "event" else "story_id"
    ents = _state_entities(c["state"])
    top = ents.most_common(10)
    names = entity_names(db, [k for k, _ in top])
    members = [dict(r) for r in _rows(
        db, f"SELECT id, lang, source, url, published, title, event_id, event_score, event_reasons FROM articles WHERE {col}=? "
            "ORDER BY published, id", (cid,))]
    for m in members:
        m["event_reasons"] = json.loads(m["event_reasons"] or "[]")
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for m in members:
        by_lang[m["lang"] or "und"].append(m)
    detail = {"id": c["id"], "kind": c["kind"], "story_id": c["parent"], "first": c["first"], "last": c["last"],
              "headline": headline(db, col, c["id"], members, ents),
              "languages": sorted(by_lang), "sources": sorted({m["source"] or "" for m in members}),
              "article_count": len(members),
              "entities": [{"id": k, "name": names.get(k, k), "count": v} for k, v in top],
              "articles": members,
              "by_language": {lang: [m["id"] for m in ms] for lang, ms in sorted(by_lang.items())},
              "titles": {lang: headline(db, col, c["id"], ms, ents) for lang, ms in sorted(by_lang.items())}}
    if c["kind"] == "event":
        detail["translations"] = relations(db, [m["id"] for m in members])
        detail["independent_source_count"] = independent_sources(members, detail["translations"])
        # Each outlet's copy of one wire text is its own article, marked with the copy it repeats.
        marks = copies.copy_marks(members, detail["translations"])
        for m in members:
            m["copy_of"] = marks.get(m["id"])
        detail["copies"] = len(marks)
    else:
        detail["timeline"] = story_timeline(db, cid)
        detail["independent_source_count"] = independent_sources(members, relations(db, [m["id"] for m in members]))
    detail["per_day"] = day_counts(db, f"a.{col} = ?", (cid,))
    if c["kind"] == "event":
        detail |= statements.event_figures(db, cid)
    return detail


# -- entities -----------------------------------------------------------------------------


def names_by_script(db: sqlite3.Connection, eid: str) -> dict[str, list[str]]:
    by_script: dict[str, list[str]] = defaultdict(list)
    for n in _rows(db, "SELECT script, name FROM entity_names WHERE entity_id=? ORDER BY count DESC, name", (eid,)):
        if n["name"] not in by_script[n["script"] or "?"]:
            by_script[n["script"] or "?"].append(n["name"])
    return dict(by_script)


def list_entities(db: sqlite3.Connection, *, prefix: str | None = None, etype: str | None = None, limit: int = 50,
                  offset: int = 0) -> list[dict]:
    """Entities that appear in at least one article, most articles first."""
    where, params = ["m.entity_id IS NOT NULL"], []
    if etype:
        where.append("e.type = ?")
        params.append(etype.upper())
    if prefix:
        # Any of its names, in any script, starting so (folded as the index folds them).
        ids = [r[0] for r in _rows(db, "SELECT DISTINCT entity_id FROM search_names WHERE key >= ? AND key < ? LIMIT 1000",
                                   ("w:" + search_index.match_form(prefix), "w:" + search_index.match_form(prefix) + "\U0010ffff"))] \
            if _has_index(db) else []
        like = [r[0] for r in _rows(db, "SELECT DISTINCT entity_id FROM entity_names WHERE name LIKE ? ESCAPE '\\' "
                                        "UNION SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\'", (_like(prefix), _like(prefix)))]
        ids = sorted(set(ids) | set(like))
        if not ids:
            return []
        where.append(f"e.id IN ({_marks(ids)})")
        params.extend(ids)
    rows = _rows(db, "SELECT e.id, e.type, e.name, COUNT(DISTINCT m.article_id) AS n FROM entities e "
                     f"JOIN mentions m ON m.entity_id = e.id WHERE {' AND '.join(where)} "
                     "GROUP BY e.id ORDER BY n DESC, e.id LIMIT ? OFFSET ?", (*params, limit, offset))
    return [{"id": r["id"], "type": r["type"], "name": r["name"], "articles": r["n"], "names": names_by_script(db, r["id"])}
            for r in rows]


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _has_index(db: sqlite3.Connection) -> bool:
    return bool(_rows(db, "SELECT 1 FROM sqlite_master WHERE name='search_names'"))


def entity_detail(db: sqlite3.Connection, eid: str, limit: int = 200) -> dict:
    found = _rows(db, "SELECT id, type, name FROM entities WHERE id=?", (eid,))
    if not found:
        raise NotFound(f"no entity with id {eid!r}")
    ent = found[0]
    names = [dict(r) for r in _rows(db, "SELECT lang, script, name, count FROM entity_names WHERE entity_id=? ORDER BY count DESC", (eid,))]
    where = "a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
    total = _rows(db, f"SELECT COUNT(*) FROM articles a WHERE {where}", (eid,))[0][0]
    arts = [dict(r) for r in _rows(db, f"SELECT a.id, a.lang, a.title, a.published, a.source, a.event_id FROM articles a WHERE {where} "
                                       "ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ?", (eid, limit))]
    co = _rows(db, "SELECT m2.entity_id AS id, e.name, e.type, COUNT(DISTINCT m2.article_id) AS n FROM mentions m1 "
                   "JOIN mentions m2 ON m1.article_id = m2.article_id AND m2.entity_id != m1.entity_id "
                   "JOIN entities e ON e.id = m2.entity_id WHERE m1.entity_id=? GROUP BY m2.entity_id ORDER BY n DESC, m2.entity_id LIMIT 10",
               (eid,))
    events = [dict(r) for r in _rows(db, f"SELECT a.event_id AS id, COUNT(*) AS articles, MIN(c.first) AS first, MAX(c.last) AS last "
                                         f"FROM articles a JOIN clusters c ON c.id = a.event_id WHERE {where} GROUP BY a.event_id "
                                         "ORDER BY first IS NULL, first, id LIMIT 100", (eid,))]
    # Each event by the title of its first article that mentions the entity (with one MIN, SQLite takes the bare
    # column from the row of the minimum).
    titles = {r[0]: r[1] for r in _rows(db, f"SELECT a.event_id, a.title, MIN(COALESCE(a.published, '9999')) FROM articles a "
                                           f"WHERE {where} AND a.event_id IS NOT NULL GROUP BY a.event_id", (eid,))}
    for e in events:
        e["title"] = titles.get(e["id"]) or ""
    return {"id": ent["id"], "type": ent["type"], "name": ent["name"], "names": names, "names_by_script": names_by_script(db, eid),
            "article_count": total, "articles": arts, "seen_with": [dict(r) for r in co], "events": events,
            "per_day": day_counts(db, where, (eid,))} | statements.entity_quotes(db, eid)


# -- articles -----------------------------------------------------------------------------


def article_detail(db: sqlite3.Connection, aid: str) -> dict:
    found = _rows(db, "SELECT id, source, url, lang, script, title, text, clean_title, clean_text, published, record, "
                      "event_id, story_id, event_score, event_reasons FROM articles WHERE id=?", (aid,))
    if not found:
        raise NotFound(f"no article with id {aid!r}")
    r = found[0]
    data = json.loads(r["record"])
    data.update({"event_id": r["event_id"], "story_id": r["story_id"], "event_score": r["event_score"],
                 "event_reasons": json.loads(r["event_reasons"] or "[]"), "url": r["url"],
                 "text": r["text"], "clean_text": r["clean_text"], "clean_title": r["clean_title"]})
    data.setdefault("title", r["title"])
    rels = _rows(db, "SELECT a, b, kind, score, reasons, evidence FROM relations WHERE a=? OR b=? ORDER BY score DESC", (aid, aid))
    data["relations"] = [{"a": x["a"], "b": x["b"], "other": x["b"] if x["a"] == aid else x["a"], "kind": x["kind"], "score": x["score"],
                          "reasons": json.loads(x["reasons"] or "[]"), "evidence": json.loads(x["evidence"] or "[]")} for x in rels]
    if _rows(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='quotes'"):
        data["quotes"] = [dict(q) for q in _rows(db, "SELECT * FROM quotes WHERE article_id=?", (aid,))]
    return data


def find(db: sqlite3.Connection, item_id: str) -> dict:
    """Whatever has this id: article, entity, event or story (for ``newsloom show``)."""
    if _rows(db, "SELECT 1 FROM articles WHERE id=?", (item_id,)):
        data = article_detail(db, item_id)
        for k in ("text", "clean_text", "clean_title"):
            data.pop(k, None)
        return data
    if _rows(db, "SELECT 1 FROM entities WHERE id=?", (item_id,)):
        return entity_detail(db, item_id)
    try:
        return cluster_detail(db, item_id)
    except NotFound:
        raise NotFound(f"no article, entity, event or story with id {item_id!r}") from None


# -- search -------------------------------------------------------------------------------


def _filters(lang, date_from, date_to, entity, source, indexed: bool = False) -> tuple[list[str], list]:
    """Conditions on ``d``, a row of the search index's ``search_docs`` (or of articles, where there is no index)."""
    where, params = [], []
    if lang:
        where.append("d.lang = ?")
        params.append(lang)
    if date_from:
        where.append("d.published >= ?")
        params.append(date_from)
    if date_to:
        where.append("substr(d.published, 1, 10) <= ?")
        params.append(date_to)
    if entity:
        where.append("d.rid IN (SELECT rid FROM search_doc_entities WHERE entity_id = ?)" if indexed else
                     "d.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
        params.append(entity)
    if source:
        where.append("d.source = ?")
        params.append(source)
    return where, params


# What a search filters, sorts and counts by, where the store has no search index (read-only, never served).
_ARTICLE_COLUMNS = "(SELECT rowid AS rid, id AS article_id, lang, published, source, event_id FROM articles)"


def search(db: sqlite3.Connection, q: str = "", *, lang: str | None = None, date_from: str | None = None, date_to: str | None = None,
           entity: str | None = None, source: str | None = None, page: int = 1, size: int = 20, facets: bool = False) -> dict:
    """Articles, entities and events for a query in any script, with filters that combine.

    An article is a hit when its text has every word of the query (prefix
    matched, so inflected forms meet) or it mentions an entity the query
    names.  Rank: FTS5's bm25 (title weighted over body) plus a bonus per
    mention of a named entity, capped so that one long article does not bury
    the rest.  Without ``q`` the filters alone choose, newest first.

    Cost: the hits (score only) go once into a temporary table; counting,
    filtering and sorting them join the index's narrow ``search_docs`` rows,
    never the articles with their text, which are read for the one page
    shown.  Event groups and facets count the best FACET_HITS hits only, and
    a word in more than BM25_HITS articles is scored by its title matches.
    """
    if page < 1 or not 1 <= size <= MAX_SIZE:
        raise QueryError(f"page must be >= 1 and size between 1 and {MAX_SIZE}")
    date_from, date_to = check_date(date_from, "from"), check_date(date_to, "to")
    q = (q or "").strip()
    if len(q) > 500:
        raise QueryError("q is longer than 500 characters")
    indexed = _has_index(db)
    where, params = _filters(lang, date_from, date_to, entity, source, indexed)
    filt = (" AND " + " AND ".join(where)) if where else ""
    docs = "search_docs" if indexed else _ARTICLE_COLUMNS
    ents = _named(db, search_index.find_entities(db, q)) if q and indexed else []
    match = search_index.fts_query(q) if q else None
    try:
        db.execute("DROP TABLE IF EXISTS temp.search_hits")
        db.execute("DROP TABLE IF EXISTS temp.search_top")
        if q:
            _collect_hits(db, match if indexed else None, ents, docs, filt, params)
            # The hits are filtered already.
            base = f"FROM temp.search_hits h JOIN {docs} d ON d.rid = h.rid WHERE 1"
            order = "h.score DESC, d.published IS NULL, d.published DESC, d.article_id"
            score = "h.score"
        else:
            base = f"FROM {docs} d WHERE 1{filt}"
            order = top_order = "d.published IS NULL, d.published DESC, d.article_id"
            score = "NULL"
        all_params = tuple(params) if not q else ()
        # The best hits, once, for the event groups, the facets and (mostly) the page; bounded, so that a word in
        # every article costs no more.  Ranked hits: the best by score first (a sort that keeps FACET_HITS rows;
        # by score alone: a second sort key makes SQLite sort every hit instead of keeping the best few, 4x the time).
        # Only scored hits go through that sort, the cost of which grows with what it is offered: the unscored rest
        # of a frequent word (no title match, no named entity) all tie at 0 and fill what is left, newest rowid first.
        top_base = (f"FROM (SELECT * FROM (SELECT rid, score FROM temp.search_hits WHERE score > 0 ORDER BY score DESC "
                    f"LIMIT {FACET_HITS}) UNION ALL SELECT * FROM (SELECT rid, score FROM temp.search_hits WHERE score = 0 "
                    f"ORDER BY rid DESC LIMIT {FACET_HITS}) LIMIT {FACET_HITS}) h CROSS JOIN {docs} d ON d.rid = h.rid") if q \
            else f"{base} ORDER BY {top_order} LIMIT {FACET_HITS}"
        db.execute(f"CREATE TEMP TABLE search_top AS SELECT d.rid, {score} AS score, d.published, d.article_id AS id, "
                   f"COALESCE(d.lang, 'und') AS lang, d.source, substr(d.published, 1, 10) AS day, d.event_id {top_base}",
                   all_params)
        if q:
            total = db.execute("SELECT COUNT(*) FROM temp.search_hits").fetchone()[0]
            # The page comes from the best hits when every hit scoring as high as the page's last one is among them.
            kept, lowest, last = db.execute("SELECT COUNT(*), MIN(score), (SELECT score FROM temp.search_top ORDER BY score DESC "
                                            "LIMIT 1 OFFSET ?) FROM temp.search_top", (page * size - 1,)).fetchone()
            inside = kept == total or (last is not None and lowest < last)
        else:
            total = db.execute(f"SELECT COUNT(*) {base}", all_params).fetchone()[0]
            inside = False
        if inside:
            ranked = _rows(db, "SELECT rid, score FROM temp.search_top ORDER BY score DESC, published IS NULL, published DESC, id "
                               "LIMIT ? OFFSET ?", (size, (page - 1) * size))
        else:
            ranked = _rows(db, f"SELECT d.rid, {score} AS score {base} ORDER BY {order} LIMIT ? OFFSET ?",
                           (*all_params, size, (page - 1) * size))
    except sqlite3.OperationalError as e:
        raise QueryError(f"cannot search for {q[:60]!r}: {e}") from None
    rids = [r["rid"] for r in ranked]
    found = {r["rowid"]: r for r in _rows(db, "SELECT rowid, id, title, lang, published, source, event_id, story_id, "
                                              f"COALESCE(clean_text, text) AS body FROM articles WHERE rowid IN ({_marks(rids)})", rids)} if rids else {}
    words = search_index.query_words(q)
    articles = [{"id": r["id"], "title": r["title"], "lang": r["lang"], "published": r["published"], "source": r["source"],
                 "event_id": r["event_id"], "story_id": r["story_id"],
                 "score": round(h["score"], 3) if h["score"] is not None else None, "snippet": snippet(r["body"], words)}
                for h in ranked if (r := found.get(h["rid"])) is not None]
    result = {"query": q, "total": total, "page": page, "size": size, "articles": articles,
              "entities": _entity_hits(db, ents), "events": _event_hits(db)}
    if facets:
        result["facets"] = _facets(db, indexed)
        # What they count: all the hits, or (past FACET_HITS) the best of them, which the page says.
        result["facets"]["hits_counted"] = db.execute("SELECT COUNT(*) FROM temp.search_top").fetchone()[0]
    return result


# Above this many full-text hits a query word is in a good share of the store and says little about any one
# article: only its title matches are scored (bm25 reads every hit's positions, ~4 ms per 1000 hits), the rest
# follow newest first.
BM25_HITS = 5000


def _collect_hits(db: sqlite3.Connection, match: str | None, ents: list[str], docs: str, filt: str, params: list) -> None:
    """``temp.search_hits(rid, score)``: the articles the full-text query or a named entity finds, with their score,
    that pass the filters (``filt``, conditions on ``d``).

    The temporary table is the connection's own (allowed read-only): the
    count, the page, the events and the facets read it instead of running
    the full-text query again each.  Filters are applied as the hits go in
    (one probe of the narrow ``search_docs`` row per hit), so that what
    fails them is never written, sorted or scored.
    """
    db.execute("CREATE TEMP TABLE search_hits (rid INTEGER PRIMARY KEY, score REAL NOT NULL)")
    # CROSS JOIN: from the hits to their index rows, never the other way round.
    join = f" CROSS JOIN {docs} d ON d.rid = {{}}" if filt else ""
    if match:
        n = db.execute(f"INSERT INTO temp.search_hits SELECT f.rowid, 0.0 FROM search_fts f{join.format('f.rowid')} "
                       f"WHERE search_fts MATCH ?{filt}", (match, *params)).rowcount
        # Materialised: bm25() only works in a query that scans the FTS table itself, not once flattened into the join.
        # Filtered, only the hits kept are scored; "+rowid": a rowid constraint handed to FTS5 runs the match again per id.
        if n <= BM25_HITS:
            db.execute("WITH fts AS MATERIALIZED (SELECT rowid AS rid, -bm25(search_fts, 3.0, 1.0) AS s FROM search_fts "
                       "WHERE search_fts MATCH ?" + (" AND +rowid IN (SELECT rid FROM temp.search_hits)" if filt else "") + ") "
                       "UPDATE temp.search_hits SET score = fts.s FROM fts WHERE search_hits.rid = fts.rid", (match,))
        elif db.execute("SELECT COUNT(*) FROM search_titles WHERE search_titles MATCH ?", (match,)).fetchone()[0] <= BM25_HITS:
            # A frequent word: scored by the titles that have it, from the titles' own index, whose postings are
            # a few percent of the text's (weighted as title matches are in the full score).
            db.execute("WITH t AS MATERIALIZED (SELECT rowid AS rid, -3.0 * bm25(search_titles) AS s FROM search_titles "
                       "WHERE search_titles MATCH ?) UPDATE temp.search_hits SET score = t.s FROM t WHERE search_hits.rid = t.rid",
                       (match,))
        else:
            # In the titles of thousands of articles too: a title match is all that is left to tell them apart.
            db.execute("UPDATE temp.search_hits SET score = 1.0 WHERE rid IN (SELECT rowid FROM search_titles WHERE search_titles MATCH ?)",
                       (match,))
    if ents:
        # A bonus per mention of a named entity, capped so that one long article does not bury the rest;
        # the per-article mention counts are kept by the index, keyed by the article's rowid.
        db.execute(f"INSERT INTO temp.search_hits (rid, score) SELECT x.rid, 2.0 * MIN(SUM(x.n), 5) FROM search_doc_entities x"
                   f"{join.format('x.rid')} WHERE x.entity_id IN ({_marks(ents)}){filt} GROUP BY x.rid "
                   "ON CONFLICT(rid) DO UPDATE SET score = score + excluded.score", (*ents, *params))


def _named(db: sqlite3.Connection, ents: list[str]) -> list[str]:
    """The entities a search takes the query to name: those it shows, the NAMED_ENTITIES with most articles.

    A word that is one of the names of hundreds of entities ("al", "de")
    would otherwise add every article of each to the hits, unshown and
    each a mention bonus to write: the hits are the entities listed.
    """
    if len(ents) <= NAMED_ENTITIES:
        return ents
    return [r[0] for r in _rows(db, f"SELECT entity_id FROM search_doc_entities WHERE entity_id IN ({_marks(ents)}) "
                                    "GROUP BY entity_id ORDER BY COUNT(*) DESC, entity_id LIMIT ?", (*ents, NAMED_ENTITIES))]


def _entity_hits(db: sqlite3.Connection, ents: list[str]) -> list[dict]:
    if not ents:
        return []
    rows = _rows(db, f"SELECT e.id, e.type, e.name, (SELECT COUNT(*) FROM search_doc_entities x WHERE x.entity_id = e.id) AS n "
                     f"FROM entities e WHERE e.id IN ({_marks(ents)}) ORDER BY n DESC, e.id LIMIT ?", (*ents, NAMED_ENTITIES))
    return [{"id": r["id"], "type": r["type"], "name": r["name"], "names": names_by_script(db, r["id"]), "articles": r["n"]}
            for r in rows if r["n"]]


def _event_hits(db: sqlite3.Connection, limit: int = 10) -> list[dict]:
    """The events most of the best hits (``temp.search_top``) belong to."""
    rows = _rows(db, "SELECT event_id, COUNT(*) AS n, GROUP_CONCAT(DISTINCT lang) AS langs FROM temp.search_top "
                     "WHERE event_id IS NOT NULL GROUP BY event_id ORDER BY n DESC, event_id LIMIT ?", (limit,))
    events = []
    for r in rows:
        c = _rows(db, "SELECT id, state FROM clusters WHERE id=?", (r["event_id"],))
        members = _rows(db, "SELECT id, title FROM articles WHERE event_id=? ORDER BY published, id LIMIT 200", (r["event_id"],))
        title = headline(db, "event_id", r["event_id"], members, _state_entities(c[0]["state"])) if c else ""
        events.append({"id": r["event_id"], "title": title, "articles": r["n"], "languages": sorted(set(r["langs"].split(",")))})
    return events


def _facets(db: sqlite3.Connection, indexed: bool) -> dict:
    """Languages, sources, days and entities among the best hits (``temp.search_top``)."""
    top = "temp.search_top"
    # The index keeps one row per article and entity; a store without one has only the mentions.
    per_article = ("search_doc_entities x ON x.rid = h.rid" if indexed else
                   "(SELECT DISTINCT article_id, entity_id FROM mentions WHERE entity_id IS NOT NULL) x ON x.article_id = h.id")
    langs = {r[0]: r[1] for r in db.execute(f"SELECT lang, COUNT(*) FROM {top} GROUP BY lang ORDER BY 2 DESC")}
    sources = [{"source": r[0], "articles": r[1]} for r in
               db.execute(f"SELECT source, COUNT(*) FROM {top} GROUP BY source ORDER BY 2 DESC, 1 LIMIT 10")]
    days = [{"day": r[0], "articles": r[1]} for r in
            db.execute(f"SELECT day, COUNT(*) FROM {top} WHERE day IS NOT NULL GROUP BY day ORDER BY day")]
    ents = [{"id": r[0], "name": r[1], "type": r[2], "articles": r[3]} for r in db.execute(
        # From the hits into their entities (CROSS JOIN keeps that order): not every entity's articles probing the hits.
        f"SELECT e.id, e.name, e.type, n FROM (SELECT x.entity_id AS eid, COUNT(*) AS n "
        f"FROM (SELECT rid, id FROM {top} ORDER BY score DESC, rowid LIMIT {ENTITY_FACET_HITS}) h CROSS JOIN {per_article} "
        "GROUP BY eid ORDER BY n DESC, eid LIMIT 12) "
        "JOIN entities e ON e.id = eid ORDER BY n DESC, e.id")]
    return {"languages": langs, "sources": sources, "days": days, "entities": ents}


def snippet(text: str | None, words: list[str], width: int = 200) -> str:
    """A window of the text around the first query word it contains (plain text; the views escape it)."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    folded = search_index.fold(text)
    at = -1
    if len(folded) == len(text):
        hits = [i for w in words if (i := folded.find(search_index.stem_prefix(w))) >= 0]
        at = min(hits) if hits else -1
    start = max(0, at - width // 3) if at >= 0 else 0
    if start:
        start = text.find(" ", start) + 1 or start
    out = text[start : start + width]
    return ("… " if start else "") + out + (" …" if start + width < len(text) else "")


def export(db: sqlite3.Connection, q: str = "", *, chunk: int = MAX_SIZE, **filters) -> Iterator[dict]:
    """Every hit of a search, page by page (for ``/api/v1/export``)."""
    page = 1
    while True:
        res = search(db, q, page=page, size=chunk, **filters)
        yield from res["articles"]
        if page * chunk >= res["total"] or not res["articles"]:
            return
        page += 1


# More days than this and the chart draws weeks, then months: a bar must stay wide enough to see and point at.
MAX_BARS = 120
MAX_BAR_WIDTH = 24.0


def _bin(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day


def bar_chart(per_day: dict, width: int = 720, height: int = 140) -> dict[str, Any]:
    """Articles per day (or week, or month, over a long span) per language as stacked bars: geometry only, the template draws it."""
    days = per_day["days"]
    if not days:
        return {"bars": [], "langs": [], "width": width, "height": height, "labels": [], "unit": "day"}
    first, last = date.fromisoformat(days[0]["day"]), date.fromisoformat(days[-1]["day"])
    unit = "day" if (last - first).days < MAX_BARS else "week" if (last - first).days < 7 * MAX_BARS else "month"
    bins: dict[date, Counter] = defaultdict(Counter)
    for d in days:
        bins[_bin(date.fromisoformat(d["day"]), unit)].update(d["languages"])
    first = _bin(first, unit)
    end = _bin(last, unit) + (timedelta(days=1) if unit == "day" else timedelta(days=7) if unit == "week" else timedelta(days=32))
    end = _bin(end, unit)
    span = (end - first).days
    langs = sorted({lang for d in days for lang in d["languages"]})
    peak = max(sum(c.values()) for c in bins.values())
    scale = (width - 40) / span
    bars = []
    for start, counts in sorted(bins.items()):
        stop = _bin(start + (timedelta(days=1) if unit == "day" else timedelta(days=7) if unit == "week" else timedelta(days=32)), unit)
        x, slot = 30 + (start - first).days * scale, (stop - start).days * scale
        label = start.isoformat() if unit == "day" else f"week of {start.isoformat()}" if unit == "week" else start.isoformat()[:7]
        y = height - 20
        for lang in langs:
            n = counts.get(lang, 0)
            if n:
                h = max(1.0, (height - 30) * n / peak)
                y -= h
                # A bar no wider than a finger: one day alone is a bar, not the whole chart.
                bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(min(MAX_BAR_WIDTH, max(1.0, slot * 0.85)), 1), "h": round(h, 1),
                             "lang": lang, "day": label, "n": n, "colour": langs.index(lang) % 8})
    labels = [{"x": 30, "text": days[0]["day"]}] + ([{"x": width - 10, "text": days[-1]["day"]}] if last > first or unit != "day" else [])
    return {"bars": bars, "langs": langs, "width": width, "height": height, "labels": labels, "peak": peak, "unit": unit,
            "undated": per_day.get("undated", 0)}
