"""Command line: annotate, analyze, and look at what the store holds."""

from __future__ import annotations

import argparse
import json
import os
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
        if Path(path).is_dir():
            raise UsageError(f"--out {path}: is a directory; give a file name")
        # Refuse an unwritable place now, before any work, without creating anything yet.
        place = Path(path) if Path(path).exists() else next(p for p in Path(path).absolute().parents if p.exists())
        if not place.is_dir() and place != Path(path) or not os.access(place, os.W_OK):
            raise UsageError(f"--out {path}: cannot write ({place} is not writable)")
        out = _LazyFile(path)
        try:
            yield out
            out.open()  # a run that wrote nothing still leaves its (empty) output
        finally:
            out.close()


class _LazyFile:
    """An output file created at the first write, so that a command that refuses writes nothing."""

    def __init__(self, path: str) -> None:
        self.path, self.fh = path, None

    def open(self) -> IO[str]:
        if self.fh is None:
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.fh = open(self.path, "w", encoding="utf-8")
            except OSError as e:
                raise UsageError(f"--out {self.path}: cannot write ({e.strerror})") from None
        return self.fh

    def write(self, text: str) -> int:
        return self.open().write(text)

    def flush(self) -> None:
        if self.fh is not None:
            self.fh.flush()

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()


class UsageError(Exception):
    """A misuse of the command line: reported in one line, exit status 2."""


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


def _read(inputs: list[str], problems: list, max_bytes: int, fetcher=None) -> Iterator[Article]:
    from .ingest import iter_articles

    yield from iter_articles(inputs, problems, max_bytes=max_bytes, fetcher=fetcher)


def _fetcher(args):
    from .ingest.fetch import Fetcher

    return Fetcher(allow_private=args.allow_private)


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

    if args.engine == "spark":
        return _annotate_spark(args)
    problems: list = []
    kb = KnowledgeBase()
    n = 0
    with _output(args.out) as out, _progress(not args.quiet, "annotate") as prog:
        task = prog.add_task("annotate", total=_count_hint(args.inputs), rate="") if prog else None
        for article in _read(args.inputs, problems, args.max_bytes, _fetcher(args)):
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


def _annotate_spark(args) -> int:
    from .engine.spark import annotate_to_parquet

    if args.out in (None, "-") or (Path(args.out).exists() and not Path(args.out).is_dir()):
        print("newsloom: --engine spark writes Parquet: give --out a directory", file=sys.stderr)
        return 2
    problems: list = []
    try:
        n = annotate_to_parquet(args.inputs, args.out, master=args.master, embed=not args.no_embed, problems=problems)
    except ImportError:
        print("newsloom: --engine spark needs PySpark: pip install 'newsloom[spark]'", file=sys.stderr)
        return 2
    _report_problems(problems, sys.stderr)
    if not args.quiet:
        print(f"newsloom: annotated {n} article(s) on Spark ({args.master}) into {args.out}; "
              f"cluster them with: newsloom analyze --from-annotations {args.out}", file=sys.stderr)
    return _exit_status(problems)


def cmd_analyze(args) -> int:
    from .analyze import analyze

    inputs = args.inputs or ([] if args.from_annotations else [sample_path()])
    problems: list = []
    with _output(args.out) as out, _progress(not args.quiet, "analyze") as prog:
        task = prog.add_task("analyze", total=_count_hint(inputs), rate="") if prog else None

        def tick(done: int, rate: float) -> None:
            if prog:
                prog.update(task, completed=done, rate=f"{rate:.1f} art/s")

        try:
            result = analyze(inputs, args.db, problems, out=out, on_progress=tick, embed=not args.no_embed,
                             wait=args.wait, on_wait=lambda msg: print(f"newsloom: {msg}", file=sys.stderr),
                             fetcher=_fetcher(args), annotations=args.from_annotations, max_bytes=args.max_bytes)
        except ImportError as e:
            print(f"newsloom: {e.name} is needed for --from-annotations: pip install 'newsloom[spark]'",
                  file=sys.stderr)
            return 2
        except ValueError as e:
            if args.from_annotations is None:
                raise
            print(f"newsloom: {e}", file=sys.stderr)
            return 2
    _report_problems(problems, sys.stderr)
    if not args.quiet:
        from .report import corpus_report

        console = _console(stderr=args.out == "-")
        corpus_report(console, args.db, result.article_ids)
        dup = f", {result.duplicates} duplicate(s) skipped" if result.duplicates else ""
        console.print(
            f"[dim]{result.added} new, {result.updated} updated, {result.unchanged} unchanged{dup}, "
            f"{len(problems)} problem(s); database {args.db}[/dim]"
        )
        console.print(f"Open it in a browser: [bold]newsloom serve --db {args.db}[/bold]")
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


