"""Wire copies: one text republished by several outlets.

An agency story that ten outlets print (each with its own title, byline or
closing line) is one piece of news, not ten.  Each outlet's copy is stored as
its own article (the outlet, URL and date are facts worth keeping), but it
joins the event of the copy seen first, whatever the clusterer would have
scored, and is marked as a near-copy of it -- so it never starts an event of
its own and counts once among the event's independent sources.

A text is represented by a bottom-k sketch of its word 5-shingles (the 32
smallest 64-bit shingle hashes, Broder's estimator of resemblance): two texts
sharing most of their 5-word runs are copies, whatever was added at either
end.  The sketches live in the store's ``copy_sketch`` table, which this
module owns; finding the original of a new article is one indexed lookup of
its 32 hashes.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass

from .normalize import fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS copy_sketch (
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    lang TEXT,
    PRIMARY KEY (hash, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS copy_sketch_article ON copy_sketch(article_id);
"""

SHINGLE = 5
K = 32
# Texts shorter than this many words are too short to tell a copy from a common phrase.
MIN_WORDS = 30
# Estimated resemblance (Jaccard of the shingle sets) from which a text is a copy.
COPY = 0.5
# Candidates must share this many sketch hashes before the estimate is worth computing.
MIN_SHARED = 4

_WORD = re.compile(r"\w+")


@dataclass
class Original:
    article_id: str
    resemblance: float


def sketch(text: str) -> list[int]:
    """The K smallest hashes of the text's word 5-shingles (empty when the text is too short)."""
    words = _WORD.findall(fold(text or ""))
    if len(words) < MIN_WORDS:
        return []
    hashes = set()
    for i in range(len(words) - SHINGLE + 1):
        h = hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode("utf-8"), digest_size=8).digest()
        hashes.add(int.from_bytes(h, "big", signed=True))
    return sorted(hashes)[:K]


def resemblance(a: list[int], b: list[int]) -> float:
    """Broder's estimate of the Jaccard resemblance of two texts from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:K]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def ensure_schema(db: sqlite3.Connection) -> None:
    # One statement at a time: executescript would commit the caller's transaction.
    for stmt in filter(str.strip, SCHEMA.split(";")):
        db.execute(stmt)


def find_original(db: sqlite3.Connection, aid: str, lang: str | None, sk: list[int]) -> Original | None:
    """The stored article (same language, another id) this sketch is a copy of: the closest, then the earliest stored."""
    if not sk:
        return None
    marks = ",".join("?" * len(sk))
    cands = [r[0] for r in db.execute(
        f"SELECT article_id FROM copy_sketch WHERE hash IN ({marks}) AND article_id != ? AND lang IS ? "
        f"GROUP BY article_id HAVING COUNT(*) >= ?", (*sk, aid, lang, MIN_SHARED))]
    found = []
    for cid in cands:
        other = [r[0] for r in db.execute("SELECT hash FROM copy_sketch WHERE article_id=? ORDER BY hash", (cid,))]
        r = round(resemblance(sk, other), 3)
        if r >= COPY:
            added = db.execute("SELECT added_at FROM articles WHERE id=?", (cid,)).fetchone()
            found.append((-r, (added[0] if added else None) or "", cid))
    if not found:
        return None
    r, _, cid = min(found)
    return Original(cid, -r)


def save(db: sqlite3.Connection, aid: str, lang: str | None, sk: list[int]) -> None:
    ensure_schema(db)
    db.execute("DELETE FROM copy_sketch WHERE article_id=?", (aid,))
    db.executemany("INSERT OR IGNORE INTO copy_sketch (hash, article_id, lang) VALUES (?,?,?)", [(h, aid, lang) for h in sk])


def copy_marks(members: list[dict], rels: list[dict]) -> dict[str, str]:
    """Article id -> the member it is a copy of: of two near-copies, the later published (then stored) one is the copy."""
    order = {m["id"]: (m.get("published") or "9999", i) for i, m in enumerate(members)}
    marks: dict[str, str] = {}
    for r in rels:
        if r["kind"] != "near-copy" or r["a"] not in order or r["b"] not in order:
            continue
        first, later = sorted((r["a"], r["b"]), key=order.get)
        marks.setdefault(later, first)
    # Follow chains to the first copy: a copy of a copy is a copy of the original.
    for aid in list(marks):
        seen, root = {aid}, marks[aid]
        while root in marks and root not in seen:
            seen.add(root)
            root = marks[root]
        marks[aid] = root
    return marks
