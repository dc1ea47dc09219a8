"""Command line: annotate, analyze, and look at what the store holds."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager, nullcontext
from importlib import resources
from pathlib import Path
from typing import IO, Iterator

from . import __version__
from .ingest.files import MAX_BYTES
from .model import Article

DEFAULT_DB = "newsloom.db"


def sample_path() -> str:
    return str(resources.files("newsloom") / "data" / "sample" / "ntrex_sample.jsonl")


# -- helpers ------------------------------------------------------------------


@contextmanager
def _output(path: str | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


def _progress(enabled: bool, label: str):
    """A progress display on a terminal, nothing when piped."""
    if not enabled or not sys.stderr.isatty():
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(), TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
        console=_console(stderr=True), transient=False,
    )


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _read(inputs: list[str], problems: list, max_bytes: int) -> Iterator[Article]:
    from .ingest import iter_articles

    yield from iter_articles(inputs, problems, max_bytes=max_bytes)


def _byte_size(value: str) -> int:
    """A size such as 5000000, 500K, 20M or 1G, for --max-bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    v = value.strip().upper().removesuffix("B")
    try:
        n = int(float(v[:-1]) * units[v[-1]]) if v and v[-1] in units else int(v)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"not a size in bytes: {value!r} (e.g. 5000000, 500K, 20M)")
    return n


