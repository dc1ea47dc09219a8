"""What a person sees: terminal tables over the store, or the same rows as JSON."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from rich.table import Table

from . import statements
from .store import Store

_TOP = 6


def _article_rows(store: Store, ids: list[str] | None = None):
    sql = "SELECT id, lang, script, title, published, event_id, story_id, record FROM articles"
    rows = store.query(sql + " ORDER BY id")
    if ids is not None:
        wanted = {i: n for n, i in enumerate(ids)}
        rows = sorted((r for r in rows if r["id"] in wanted), key=lambda r: wanted[r["id"]])
    return rows


def _main_entities(record: dict, etype: str, names: dict[str, str]) -> list[str]:
    ents = [e for e in record["entities"] if e["type"] == etype]
    ents.sort(key=lambda e: -len(e["mentions"]))
    return [names.get(e["id"], e["name"]) for e in ents[:4]]


def _entity_names(store: Store) -> dict[str, str]:
    return {r["id"]: r["name"] for r in store.query("SELECT id, name FROM entities")}


def corpus_report(console, db_path: str, ids: list[str]) -> None:
    """Per article: language, title, date, main people/organisations/places; then shared events."""
    store = Store(db_path)
    names = _entity_names(store)
    rows = _article_rows(store, ids)
    console.rule(f"[bold]{len(rows)} article(s)")
    for r in rows:
        rec = json.loads(r["record"])
        dates = sorted(d["value"] for d in rec["dates"] if len(d["value"]) == 10)
        when = r["published"][:10] if r["published"] else (f"mentions {dates[-1]}" if dates else "no date")
        console.print(f"[bold cyan]{r['id']}[/bold cyan]  [magenta]{r['lang'] or '?'}[/magenta]/{r['script'] or '?'}  "
                      f"{when}  [dim]event {r['event_id'] or '-'} · story {r['story_id'] or '-'}[/dim]")
        console.print(f"  [bold]{(r['title'] or '')[:140]}[/bold]")
        for label, etype in (("people", "PER"), ("organisations", "ORG"), ("places", "LOC")):
            found = _main_entities(rec, etype, names)
            if found:
                console.print(f"  [dim]{label}:[/dim] {', '.join(found)}")
    groups = defaultdict(list)
    for r in rows:
        groups[r["event_id"]].append(r)
    shared = [(eid, members) for eid, members in groups.items() if len(members) > 1]
    console.rule("[bold]Articles that tell the same event")
    if not shared:
        console.print("No two of these articles tell the same event.")
    for eid, members in sorted(shared, key=lambda x: -len(x[1])):
        langs = sorted({m["lang"] or "?" for m in members})
        console.print(f"[bold]{eid}[/bold] ({len(members)} articles; {', '.join(langs)})")
        for m in members:
            console.print(f"   {m['id']} [magenta]{m['lang']}[/magenta] {(m['title'] or '')[:90]}")
        for r in _relations(store, [m["id"] for m in members]):
            console.print(f"   [green]{r['a']} ↔ {r['b']}: {r['kind']}[/green] [dim]({'; '.join(r['reasons'])})[/dim]")
            for line in r["evidence"][:2]:
                console.print(f"     [dim]{line}[/dim]")
    store.close()


def _relations(store: Store, ids: list[str]) -> list[dict]:
    """Translations and near-copies among these articles."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = store.query(f"SELECT a, b, kind, score, reasons, evidence FROM relations WHERE a IN ({marks}) AND b IN ({marks}) ORDER BY a, b", (*ids, *ids))
    return [{"a": r["a"], "b": r["b"], "kind": r["kind"], "score": r["score"], "reasons": json.loads(r["reasons"] or "[]"),
             "evidence": json.loads(r["evidence"] or "[]")} for r in rows]


def _headline(store: Store, col: str, cid: str, members: list, entities: Counter) -> str:
    """The title that names most of what the cluster is about.

    A member's title scores the cluster-wide counts of the entities it
    mentions; ties go to the earliest article.  The first article alone is
    often a brief or a translation that names only one side of the event.
    """
    if not members:
        return ""
    named: dict[str, set] = {}
    for r in store.query(f"SELECT m.article_id, m.entity_id FROM mentions m JOIN articles a ON a.id = m.article_id "
                         f"WHERE a.{col}=? AND m.field='title' AND m.entity_id IS NOT NULL", (cid,)):
        named.setdefault(r["article_id"], set()).add(r["entity_id"])
    best = max(enumerate(members), key=lambda nm: (sum(entities.get(e, 0) for e in named.get(nm[1]["id"], ())), -nm[0]))
    return best[1]["title"]