def cmd_quotes(args) -> int:
    from .statements import print_statements, statements

    store = _open_store(args.db)
    try:
        found = statements(store.db, entity=args.entity, event=args.event)
    finally:
        store.close()
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=1))
    else:
        print_statements(_console(), found)
    return 0


def cmd_serve(args) -> int:
    from .web.app import serve

    return serve(args.db, args.host, args.port)


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


def cmd_watch(args) -> int:
    from .analyze import analyze
    from .ingest.watch import Watcher, parse_interval, read_sources

    try:
        every = parse_interval(args.every)
        sources = read_sources(args.sources)
    except (OSError, ValueError) as e:
        print(f"newsloom: {e}", file=sys.stderr)
        return 2
    if not sources:
        print(f"newsloom: {args.sources} lists no URL", file=sys.stderr)
        return 2
    problems: list = []
    err = _console(stderr=True)

    def analyse(articles) -> None:
        result = analyze([], args.db, problems, articles=articles, embed=not args.no_embed)
        if not args.quiet:
            err.print(f"[dim]{result.added} new, {result.updated} updated, {result.unchanged} unchanged; "
                      f"database {args.db}[/dim]")

    watcher = Watcher(args.db, sources, _fetcher(args), every, analyse, problems)
    reported = 0
    try:
        def report_new_problems() -> bool:
            nonlocal reported
            # Printed as they happen, a watch runs for days; never asks to stop.
            _report_problems(problems[reported:], sys.stderr)
            reported = len(problems)
            return False

        if not args.quiet:
            err.print(f"[dim]watching {len(sources)} source(s) every {args.every}; Ctrl-C stops, a restart goes on "
                      f"where this stopped[/dim]")
        watcher.run(once=args.once, stop=report_new_problems)
        report_new_problems()
    finally:
        counts = watcher.counts()
        watcher.close()
    if not args.quiet:
        err.print(f"[dim]queue: {counts.get('done', 0)} analysed, {counts.get('new', 0) + counts.get('fetched', 0)} "
                  f"waiting, {counts.get('failed', 0)} failed[/dim]")
    return _exit_status(problems) if args.once else 0


def _open_store(path: str, must_exist: bool = True):
    from .store import Store

    if not Path(path).exists() and not must_exist:
        return None
    return Store(path, readonly=True)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # One line, not the usage block: the usage is one --help away.
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _id_operands(argv: list[str]) -> list[str]:
    """``show -x`` means the id "-x": an id may begin with a dash, so it moves behind ``--``."""
    if not argv or argv[0] != "show" or "--" in argv:
        return argv
    rest, ids, i = [], [], 1
    while i < len(argv):
        tok = argv[i]
        if tok == "--db" and i + 1 < len(argv):
            rest += argv[i : i + 2]
            i += 2
            continue
        if tok.startswith("-") and tok not in ("--json", "-h", "--help") and not tok.startswith("--db=") and not ids:
            ids.append(tok)
        else:
            rest.append(tok)
        i += 1
    return ["show", *rest, "--", *ids] if ids else argv