def _count_hint(inputs: list[str]) -> int | None:
    """Cheap size estimate for the progress bar: lines of JSONL, files elsewhere."""
    total = 0
    for raw in inputs:
        p = Path(raw)
        if raw == "-" or not p.exists():
            return None
        files = [p] if p.is_file() else [f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")]
        for f in files:
            if f.suffix.lower() in (".jsonl", ".ndjson"):
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    pass
            elif f.suffix.lower() in (".rss", ".atom", ".xml", ".json"):
                return None
            else:
                total += 1
    return total


def _exit_status(problems: list) -> int:
    """1 when an input could not be read; warnings about inputs that were read keep it 0."""
    return 1 if any(not getattr(p, "kept", False) for p in problems) else 0


def _report_problems(problems: list, err) -> None:
    for p in problems:
        print(f"newsloom: warning: {p.path}: {p.message}", file=err)


# -- commands -----------------------------------------------------------------


def cmd_annotate(args) -> int:
    from .kb import KnowledgeBase
    from .pipeline import annotate

    problems: list = []
    kb = KnowledgeBase()
    n = 0
    with _output(args.out) as out, _progress(not args.quiet, "annotate") as prog:
        task = prog.add_task("annotate", total=_count_hint(args.inputs), rate="") if prog else None
        for article in _read(args.inputs, problems, args.max_bytes):
            annotate(article, kb)
            n += 1
            if out is not None:
                out.write(json.dumps(article.to_record(), ensure_ascii=False) + "\n")
            if prog:
                prog.update(task, advance=1)
    _report_problems(problems, sys.stderr)
    if not args.quiet:
        print(f"newsloom: annotated {n} article(s), {len(problems)} problem(s)", file=sys.stderr)
    return _exit_status(problems)


def cmd_analyze(args) -> int:
    from .analyze import analyze

    inputs = args.inputs or [sample_path()]
    problems: list = []
    with _output(args.out) as out, _progress(not args.quiet, "analyze") as prog:
        task = prog.add_task("analyze", total=_count_hint(inputs), rate="") if prog else None

        def tick(done: int, rate: float) -> None:
            if prog:
                prog.update(task, completed=done, rate=f"{rate:.1f} art/s")

        result = analyze(inputs, args.db, problems, out=out, on_progress=tick, embed=not args.no_embed,
                         max_bytes=args.max_bytes)
    _report_problems(problems, sys.stderr)
    if not args.quiet:
        from .report import corpus_report

        console = _console(stderr=args.out == "-")
        corpus_report(console, args.db, result.article_ids)
        console.print(
            f"[dim]{result.added} new, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(problems)} problem(s); database {args.db}[/dim]"
        )
    return _exit_status(problems)


def cmd_events(args) -> int:
    from .report import events_table

    return events_table(_console(), _open_store(args.db), args.json, kind="event")


def cmd_stories(args) -> int:
    from .report import events_table

    return events_table(_console(), _open_store(args.db), args.json, kind="story")


def cmd_entities(args) -> int:
    from .report import entities_table

    return entities_table(_console(), _open_store(args.db), args.json, args.limit, args.type)


def cmd_show(args) -> int:
    from .report import show

    return show(_console(), _open_store(args.db), args.id, args.json)


def cmd_link(args) -> int:
    store = _open_store(args.db, must_exist=False)
    kb = store.load_kb() if store else None
    if kb is None:
        from .kb import KnowledgeBase

        kb = KnowledgeBase()
    decision = kb.explain(args.name1, args.name2)
    if args.json:
        print(json.dumps({"same": decision.same, "reasons": decision.reasons}, ensure_ascii=False))
    else:
        verdict = "yes, one entity" if decision.same else "no, different entities"
        print(f"{args.name1} / {args.name2}: {verdict}")
        for r in decision.reasons:
            print(f"  - {r}")
    return 0


def cmd_compare(args) -> int:
    from .compare import compare_pairs, read_pairs
    from .embed import default_encoder

    problems: list = []
    try:
        fh = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", errors="replace")
    except OSError as e:
        print(f"newsloom: cannot read {args.input}: {e}", file=sys.stderr)
        return 2
    with fh, _output(args.out) as out, _progress(not args.quiet, "compare") as prog:
        task = prog.add_task("compare", total=_count_hint([args.input]), rate="") if prog else None
        results = compare_pairs(read_pairs(fh, problems), None if args.no_embed else default_encoder(),
                                on_progress=(lambda n: prog.update(task, completed=n)) if prog else None)
        for r in results:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    for p in problems:
        print(f"newsloom: warning: {args.input}:{p.line}: {p.message}", file=sys.stderr)
    if not args.quiet:
        same = sum(r["same_event"] for r in results)
        print(f"newsloom: compared {len(results)} pair(s), {same} judged the same event, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def _open_store(path: str, must_exist: bool = True):
    from .store import Store

    if not Path(path).exists():
        if must_exist:
            print(f"newsloom: no database at {path} (run 'newsloom analyze' first)", file=sys.stderr)
            raise SystemExit(2)
        return None
    return Store(path)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsloom", description="Multilingual news: languages, entities, dates, events.")
    p.add_argument("--version", action="version", version=f"newsloom {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("annotate", help="per-article analysis (no corpus-level grouping)")
    a.add_argument("inputs", nargs="+", metavar="INPUT")
    a.add_argument("--out", default="-", help="JSON Lines output file ('-' for stdout)")
    a.add_argument("--quiet", "-q", action="store_true")
    a.set_defaults(func=cmd_annotate)

    z = sub.add_parser("analyze", help="annotate, store, link entities, group into events and stories")
    z.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: the bundled sample)")
    z.add_argument("--db", default=DEFAULT_DB)
    z.add_argument("--out", default=None, help="JSON Lines output file ('-' for stdout)")
    z.add_argument("--no-embed", action="store_true", help="do not use the multilingual sentence encoder")
    z.add_argument("--quiet", "-q", action="store_true")
    for reader in (a, z):
        reader.add_argument("--max-bytes", type=_byte_size, default=MAX_BYTES, metavar="SIZE",
                         help="most bytes read for one article (larger ones are cut, with a warning); "
                              f"default {MAX_BYTES:,}, about 1 GB of memory")
    z.set_defaults(func=cmd_analyze)

    for name, func, helptext in (("events", cmd_events, "list events"), ("stories", cmd_stories, "list stories")):
        e = sub.add_parser(name, help=helptext)
        e.add_argument("--db", default=DEFAULT_DB)
        e.add_argument("--json", action="store_true")
        e.set_defaults(func=func)

    en = sub.add_parser("entities", help="list entities with their names by script")
    en.add_argument("--db", default=DEFAULT_DB)
    en.add_argument("--json", action="store_true")
    en.add_argument("--limit", type=int, default=50)
    en.add_argument("--type", default=None, help="PER, ORG or LOC")
    en.set_defaults(func=cmd_entities)

    s = sub.add_parser("show", help="show an article, entity, event or story by id")
    s.add_argument("id")
    s.add_argument("--db", default=DEFAULT_DB)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)

    c = sub.add_parser("compare", help="score pairs of articles: the same event or not, and why")
    c.add_argument("input", metavar="INPUT", help='JSONL of {"id", "a": {"title", "text", "lang"?}, "b": {...}} (- for stdin)')
    c.add_argument("--out", default="-", help="JSON Lines output file ('-' for stdout)")
    c.add_argument("--no-embed", action="store_true", help="do not use the multilingual sentence encoder")
    c.add_argument("--quiet", "-q", action="store_true")
    c.set_defaults(func=cmd_compare)

    ln = sub.add_parser("link", help="are two names one entity, and why")
    ln.add_argument("name1")
    ln.add_argument("name2")
    ln.add_argument("--explain", action="store_true", help="(the reasons are always given: keys, edit cost, type, list hits)")
    ln.add_argument("--db", default=DEFAULT_DB)
    ln.add_argument("--json", action="store_true")
    ln.set_defaults(func=cmd_link)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("newsloom: interrupted; what was committed is kept, re-run to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