def _story_timeline(store: Store, story_id: str) -> list[dict]:
    """The events of a story in date order, each with its headline."""
    events = []
    for c in store.query("SELECT id, first, last, state FROM clusters WHERE kind='event' AND parent=? ORDER BY first, id", (story_id,)):
        members = store.query("SELECT id, title FROM articles WHERE event_id=? ORDER BY published, id", (c["id"],))
        if members:
            events.append({"event_id": c["id"], "first": c["first"], "last": c["last"], "articles": len(members),
                           "headline": _headline(store, "event_id", c["id"], members, Counter(json.loads(c["state"])["entities"]))})
    return events


def events_table(console, store: Store, as_json: bool, kind: str = "event") -> int:
    names = _entity_names(store)
    col = "event_id" if kind == "event" else "story_id"
    items = []
    for c in store.query("SELECT id, parent, state, first, last FROM clusters WHERE kind=? ORDER BY id", (kind,)):
        state = json.loads(c["state"])
        members = store.query(f"SELECT id, lang, source, title, published FROM articles WHERE {col}=? ORDER BY published, id", (c["id"],))
        if not members:
            continue
        top = Counter(state["entities"]).most_common(_TOP)
        items.append({
            "id": c["id"],
            "story_id": c["parent"] if kind == "event" else None,
            "articles": [m["id"] for m in members],
            "languages": sorted({m["lang"] or "und" for m in members}),
            "sources": sorted({m["source"] or "" for m in members})[:10],
            "first": c["first"], "last": c["last"],
            "headline": _headline(store, col, c["id"], members, Counter(state["entities"])),
            "entities": [{"id": k, "name": names.get(k, k), "count": v} for k, v in top],
        })
        if kind == "event":
            items[-1]["translations"] = [{k: r[k] for k in ("a", "b", "kind", "score")} for r in _relations(store, items[-1]["articles"])]
        else:
            items[-1]["timeline"] = _story_timeline(store, c["id"])
    if as_json:
        for it in items:
            print(json.dumps(it, ensure_ascii=False))
        return 0
    t = Table(title=f"{len(items)} {kind}(s)")
    last = "translations" if kind == "event" else "events (timeline)"
    for colname in ("id", "n", "languages", "dates", "headline", "main entities", last):
        t.add_column(colname, overflow="fold", max_width=50 if colname in ("headline", last) else 36)
    for it in sorted(items, key=lambda x: (-len(x["articles"]), x["id"])):
        dates = " – ".join(sorted({d for d in (it["first"], it["last"]) if d}))
        if kind == "event":
            extra = "; ".join(f"{r['a']} ↔ {r['b']} ({r['kind']})" for r in it["translations"][:4])
        else:
            extra = "; ".join(f"{e['first'] or '?'} {e['event_id']}: {(e['headline'] or '')[:40]}" for e in it["timeline"][:5])
        t.add_row(it["id"], str(len(it["articles"])), ",".join(it["languages"]), dates, (it["headline"] or "")[:100],
                  ", ".join(e["name"] for e in it["entities"]), extra)
    console.print(t)
    return 0


def entities_table(console, store: Store, as_json: bool, limit: int, etype: str | None) -> int:
    rows = store.query(
        "SELECT e.id, e.type, e.name, COUNT(DISTINCT m.article_id) AS n FROM entities e "
        "LEFT JOIN mentions m ON m.entity_id = e.id "
        + ("WHERE e.type = ? " if etype else "")
        + "GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?",
        ((etype, limit) if etype else (limit,)),
    )
    items = []
    for r in rows:
        by_script: dict[str, list[str]] = defaultdict(list)
        for n in store.query("SELECT script, name, count FROM entity_names WHERE entity_id=? ORDER BY count DESC", (r["id"],)):
            if n["name"] not in by_script[n["script"]]:
                by_script[n["script"]].append(n["name"])
        items.append({"id": r["id"], "type": r["type"], "name": r["name"], "articles": r["n"], "names": dict(by_script)})
    if as_json:
        for it in items:
            print(json.dumps(it, ensure_ascii=False))
        return 0
    t = Table(title=f"{len(items)} entities")
    for colname in ("id", "type", "name", "articles", "names by script"):
        t.add_column(colname, overflow="fold", max_width=60 if colname.startswith("names") else 30)
    for it in items:
        t.add_row(it["id"], it["type"], it["name"], str(it["articles"]),
                  "; ".join(f"{s}: {', '.join(ns[:4])}" for s, ns in it["names"].items()))
    console.print(t)
    return 0


