"""Fetch + extract pages/s against a local server, next to a plain GET of the same pages; one process.

    python benchmarks/bench_fetch.py [--n 300] [--langs eng,kaz,rus,arb,fas,tur] [--json]

The server (127.0.0.1, in a thread of this process) serves NTREX articles as
HTML pages.  Three runs over the same pages: a bare urllib3 GET (the
baseline), newsloom's guarded Fetcher (address check, robots.txt, size cap;
no politeness delay), and Fetcher + trafilatura extraction into Articles.
Wall time: the server shares the process, so CPU time would hide the network
path being measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _common import DEFAULT_LANGS, NTREX, emit_json, load_ntrex, table  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--langs", default=DEFAULT_LANGS)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import urllib3

    from newsloom.ingest.fetch import Fetcher
    from newsloom.ingest.urls import article_from_page
    from tests.httpserver import Site
    from tests.test_fetch import page

    docs = load_ntrex(NTREX, args.langs.split(","), args.n)
    with Site() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
        for i, d in enumerate(docs):
            site.add(f"/p/{i}", page(d))
        urls = [site.url(f"/p/{i}") for i in range(len(docs))]
        fetcher = Fetcher(allow=("127.0.0.1/32",), delay=0.0)
        fetcher.get(urls[0])  # warm: robots.txt, imports
        http = urllib3.PoolManager()

        def bare():
            for u in urls:
                http.request("GET", u).data

        def guarded():
            for u in urls:
                fetcher.get(u)

        def extracted():
            for u in urls:
                article_from_page(fetcher.get(u))

        rows, out = [], {}
        base = None
        for name, fn in (("urllib3 GET (baseline)", bare), ("Fetcher.get", guarded),
                         ("Fetcher.get + extraction", extracted)):
            t = time.perf_counter()
            fn()
            sec = time.perf_counter() - t
            base = base or sec
            rows.append([name, len(urls) / sec, sec / base])
            out[name] = {"pages_per_s": len(urls) / sec, "ratio_to_baseline": sec / base}
    if args.json:
        emit_json({"pages": len(urls), "runs": out})
    else:
        print(f"{len(urls)} NTREX pages ({args.langs}) from a server on 127.0.0.1")
        table(["run", "pages/s", "time vs baseline"], rows)


if __name__ == "__main__":
    main()
