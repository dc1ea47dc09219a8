"""SemEval-2022 Task 8: does ``compare`` agree with people on whether two articles tell one story?

    python -m newsloom.evaluation.semeval [--pairs PATH] [--limit N] [--no-embed] [--json]

Runs ``compare`` on the pairs (fields lang1/lang2, title1/title2, text1/text2,
overall: 1 = very similar … 4 = very dissimilar) and reports the Pearson
correlation of the score with the inverted human ``overall``, overall and per
language pair.  In the same run it reports the plain encoder baseline (cosine
of the raw multilingual-e5 vectors of the same texts) so the gain is visible.
The texts are publishers' copyright: they are read from the corpus folder and
never stored by this module.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

import numpy as np

from ..compare import compare_pairs
from ..embed import default_encoder
from ..model import Article
from . import CORPORA


def _pairs(rows):
    for r in rows:
        pid = str(r["pair_id"])
        a = Article(id=f"{pid}/a", title=r.get("title1") or "", text=r.get("text1") or "", lang=r.get("lang1"))
        b = Article(id=f"{pid}/b", title=r.get("title2") or "", text=r.get("text2") or "", lang=r.get("lang2"))
        yield pid, a, b


def _cos(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(a @ b / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


def pearson(x, y) -> float:
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def _groups(rows) -> list[int]:
    """Fold groups: pairs that share an article (SemEval pair ids are "id1_id2") are kept in one fold."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in rows:
        parts = str(r["pair_id"]).split("_")
        for other in parts[1:]:
            parent[find(other)] = find(parts[0])
    roots = {}
    return [roots.setdefault(find(str(r["pair_id"]).split("_")[0]), len(roots)) for r in rows]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (x standardised): (weights, bias)."""
    n, d = x.shape
    a = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -40, 40)))
        g = a.T @ (p - y) + reg * w
        h = (a * (p * (1 - p))[:, None]).T @ a + np.diag(reg + 1e-9)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


# The encoder's own cosine of headline and lead: what a user of the encoder alone
# would score with, and what a language pair falls back to where the
# combination did worse than it.
FALLBACK_FEATURE = "cos_raw"
# Fewer pairs than this in a language pair decide nothing about it.
MIN_PAIRS = 40
# The cosine must be ahead by this much to take a language pair over: a smaller
# lead, on a few dozen pairs, changes sides from one training fold to the next.
FALLBACK_MARGIN = 0.02


def _fit_plain(feats: list[dict], labels: np.ndarray, names, l2: float) -> dict:
    x = np.array([[f[k] for k in names] for f in feats], dtype=np.float64)
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    w, b = fit_logistic((x - mean) / scale, labels, l2)
    return {"features": names, "weights": dict(zip(names, map(float, w))), "bias": b,
            "mean": dict(zip(names, map(float, mean))), "scale": dict(zip(names, map(float, scale)))}


def fit_model(feats: list[dict], labels: np.ndarray, names=None, l2: float = 1.0, human: np.ndarray | None = None,
              pairs: list[str] | None = None, groups: list[int] | None = None, k: int = 5,
              margin: float = FALLBACK_MARGIN) -> dict:
    """The logistic combination; given ``human``, ``pairs`` and ``groups``, also the language pairs that fall back
    to a combination of the encoder's cosines alone (``SEMANTIC``, fitted on all pairs): those where the full
    combination, cross-validated inside these pairs, correlates less with people than the raw cosine does."""
    from ..compare import SEMANTIC, model_features

    names = list(names or model_features())
    model = _fit_plain(feats, labels, names, l2)
    if human is None or pairs is None or groups is None:
        return model
    inner = cross_validate(feats, labels, groups, k, names=names, l2=l2)
    chosen = []
    for lp in sorted(set(pairs)):
        ids = [i for i, p in enumerate(pairs) if p == lp]
        if len(ids) < MIN_PAIRS:
            continue
        cos = np.array([feats[i][FALLBACK_FEATURE] for i in ids])
        if pearson(inner[ids], human[ids]) + margin < pearson(cos, human[ids]):
            chosen.append(str(lp))
    # One semantic model for every such pair: fitted on all pairs, it is as
    # steady from fold to fold as the full one (a logistic per language pair,
    # on its few dozen pairs, was not, and ranked worse than its own cosine).
    model["fallback"] = {"pairs": chosen, "model": _fit_plain(feats, labels, [n for n in SEMANTIC if n in names], l2)} if chosen else {}
    return model


def cross_validate(feats: list[dict], labels: np.ndarray, groups: list[int], k: int = 5, human: np.ndarray | None = None,
                   pairs: list[str] | None = None, **kw) -> np.ndarray:
    """Out-of-fold p(same event) per pair, folds by group.

    With ``human`` and ``pairs`` each fold's model also chooses its fallbacks,
    by a cross-validation inside its own training pairs: the held-out fold
    has no say in them.
    """
    from ..compare import probability

    out = np.zeros(len(feats))
    fold = np.array([g % k for g in groups])
    for i in range(k):
        test = fold == i
        train = [j for j in range(len(feats)) if not test[j]]
        extra = {}
        if human is not None and pairs is not None:
            # Inner folds from the same groups, renumbered so that all k of them are used.
            extra = {"human": human[train], "pairs": [pairs[j] for j in train], "groups": [groups[j] // k for j in train], "k": k}
            if "margin" in kw:
                extra["margin"] = kw.pop("margin")
        model = fit_model([feats[j] for j in train], labels[train], **kw, **extra)
        out[test] = [probability(model, feats[j], pairs[j] if pairs else None) for j in np.flatnonzero(test)]
    return out


class VectorCache:
    """An encoder that keeps its vectors on disk between evaluation runs, keyed by a hash of the text.

    Only numbers and hashes are written (the texts are not ours to store); the
    encoder is deterministic, so a refit of the combination or a new pair
    feature costs the pipeline's annotation, not the encoder's passes again.
    """

    def __init__(self, encoder, path: str, flush_every: int = 256) -> None:
        import hashlib
        import os

        self.encoder, self.path, self.name = encoder, path, encoder.name
        self._hash = lambda t: hashlib.sha1((encoder.name + "\0" + t).encode("utf-8")).hexdigest()
        self.vectors: dict[str, np.ndarray] = {}
        if os.path.exists(path):
            with np.load(path) as z:
                self.vectors = dict(zip(z["keys"].tolist(), z["vectors"]))
        self.flush_every, self._new = flush_every, 0

    def encode(self, texts):
        keys = [self._hash(t) for t in texts]
        todo = [i for i, k in enumerate(keys) if k not in self.vectors]
        for start in range(0, len(todo), 32):
            part = todo[start : start + 32]
            for i, v in zip(part, self.encoder.encode([texts[i] for i in part])):
                self.vectors[keys[i]] = np.asarray(v, dtype=np.float32)
            self._new += len(part)
            if self._new >= self.flush_every:
                self.flush()
        return [self.vectors[k] for k in keys]

    def flush(self) -> None:
        import os

        if not self._new:
            return
        keys = list(self.vectors)
        tmp = self.path + ".tmp.npz"
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
        os.replace(tmp, self.path)
        self._new = 0


def _features(rows, encoder, cache: str | None):
    """Per pair: the score ``compare`` gave in that run (the combination shipped then; column at_run) and the pair
    features, computed once and kept in ``cache`` (numbers only, no text)."""
    import os

    if cache and os.path.exists(cache):
        saved = json.load(open(cache, encoding="utf-8"))
        if [str(r["pair_id"]) for r in rows] == saved["ids"]:
            return saved["hand"], saved["features"], saved["seconds"]
    start = time.perf_counter()
    kept: list = []
    results = compare_pairs(_pairs(rows), encoder, keep=kept, model=None)
    seconds = time.perf_counter() - start
    hand = [r["score"] for r in results]
    feats = [x for _, _, _, x in kept]
    if cache:
        json.dump({"ids": [str(r["pair_id"]) for r in rows], "hand": hand, "features": feats, "seconds": seconds}, open(cache, "w", encoding="utf-8"))
    return hand, feats, seconds


def main(argv: list[str] | None = None) -> int:
    from ..compare import MODEL_FILE, combination, probability

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", default=str(CORPORA / "semeval2022" / "pairs_dev.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", default=None, help="keep the pairs' features (numbers, no text) in this JSON file between runs")
    ap.add_argument("--vectors", default=None, help="keep the encoder's vectors (numbers, keyed by text hash) in this .npz between runs")
    ap.add_argument("--fit", action="store_true", help=f"fit the combination on all pairs and write data/compare/{MODEL_FILE}")
    ap.add_argument("--fallback", action="store_true", help="language pairs where the combination ranks worse than the raw cosine fall back to the cosines alone (chosen inside each training fold; column fallback_cv, and in --fit)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in open(args.pairs, encoding="utf-8") if line.strip()]
    rows = [r for r in rows if (r.get("text1") or r.get("title1")) and (r.get("text2") or r.get("title2"))]
    if args.limit:
        rows = rows[: args.limit]
    encoder = None if args.no_embed else default_encoder()
    if encoder is not None and args.vectors:
        encoder = VectorCache(encoder, args.vectors)
    hand, feats, seconds = _features(rows, encoder, args.cache)
    if isinstance(encoder, VectorCache):
        encoder.flush()
    human = np.array([4.0 - float(r["overall"]) for r in rows])
    same = (human >= 2).astype(float)  # overall <= 2: "the same story"
    groups = _groups(rows)
    lps = ["-".join(sorted((r["lang1"], r["lang2"]))) for r in rows]
    plain = cross_validate(feats, same, groups, args.folds)
    cv = cross_validate(feats, same, groups, args.folds, human=human, pairs=lps) if args.fallback else plain
    shipped = combination()
    ship = [probability(shipped, f, lp) for f, lp in zip(feats, lps)] if shipped else None
    cos = [f["cos_raw"] for f in feats]
    by = defaultdict(list)
    for i, r in enumerate(rows):
        by["-".join(sorted((r["lang1"], r["lang2"])))].append(i)
    by["all"] = list(range(len(rows)))
    table = {}
    for name, ids in sorted(by.items(), key=lambda kv: (kv[0] == "all", -len(kv[1]))):
        h = human[ids]
        row = {"pairs": len(ids), "at_run": pearson(np.take(hand, ids), h), "learned_cv": pearson(plain[ids], h)}
        if args.fallback:
            row["fallback_cv"] = pearson(cv[ids], h)
        if ship is not None:
            row["shipped"] = pearson(np.take(ship, ids), h)
        if encoder is not None:
            row["encoder_only"] = pearson(np.take(cos, ids), h)
        table[name] = row

    def agreement(pred):
        pred = np.asarray(pred) >= 0.5
        tp = float((pred & (same == 1)).sum())
        return {"precision": tp / pred.sum() if pred.sum() else None, "recall": tp / same.sum() if same.sum() else None}

    summary = {"pairs": len(rows), "seconds": round(seconds, 1), "folds": args.folds, "groups": len(set(groups)), "table": table,
               "same_event_cv": agreement(cv), "mean_p_cv": float(cv.mean()), "share_same": float(same.mean())}
    if args.fit:
        from pathlib import Path

        model = fit_model(feats, same, human=human, pairs=lps, groups=groups, k=args.folds) if args.fallback else fit_model(feats, same)
        model["trained_on"] = f"{len(rows)} SemEval-2022 Task 8 dev pairs, label overall <= 2; newsloom.evaluation.semeval --fit"
        out = Path(__file__).resolve().parents[1] / "data" / "compare" / MODEL_FILE
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        summary["wrote"] = str(out)
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    cols = ["at_run", "learned_cv"] + (["fallback_cv"] if args.fallback else []) + (["shipped"] if ship is not None else []) + (["encoder_only"] if encoder is not None else [])
    print(f"Pearson with people's overall similarity; learned_cv: {args.folds}-fold, folds by shared articles ({len(set(groups))} groups)")
    print(f"{'language pair':14s} {'pairs':>6s} " + " ".join(f"{c:>16s}" for c in cols))
    for name, row in table.items():
        print(f"{name:14s} {row['pairs']:6d} " + " ".join(f"{row[c]:16.3f}" for c in cols))
    se = summary["same_event_cv"]
    print(f"same_event (p >= 0.5, out of fold; gold overall <= 2): precision {se['precision'] or 0:.3f} recall {se['recall'] or 0:.3f}; "
          f"mean p {summary['mean_p_cv']:.3f} vs share {summary['share_same']:.3f}")
    print(f"{len(rows)} pairs in {seconds:.0f} s ({2 * len(rows) / max(seconds, 1e-9):.1f} articles/s)")
    if "wrote" in summary:
        print(f"wrote {summary['wrote']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