def show(console, store: Store, item_id: str, as_json: bool) -> int:
    if store.query("SELECT 1 FROM articles WHERE id=?", (item_id,)):
        data = store.record(item_id)
        row = store.query("SELECT event_reasons, event_score FROM articles WHERE id=?", (item_id,))[0]
        data["event_reasons"] = json.loads(row["event_reasons"] or "[]")
        data["event_score"] = row["event_score"]
    elif store.query("SELECT 1 FROM entities WHERE id=?", (item_id,)):
        data = _entity_detail(store, item_id)
    elif store.query("SELECT 1 FROM clusters WHERE id=?", (item_id,)):
        data = _cluster_detail(store, item_id)
    else:
        console.print(f"nothing with id {item_id!r}")
        return 1
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        _print_detail(console, data)
    return 0


def _entity_detail(store: Store, eid: str) -> dict:
    ent = store.query("SELECT id, type, name FROM entities WHERE id=?", (eid,))[0]
    names = [dict(r) for r in store.query("SELECT lang, script, name, count FROM entity_names WHERE entity_id=? ORDER BY count DESC", (eid,))]
    arts = [dict(r) for r in store.query(
        "SELECT DISTINCT a.id, a.lang, a.title FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id=? ORDER BY a.id", (eid,))]
    co = store.query(
        "SELECT m2.entity_id AS id, e.name, COUNT(DISTINCT m2.article_id) AS n FROM mentions m1 "
        "JOIN mentions m2 ON m1.article_id = m2.article_id AND m2.entity_id != m1.entity_id "
        "JOIN entities e ON e.id = m2.entity_id WHERE m1.entity_id=? GROUP BY m2.entity_id ORDER BY n DESC LIMIT 10", (eid,))
    return {"id": ent["id"], "type": ent["type"], "name": ent["name"], "names": names, "articles": arts,
            "seen_with": [dict(r) for r in co]} | statements.entity_quotes(store, eid)


def _cluster_detail(store: Store, cid: str) -> dict:
    c = store.query("SELECT id, kind, parent, state, first, last FROM clusters WHERE id=?", (cid,))[0]
    col = "event_id" if c["kind"] == "event" else "story_id"
    names = _entity_names(store)
    state = json.loads(c["state"])
    members = [dict(r) for r in store.query(
        f"SELECT id, lang, source, published, title, event_id, event_score, event_reasons FROM articles WHERE {col}=? ORDER BY published, id", (cid,))]
    for m in members:
        m["event_reasons"] = json.loads(m["event_reasons"] or "[]")
    detail = {"id": c["id"], "kind": c["kind"], "story_id": c["parent"], "first": c["first"], "last": c["last"],
              "headline": _headline(store, col, c["id"], members, Counter(state["entities"])),
              "languages": sorted({m["lang"] or "und" for m in members}),
              "sources": sorted({m["source"] or "" for m in members}),
              "entities": [{"id": k, "name": names.get(k, k), "count": v} for k, v in Counter(state["entities"]).most_common(10)],
              "articles": members}
    if c["kind"] == "event":
        detail["translations"] = _relations(store, [m["id"] for m in members])
        detail |= statements.event_figures(store, cid)
    else:
        detail["timeline"] = _story_timeline(store, cid)
    return detail


def _print_detail(console, data: dict) -> None:
    for k, v in data.items():
        if isinstance(v, list):
            console.print(f"[bold]{k}[/bold] ({len(v)})")
            for item in v[:40]:
                console.print("   " + (json.dumps(item, ensure_ascii=False) if not isinstance(item, str) else item))
        else:
            console.print(f"[bold]{k}[/bold]: {v}")
