"""One statement across articles and languages: a quote and its translations or paraphrases.

Inside one event, two quotes are one statement when their speakers do not
disagree and they say the same thing: the multilingual encoder puts a quote
and its translation close (as ``relations`` uses it for sentences), and the
linked names and the numbers inside the quotes, which do not depend on the
script, confirm it.  Pairs are taken one to one, best first.  (A quote one
copy splits in two, "وی ادامه داد:", links one part only: the speaker's next
statement follows the same words, and the encoder does not tell them apart.)
Statements live in the store's ``statements`` table, which this module owns; the
queries the terminal views call (``quotes``, ``show``) are here too.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

import numpy as np

from .model import Article, Quote, is_local_id

SCHEMA = """
CREATE TABLE IF NOT EXISTS statements (
    statement_id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    quote_index INTEGER NOT NULL,      -- position in the article record's "quotes"
    event_id TEXT, lang TEXT, speaker_id TEXT, speaker_name TEXT, kind TEXT,
    field TEXT, start INTEGER, "end" INTEGER, text TEXT,
    about TEXT,                        -- JSON list of entity ids named inside the quote
    PRIMARY KEY (article_id, quote_index)
);
CREATE INDEX IF NOT EXISTS statements_id ON statements(statement_id);
CREATE INDEX IF NOT EXISTS statements_speaker ON statements(speaker_id);
CREATE INDEX IF NOT EXISTS statements_event ON statements(event_id);
"""

# Raw multilingual-e5 cosine of two quotes at which they are one statement
# with nothing else shared; lower with shared names or numbers or the same
# speaker.  Two speakers the knowledge base tells apart veto a pair below
# SAME_DESPITE_SPEAKERS: one of the two attributions is often wrong (a quote
# run carried to the next paragraph's speaker), and a translation still scores
# that high.  Chosen on NTREX's line-aligned translations, odd documents, and
# held on the even ones (``evaluation/statements_eval``: recall .45 -> .88 at
# precision .95 -> .98); a paraphrase by another outlet scores less.
SAME = 0.86
SAME_WITH_ITEMS = 0.82
SAME_DESPITE_SPEAKERS = 0.88
SAME_SPEAKER_FIRST = 0.05  # in the one-to-one pass, pairs of one speaker go before their cosine alone says
MIN_SHARED_ITEMS = 2
# Quotes of the newest event members with quotes that a new article's quotes are compared with
# (each costs one encoder call per quote).
MAX_OTHERS = 8  # names/numbers shared before the encoder's word is not needed


def _items(article: Article, q: Quote) -> set[str]:
    """Linked entities and figure values inside a quote: what a translation keeps."""
    ents = {m.entity_id for m in article.mentions if m.field == q.field and q.start <= m.start < q.end and m.entity_id}
    nums = {f"#{f.value:g}" for f in article.figures if f.field == q.field and q.start <= f.start < q.end}
    return ents | nums


def _vectors(quotes: list[Quote], encoder) -> np.ndarray | None:
    if encoder is None or not quotes:
        return None
    v = np.asarray(encoder.encode([" ".join(q.text.split())[:600] for q in quotes]), dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)


def align(a: Article, b: Article, encoder=None, va: np.ndarray | None = None, vb: np.ndarray | None = None) -> list[tuple[int, int, float]]:
    """Quote pairs (index in a.quotes, index in b.quotes, score) that are one statement."""
    if not a.quotes or not b.quotes:
        return []
    va = va if va is not None else _vectors(a.quotes, encoder)
    vb = vb if vb is not None else _vectors(b.quotes, encoder)
    ia = [_items(a, q) for q in a.quotes]
    ib = [_items(b, q) for q in b.quotes]
    score = np.zeros((len(a.quotes), len(b.quotes)), dtype=np.float32)
    rank = np.zeros_like(score)
    for i, qa in enumerate(a.quotes):
        for j, qb in enumerate(b.quotes):
            same = bool(qa.speaker_id) and qa.speaker_id == qb.speaker_id
            apart = not same and _told_apart(qa.speaker_id, qb.speaker_id, a.lang == b.lang)
            shared = len(ia[i] & ib[j])
            if va is not None and vb is not None:
                cos = float(va[i] @ vb[j])
                if cos >= SAME_DESPITE_SPEAKERS or not apart and (cos >= SAME or cos >= SAME_WITH_ITEMS and (shared or same)):
                    score[i, j] = cos
            elif shared >= MIN_SHARED_ITEMS and same:
                score[i, j] = shared / max(1, min(len(ia[i]), len(ib[j])))
            rank[i, j] = score[i, j] + SAME_SPEAKER_FIRST * (same and score[i, j] > 0)
    # One to one, best pairs first: a quote whose best match went to a closer
    # translation still takes its next best ("mutual best" alone lost those).
    ia_of: dict[int, int] = {}
    jb_of: dict[int, int] = {}
    for flat in np.argsort(-rank, axis=None, kind="stable"):
        i, j = divmod(int(flat), score.shape[1])
        if score[i, j] <= 0:
            break
        if i not in ia_of and j not in jb_of:
            ia_of[i], jb_of[j] = j, i
    return [(i, j, round(float(score[i, j]), 3)) for i, j in sorted(ia_of.items())]


def _told_apart(x: str | None, y: str | None, same_language: bool) -> bool:
    """Two speakers known to be two people: two knowledge-base ids, or two names of one language.

    A name the knowledge base did not link ("PER:Moualem") has an id of its
    article's script alone, so across scripts it tells no one apart.
    """
    if not x or not y or x == y:
        return False
    return same_language or not (is_local_id(x) or is_local_id(y))


def ensure_schema(db: sqlite3.Connection) -> None:
    # One statement at a time: executescript would commit the caller's transaction.
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            db.execute(stmt)


def save(db: sqlite3.Connection, article: Article, others: list[Article], encoder=None) -> None:
    """Store the article's quotes, each joining the statement of its match in another article of the event."""
    ensure_schema(db)
    db.execute("DELETE FROM statements WHERE article_id=?", (article.id,))
    if not article.quotes:
        return
    joined: dict[int, str] = {}
    others = [o for o in others if o.id != article.id and o.quotes][-MAX_OTHERS:]
    va = _vectors(article.quotes, encoder) if others else None
    for other in others:
        for i, j, _ in align(article, other, encoder, va=va):
            if i in joined:
                continue
            row = db.execute("SELECT statement_id FROM statements WHERE article_id=? AND quote_index=?", (other.id, j)).fetchone()
            if row:
                joined[i] = row[0]
    for i, q in enumerate(article.quotes):
        about = sorted(_items(article, q) - {q.speaker_id} - {x for x in _items(article, q) if x.startswith("#")})
        db.execute("INSERT INTO statements VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (joined.get(i, f"sm-{article.id}-{i}"), article.id, i, article.event_id, article.lang, q.speaker_id, q.speaker_name,
                    q.kind, q.field, q.start, q.end, q.text, json.dumps(about)))


