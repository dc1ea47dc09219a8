"""Bringing stores made by earlier versions of newsloom forward, one version step at a time.

``MIGRATIONS[v]`` takes a store from version ``v`` to ``v + 1`` inside the
caller's transaction.  Version 1 is the layout of c126e53, which kept the
knowledge base's names but not what it learns from co-occurrence; that is
recomputed here from the mentions table, the same way linking counts it.
"""

from __future__ import annotations

import json
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


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2}
