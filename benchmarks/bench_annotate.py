"""Where the time of ``annotate`` goes, per stage, on NTREX; one process, one core.

    python benchmarks/bench_annotate.py [--n N] [--langs eng,kaz,...] [--hint] [--repeat R] [--json]

The stages are timed inside the real ``pipeline.annotate`` (its references to
each stage are wrapped with a timer), so nothing here re-implements the
pipeline.  Baseline, run on the same texts in the same process: NFC
normalisation plus a ``\\w+`` tokenisation of title and text, about the least
any text pipeline does; ratios are stage time / baseline time.

Without ``--hint`` the articles carry no language tag, as with most real input,
so language identification runs its model; with it, NTREX's tag is passed on.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import clock, DEFAULT_LANGS, NTREX, best_of, emit_json, load_ntrex, pin_one_core, table  # noqa: E402

WARMUP = 30


class _Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, fn):
        def timed(*a, **k):
            t = clock()
            try:
                return fn(*a, **k)
            finally:
                self.seconds[name] += clock() - t

        return timed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(NTREX))
    ap.add_argument("--langs", default=DEFAULT_LANGS)
    ap.add_argument("--n", type=int, default=0, help="articles (0 = all of the chosen languages)")
    ap.add_argument("--hint", action="store_true", help="pass NTREX's language tag to annotate")
    ap.add_argument("--repeat", type=int, default=3, help="passes; the fastest is reported")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    cpu = pin_one_core()
    from newsloom import pipeline
    from newsloom.kb import KnowledgeBase
    from newsloom.model import Article

    rows = load_ntrex(args.corpus, args.langs.split(","), args.n)

    def articles():
        return [Article(id=f"{r['doc_id']}|{r['lang']}", title=r["title"], text=r["text"], lang=r["lang"] if args.hint else None) for r in rows]

    # Warm-up builds the gazetteer and loads the language-ID model; that is a
    # one-off start-up cost, reported apart.
    t = clock()
    for a in articles()[:WARMUP]:
        pipeline.annotate(a, KnowledgeBase())
    startup = clock() - t

    n_tokens = sum(len(re.findall(r"\w+", r["title"] + "\n" + r["text"])) for r in rows)

    def baseline() -> None:
        for r in rows:
            re.findall(r"\w+", unicodedata.normalize("NFC", r["title"] + "\n" + r["text"]))

    def whole() -> None:
        kb = KnowledgeBase()
        for a in articles():
            pipeline.annotate(a, kb)

    base_s = best_of(baseline, args.repeat)
    total_s = best_of(whole, args.repeat)

    # Per stage: the same annotate, with each stage reference wrapped.
    stage_best: dict[str, float] = {}
    saved = {k: getattr(pipeline, k) for k in ("identify", "clean", "boilerplate_lines", "dates_stage", "default_recognizer", "quotes_stage", "figures_stage")}
    try:
        for _ in range(args.repeat):
            tm = _Timers()
            pipeline.identify = tm.wrap("language id", saved["identify"])
            pipeline.clean = tm.wrap("clean text", saved["clean"])
            pipeline.boilerplate_lines = tm.wrap("boilerplate", saved["boilerplate_lines"])
            dates_mod = saved["dates_stage"]
            pipeline.dates_stage = type("timed_dates", (), {
                "publication_date": staticmethod(tm.wrap("dates", dates_mod.publication_date)),
                "extract_dates": staticmethod(tm.wrap("dates", dates_mod.extract_dates)),
            })
            for attr, label in (("quotes_stage", "quotes"), ("figures_stage", "figures")):
                setattr(pipeline, attr, type(f"timed_{label}", (), {"extract": staticmethod(tm.wrap(label, saved[attr].extract))}))
            rec = saved["default_recognizer"]()
            proxy = type("timed_recognizer", (), {"recognize": staticmethod(tm.wrap("entity recognition", rec.recognize)), "gazetteer": rec.gazetteer})
            pipeline.default_recognizer = lambda: proxy
            kb = KnowledgeBase()
            kb.link = tm.wrap("kb linking", kb.link)
            t = clock()
            for a in articles():
                pipeline.annotate(a, kb)
            run_total = clock() - t
            tm.seconds["rest of annotate"] = run_total - sum(tm.seconds.values())
            for k, v in tm.seconds.items():
                stage_best[k] = min(stage_best.get(k, float("inf")), v)
    finally:
        for k, v in saved.items():
            setattr(pipeline, k, v)

    n = len(rows)
    order = ["language id", "boilerplate", "clean text", "dates", "entity recognition", "kb linking", "quotes", "figures", "rest of annotate"]
    result = {
        "articles": n, "tokens": n_tokens, "langs": args.langs, "hint": args.hint, "cpu": cpu,
        "startup_s": startup, "baseline_s": base_s, "annotate_s": total_s,
        "annotate_articles_per_s": n / total_s, "annotate_tokens_per_s": n_tokens / total_s,
        "ratio_annotate_to_baseline": total_s / base_s,
        "stages": {k: {"s": stage_best[k], "ms_per_article": 1000 * stage_best[k] / n, "share": stage_best[k] / sum(stage_best.values()),
                       "ratio_to_baseline": stage_best[k] / base_s} for k in order if k in stage_best},
    }
    added = sum(stage_best.get(k, 0.0) for k in ("quotes", "figures"))
    # Issue 13's budget: quotes and figures may add at most 20% to the rest of annotate.
    result["quotes_figures_added_share"] = added / max(1e-9, sum(stage_best.values()) - added)
    if args.json:
        emit_json(result)
        return 0
    print(f"annotate on NTREX: {n} articles ({args.langs}), {n_tokens:,} tokens, language tag {'given' if args.hint else 'not given'}, "
          f"cpu {cpu}, best of {args.repeat}; start-up (first {WARMUP} articles) {startup:.1f} s")
    table(["stage", "ms/article", "share", "x baseline"],
          [[k, v["ms_per_article"], f"{100 * v['share']:.0f}%", v["ratio_to_baseline"]] for k, v in result["stages"].items()])
    print(f"quotes + figures add {100 * result['quotes_figures_added_share']:.1f}% to the other stages")
    print()
    table(["run", "seconds", "articles/s", "tokens/s", "x baseline"], [
        ["baseline: NFC + \\w+ tokens", base_s, n / base_s, n_tokens / base_s, 1.0],
        ["newsloom annotate", total_s, n / total_s, n_tokens / total_s, total_s / base_s],
    ])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