def article_from_record(record: dict) -> Article:
    """Enough of a stored article (its quotes, mentions inside them, figures) to align its quotes again."""
    from .model import Figure, Mention, Quote, Span

    a = Article(id=record["id"], text="", title=record.get("title") or "", lang=record.get("lang"), event_id=record.get("event_id"))
    for e in record.get("entities", []):
        for m in e["mentions"]:
            a.mentions.append(Mention(m["field"], m["start"], m["end"], m["text"], e["type"], e["name"], e["id"]))
    for q in record.get("quotes", []):
        spk = q.get("speaker") or {}
        mention = spk.get("mention")
        a.quotes.append(Quote(q["field"], q["start"], q["end"], q["text"], q["kind"], Span(**q["cue"]) if q.get("cue") else None,
                              spk.get("id"), spk.get("name"), Span(**mention) if mention else None))
    a.figures = [Figure(**f) for f in record.get("figures", [])]
    return a


def _has_table(db) -> bool:
    return bool(db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='statements'").fetchall())


def statements(db, entity: str | None = None, event: str | None = None) -> list[dict]:
    """Statements with every article and language they appear in; by speaker or about an entity, or in an event."""
    if not _has_table(db):
        return []
    where, params = [], []
    if entity:
        where.append("statement_id IN (SELECT statement_id FROM statements WHERE speaker_id=? OR about LIKE ?)")
        params += [entity, f'%"{entity}"%']
    if event:
        where.append("event_id=?")
        params.append(event)
    rows = db.execute("SELECT * FROM statements" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY statement_id, article_id, quote_index", tuple(params)).fetchall()
    grouped: dict[str, dict] = {}
    for r in rows:
        s = grouped.setdefault(r["statement_id"], {"id": r["statement_id"], "speaker": None, "event_id": r["event_id"], "languages": [], "quotes": []})
        if r["speaker_id"] and s["speaker"] is None:
            s["speaker"] = {"id": r["speaker_id"], "name": r["speaker_name"]}
        if r["lang"] not in s["languages"]:
            s["languages"].append(r["lang"])
        s["quotes"].append({"article_id": r["article_id"], "lang": r["lang"], "kind": r["kind"], "field": r["field"],
                            "start": r["start"], "end": r["end"], "text": r["text"]})
    return sorted(grouped.values(), key=lambda s: (-len(s["languages"]), -len(s["quotes"]), s["id"]))


def entity_quotes(db, eid: str) -> dict:
    """``show ENTITY_ID``: statements the entity made, and statements that name it."""
    found = statements(db, entity=eid)
    by = [s for s in found if s["speaker"] and s["speaker"]["id"] == eid]
    return {"quotes_by": by, "quotes_about": [s for s in found if s not in by]}


def event_figures(db, event_id: str) -> dict:
    """``show EVENT_ID``: figures for the same thing across the event's articles and languages, matched or in conflict.

    The same thing is the same concept counted (:func:`newsloom.figures.concept`:
    "164 адам қаза тапты", "۱۶۴ نفر کشته", "164 people were killed" all count
    the dead) with the same unit; a figure without a concept falls back to
    its counted word (exact, so within one language) or its unit.  A value
    reported by two articles is matched.  A conflict is two articles that
    each give one concept one value, and different ones ("dead: 164 in A; 225
    in B"); it is claimed only for a concept other than the generic "people" --
    "300 people" and "2,000 people" are as often two different crowds.
    """
    from .model import Figure

    rows = db.execute("SELECT id, lang, title, text, record FROM articles WHERE event_id=? ORDER BY id", (event_id,)).fetchall()
    return figure_claims([(r["id"], r["lang"], r["title"], r["text"], [Figure(**f) for f in json.loads(r["record"]).get("figures", [])])
                          for r in rows])


def figure_claims(articles) -> dict:
    """Figures matched and in conflict across ``articles``: (id, lang, title, text, figures) of one event."""
    from .figures import GENERIC, concept

    # (what, unit) -> value -> article id -> the figure's text
    seen: dict[tuple, dict[float, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    langs = {}
    for aid, lang, title, body, figs in articles:
        r = {"id": aid, "lang": lang, "title": title, "text": body}
        langs[r["id"]] = r["lang"]
        for f in figs:
            text = r["title"] if f.field == "title" else r["text"]
            what = concept(text or "", f, r["lang"], [o for o in figs if o is not f and o.field == f.field])
            key = ("=" + what, f.unit) if what else ((f.counts or "").casefold(), f.unit) if (f.counts or f.unit) else None
            if key:
                seen[key][f.value].setdefault(r["id"], f.text)
    matched, conflicting, claims = [], [], []
    for (what, unit), values in sorted(seen.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        per_article: dict[str, set] = defaultdict(set)
        for v, arts in values.items():
            for a in arts:
                per_article[a].add(v)
        if len(per_article) < 2:
            continue
        ids = sorted(per_article)
        # An article with several values for one concept ("3 dead in X, 14 in Y") counts several things:
        # only articles that each give the concept one value can contradict each other.
        # Nor do two values one article reports side by side ("16,700 people were evacuated to 24 centers").
        single = [a for a in ids if len(per_article[a]) == 1]
        together = [vs for vs in per_article.values() if len(vs) > 1]
        disjoint = any(not (per_article[a] & per_article[b]) and not any((per_article[a] | per_article[b]) <= vs for vs in together)
                       for i, a in enumerate(single) for b in single[i + 1:])
        shared = [v for v, arts in values.items() if len(arts) >= 2]
        specific = what.startswith("=") and what != "=" + GENERIC
        label = (what[1:] if what.startswith("=") else what or unit) + (f" ({unit})" if unit and what else "")
        desc = "; ".join(f"{v:g} in {', '.join(sorted(arts))}" for v, arts in sorted(values.items()))
        conflict = disjoint and specific
        if conflict:
            conflicting.append(f"{label}: {desc}")
        elif shared:
            matched.append(f"{label}: {desc}")
        else:
            continue
        claims.append({"what": label, "concept": what[1:] if what.startswith("=") else None, "unit": unit, "conflict": conflict,
                       "languages": sorted({langs[a] or "und" for a in per_article}),
                       "values": [{"value": v, "articles": [{"id": a, "lang": langs[a], "text": t} for a, t in sorted(arts.items())]}
                                  for v, arts in sorted(values.items())]})
    return {"figures_matched": matched, "figures_conflicting": conflicting, "figures": claims}


def print_statements(console, found: list[dict]) -> None:
    from rich.markup import escape

    if not found:
        console.print("no statements (run 'newsloom analyze' on articles with quotes)")
    for s in found:
        who = escape(s["speaker"]["name"] or "") + f" [dim]({s['speaker']['id']})[/dim]" if s["speaker"] else "[dim]speaker unknown[/dim]"
        console.print(f"[bold]{s['id']}[/bold]  {who}  [magenta]{', '.join(l or '?' for l in s['languages'])}[/magenta]  [dim]event {s['event_id'] or '-'}[/dim]")
        for q in s["quotes"]:
            console.print(f"   {q['article_id']} [magenta]{q['lang']}[/magenta] [dim]{q['kind']}[/dim] {escape(' '.join(q['text'].split())[:160])}")
