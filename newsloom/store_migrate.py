"""Bringing stores made by earlier versions of newsloom forward, one version step at a time.

``MIGRATIONS[v]`` takes a store from version ``v`` to ``v + 1`` inside the
caller's transaction.  Version 1 is the layout of c126e53, which kept the
knowledge base's names but not what it learns from co-occurrence; that is
recomputed here from the mentions table, the same way linking counts it.
Version 2 named an article read from a file by its path under the folder given
("index"), so two folders' ``index.html`` were one article; version 3 puts
the folder's name first ("a/index"), and the stored ids are renamed so that
the next run over the same files finds them unchanged.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter, defaultdict
from typing import Callable

from .kb import _NAME_SPLIT, CONTEXT_KEEP, _spelling
from .translit import name_key


def _v1_to_v2(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE entities ADD COLUMN state TEXT")
    db.execute("ALTER TABLE clusters ADD COLUMN seq INTEGER")
    db.execute("UPDATE clusters SET seq = rowid")
    db.execute("CREATE INDEX IF NOT EXISTS clusters_seq ON clusters(seq)")

    linked: dict[str, set[str]] = defaultdict(set)
    for aid, eid in db.execute("SELECT article_id, entity_id FROM mentions WHERE entity_id IS NOT NULL ORDER BY rowid"):
        linked[aid].add(eid)
    df: Counter = Counter()
    company: dict[str, Counter] = defaultdict(Counter)
    for aid in sorted(linked):
        ids = linked[aid]
        df.update(ids)
        for eid in ids:
            company[eid].update(ids - {eid})
    names: dict[str, list[str]] = defaultdict(list)
    for eid, name in db.execute("SELECT entity_id, name FROM entity_names ORDER BY rowid"):
        names[eid].append(name)
    rows = db.execute("SELECT rowid, id, type FROM entities ORDER BY rowid").fetchall()
    for born, (rowid, eid, etype) in enumerate(rows, 1):
        surnames, spellings = set(), set()
        if etype == "PER":
            for name in names[eid]:
                key = name_key(name)
                if key:
                    surnames.add(key[-1])
                    spellings.add(_spelling(_NAME_SPLIT.split(name)[-1]))
        context = company[eid] if etype == "PER" else Counter()
        if len(context) > 2 * CONTEXT_KEEP:
            context = Counter(dict(context.most_common(CONTEXT_KEEP)))
        state = {"surnames": sorted(surnames), "spellings": sorted(spellings), "context": dict(sorted(context.items())),
                 "df": df[eid], "born": born}
        db.execute("UPDATE entities SET state=? WHERE rowid=?", (json.dumps(state, ensure_ascii=False), rowid))
    n = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('kb_articles', ?)", (str(n),))

    row = db.execute("SELECT value FROM meta WHERE key='semantic_space'").fetchone()
    if row:
        for lang, d in json.loads(row[0]).items():
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"space:{lang}", json.dumps(d)))
        db.execute("DELETE FROM meta WHERE key='semantic_space'")


_ITEM = re.compile(r"#\d+$")


def path_id_v3(aid: str, source: str | None) -> str | None:
    """The version-3 id of an article a version-2 store named after its file, or None.

    A version-2 path id is the tail of the file's path (without extension
    unless needed), then ``#N`` for the N-th record of a JSON file; version 3
    prefixes the folder just above that tail.  A relative source is taken
    from the current folder, where the run that stored it is most likely to
    have started.  Ids the input gave, URLs and stdin hashes stay as they are.
    """
    if not source or source.startswith(("<", "http://", "https://")) or aid.startswith(("http://", "https://")):
        return None
    item = _ITEM.search(aid)
    tail = (aid[: item.start()] if item else aid).split("/")
    parts = os.path.abspath(source).split(os.sep)
    if len(parts) <= len(tail):
        return None
    head, last = parts[: -len(tail)], parts[-len(tail):]
    name = last[-1]
    if last[:-1] != tail[:-1] or tail[-1] not in (name, os.path.splitext(name)[0]) or not head[-1]:
        return None
    return f"{head[-1]}/{aid}"


def _v2_to_v3(db: sqlite3.Connection) -> None:
    renames = {}
    for aid, source in db.execute("SELECT id, source FROM articles ORDER BY rowid").fetchall():
        new = path_id_v3(aid, source)
        if new is not None:
            renames[aid] = new
    taken = {r[0] for r in db.execute("SELECT id FROM articles")} - set(renames)
    # Two old ids meeting on one new id (or an id the input gave) would merge two articles: keep those.
    clashing = Counter(renames.values())
    renames = {a: b for a, b in renames.items() if clashing[b] == 1 and b not in taken}
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    # Longest first: "x/a" becomes "y/x/a" before "a" may become "x/a".
    for old, new in sorted(renames.items(), key=lambda kv: -len(kv[0])):
        row = db.execute("SELECT record FROM articles WHERE id=?", (old,)).fetchone()
        record = json.loads(row[0])
        record["id"] = new
        db.execute("UPDATE articles SET id=?, record=? WHERE id=?", (new, json.dumps(record, ensure_ascii=False), old))
        db.execute("UPDATE mentions SET article_id=? WHERE article_id=?", (new, old))
        db.execute("UPDATE dates SET article_id=? WHERE article_id=?", (new, old))
        db.execute("UPDATE relations SET a=? WHERE a=?", (new, old))
        db.execute("UPDATE relations SET b=? WHERE b=?", (new, old))
        if "statements" in tables:
            db.execute("UPDATE statements SET article_id=? WHERE article_id=?", (new, old))
    if renames and "statements" in tables:
        # A statement is named after the article that first said it ("sm-ID-N").
        for (sid,) in db.execute("SELECT DISTINCT statement_id FROM statements").fetchall():
            old, _, n = sid[3:].rpartition("-")
            if sid.startswith("sm-") and n.isdigit() and old in renames:
                db.execute("UPDATE statements SET statement_id=? WHERE statement_id=?", (f"sm-{renames[old]}-{n}", sid))
    if renames:
        for cid, state in db.execute("SELECT id, state FROM clusters").fetchall():
            d = json.loads(state)
            members = [renames.get(m, m) for m in d["members"]]
            if members != d["members"]:
                d["members"] = members
                db.execute("UPDATE clusters SET state=? WHERE id=?", (json.dumps(d, ensure_ascii=False), cid))


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}
