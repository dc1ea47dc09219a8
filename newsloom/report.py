"""What a person sees: terminal tables over the store, or the same rows as JSON."""

from __future__ import annotations

import json
import sys
from collections import defaultdict

from rich.table import Table

from . import queries
from .store import Store


def _main_entities(record: dict, etype: str, names: dict[str, str]) -> list[str]:
    ents = [e for e in record["entities"] if e["type"] == etype]
    ents.sort(key=lambda e: -len(e["mentions"]))
    return [names.get(e["id"], e["name"]) for e in ents[:4]]


def corpus_report(console, db_path: str, ids: list[str]) -> None:
    """Per article: language, title, date, main people/organisations/places; then shared events."""
    store = Store(db_path)
    names = queries.entity_names(store.db)
    rows = queries.article_rows(store.db, ids)
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
        for r in queries.relations(store.db, [m["id"] for m in members]):
            console.print(f"   [green]{r['a']} ↔ {r['b']}: {r['kind']}[/green] [dim]({'; '.join(r['reasons'])})[/dim]")
            for line in r["evidence"][:2]:
                console.print(f"     [dim]{line}[/dim]")
    store.close()


def events_table(console, store: Store, as_json: bool, kind: str = "event") -> int:
    items = list(queries.all_clusters(store.db, kind))
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
    items = queries.list_entities(store.db, etype=etype, limit=limit)
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
    try:
        data = queries.find(store.db, item_id)
    except queries.NotFound as e:
        # Machines get a JSON error where they read; people get it on stderr.
        if as_json:
            print(json.dumps({"error": str(e), "id": item_id}, ensure_ascii=False))
        else:
            print(f"newsloom: {e}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        _print_detail(console, data)
    return 0


def _print_detail(console, data: dict) -> None:
    for k, v in data.items():
        if isinstance(v, list):
            console.print(f"[bold]{k}[/bold] ({len(v)})")
            for item in v[:40]:
                console.print("   " + (json.dumps(item, ensure_ascii=False) if not isinstance(item, str) else item))
        else:
            console.print(f"[bold]{k}[/bold]: {v}")