ALLOW_PRIVATE_HELP = "let URLs reach loopback, private and link-local addresses (refused by default)"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsloom", description="Multilingual news: languages, entities, dates, events.")
    p.add_argument("--version", action="version", version=f"newsloom {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    a = sub.add_parser("annotate", help="per-article analysis (no corpus-level grouping)")
    a.add_argument("inputs", nargs="+", metavar="INPUT")
    a.add_argument("--out", default="-", help="JSON Lines output file ('-' for stdout)")
    a.add_argument("--quiet", "-q", action="store_true")
    a.add_argument("--allow-private", action="store_true", help=ALLOW_PRIVATE_HELP)
    a.add_argument("--engine", choices=("local", "spark"), default="local",
                   help="spark: run as a PySpark job writing Parquet to the --out directory")
    a.add_argument("--master", default="local[*]", help="Spark master: local[2], spark://host:7077, yarn")
    a.add_argument("--no-embed", action="store_true", help="(spark) leave out the sentence embeddings")
    a.set_defaults(func=cmd_annotate)

    z = sub.add_parser("analyze", help="annotate, store, link entities, group into events and stories")
    z.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders, WARC archives or URLs of pages, feeds and sitemaps (default: the bundled sample)")
    z.add_argument("--db", default=DEFAULT_DB)
    z.add_argument("--out", default=None, help="JSON Lines output file ('-' for stdout)")
    z.add_argument("--no-embed", action="store_true", help="do not use the multilingual sentence encoder")
    z.add_argument("--wait", action="store_true", help="if another analyze is writing the store, wait for it (default: refuse)")
    z.add_argument("--quiet", "-q", action="store_true")
    z.add_argument("--allow-private", action="store_true", help=ALLOW_PRIVATE_HELP)
    z.add_argument("--from-annotations", metavar="DIR", default=None,
                   help="link and cluster Parquet written by 'annotate --engine spark', without annotating again")
    for reader in (a, z):
        reader.add_argument("--max-bytes", type=_byte_size, default=MAX_BYTES, metavar="SIZE",
                         help="most bytes read for one article (larger ones are cut, with a warning); "
                              f"default {MAX_BYTES:,}, about 1 GB of memory")
    z.set_defaults(func=cmd_analyze)

    w = sub.add_parser("watch", help="poll feeds and sitemaps, analyse new articles into the store until stopped")
    w.add_argument("sources", metavar="SOURCES_FILE", help="one feed, sitemap or page URL a line")
    w.add_argument("--db", default=DEFAULT_DB)
    w.add_argument("--every", default="10m", help="how often each source is polled (30s, 10m, 1h)")
    w.add_argument("--once", action="store_true", help="poll every source once, analyse what is new, and stop")
    w.add_argument("--no-embed", action="store_true", help="do not use the multilingual sentence encoder")
    w.add_argument("--allow-private", action="store_true", help=ALLOW_PRIVATE_HELP)
    w.add_argument("--quiet", "-q", action="store_true")
    w.set_defaults(func=cmd_watch)

    for name, func, helptext in (("events", cmd_events, "list events"), ("stories", cmd_stories, "list stories")):
        e = sub.add_parser(name, help=helptext)
        e.add_argument("--db", default=DEFAULT_DB)
        e.add_argument("--json", action="store_true")
        e.set_defaults(func=func)

    en = sub.add_parser("entities", help="list entities with their names by script")
    en.add_argument("--db", default=DEFAULT_DB)
    en.add_argument("--json", action="store_true")
    en.add_argument("--limit", type=int, default=50)
    en.add_argument("--type", default=None, type=str.upper, choices=("PER", "ORG", "LOC", "NORP", "EVENT"),
                    help="PER, ORG, LOC, NORP or EVENT (any case)")
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

    q = sub.add_parser("quotes", help="statements: who said what, in every article and language it appears in")
    q.add_argument("--entity", default=None, help="statements by or about this entity id")
    q.add_argument("--event", default=None, help="statements inside this event")
    q.add_argument("--db", default=DEFAULT_DB)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_quotes)

    sv = sub.add_parser("serve", help="the web pages and JSON API over the store (read-only)")
    sv.add_argument("--db", default=DEFAULT_DB)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    sv.add_argument("--port", type=int, default=8000)
    sv.set_defaults(func=cmd_serve)

    ln = sub.add_parser("link", help="are two names one entity, and why")
    ln.add_argument("name1")
    ln.add_argument("name2")
    ln.add_argument("--explain", action="store_true", help="(the reasons are always given: keys, edit cost, type, list hits)")
    ln.add_argument("--db", default=DEFAULT_DB)
    ln.add_argument("--json", action="store_true")
    ln.set_defaults(func=cmd_link)
    return p


def main(argv: list[str] | None = None) -> int:
    from .store import StoreError

    args = build_parser().parse_args(_id_operands(list(sys.argv[1:] if argv is None else argv)))
    try:
        return args.func(args)
    except (StoreError, UsageError) as e:
        print(f"newsloom: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("newsloom: interrupted; what was committed is kept, re-run to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
