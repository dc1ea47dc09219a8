"""``compare``: do two articles report the same event?  A score in [0, 1] with reasons.

Input is JSONL of pairs ``{"id", "a": {"title", "text", "lang"?, "published"?}, "b": {...}}``.
Every article goes through the same pipeline as ``analyze`` (one knowledge base
for the whole batch, so a name in one script meets its transliteration in
another), and each pair is scored with the event clusterer's own scoring, as if
``b`` were an event holding one article.  The batch itself refines the
per-language centring of the embeddings and the rarity (idf) of entities.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Iterator

from .embed import Encoder, SemanticSpace
from .events import EVENT_WINDOW_DAYS, Cluster, Clusterer, Features, features
from .model import Article
from .pipeline import annotate, batched, embed_batch
from .kb import KnowledgeBase

BATCH = 32


@dataclass
class PairProblem:
    line: int
    message: str


def _article(pid: str, side: str, obj) -> Article:
    if not isinstance(obj, dict):
        raise ValueError(f"'{side}' must be an object with title and text")
    title, text = obj.get("title") or "", obj.get("text") or ""
    if not isinstance(title, str) or not isinstance(text, str) or not (title.strip() or text.strip()):
        raise ValueError(f"'{side}' needs a non-empty string title or text")
    return Article(id=f"{pid}/{side}", title=title, text=text, lang=obj.get("lang"), published=obj.get("published"))


def read_pairs(fh: IO[str], problems: list) -> Iterator[tuple[str, Article, Article]]:
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            pid = str(obj.get("id", n))
            yield pid, _article(pid, "a", obj.get("a")), _article(pid, "b", obj.get("b"))
        except (ValueError, AttributeError) as e:
            problems.append(PairProblem(n, str(e)))


def compare_pairs(pairs: Iterable[tuple[str, Article, Article]], encoder: Encoder | None,
                  on_progress: Callable[[int], None] | None = None, keep: list | None = None) -> list[dict]:
    """One result per pair; ``keep`` (a list) receives each pair's (id, features a, features b)."""
    kb = KnowledgeBase()
    items: list[tuple[str, Features, Features]] = []
    space = SemanticSpace()
    judge = Clusterer("pair-", EVENT_WINDOW_DAYS, space=space)
    for chunk in batched(pairs, BATCH):
        arts = [annotate(x, kb) for _, a, b in chunk for x in (a, b)]
        vecs = embed_batch(arts, encoder)
        for i, (pid, _, _) in enumerate(chunk):
            fa, fb = features(arts[2 * i], vecs[2 * i]), features(arts[2 * i + 1], vecs[2 * i + 1])
            items.append((pid, fa, fb))
            for f in (fa, fb):
                judge.n_docs += 1
                judge.doc_freq.update(set(f.entities))
                if f.embedding is not None:
                    space.observe(f.embedding, f.lang)
        if on_progress:
            on_progress(len(items))
    if keep is not None:
        keep.extend(items)
    return [judge_pair(judge, pid, fa, fb) for pid, fa, fb in items]


def judge_pair(judge: Clusterer, pid: str, fa: Features, fb: Features) -> dict:
    space = judge.space
    xb = space.vector(fb.embedding, fb.lang) if fb.embedding is not None else None
    xa = space.vector(fa.embedding, fa.lang) if fa.embedding is not None else None
    one = Cluster("b")
    one.absorb("b", fb, xb)
    p, reasons = judge.score(fa, one, xa)
    # The clusterer's curve is steep because it only has to decide.  compare's
    # score is also read as a degree of relatedness, so it uses the same
    # evidence at half the slope: the decision at 0.5 is unchanged, and pairs
    # that are nearly or clearly the same event stay distinguishable.
    p = min(max(p, 1e-6), 1 - 1e-6)
    score = 1.0 / (1.0 + math.sqrt((1 - p) / p))
    if not judge.time_ok(fa, one):
        score *= 0.25
        reasons.append(f"dates more than {judge.window.days} days apart")
    if not reasons:
        reasons = ["nothing in common found"]
    return {"id": pid, "score": round(score, 4), "same_event": score >= judge.threshold, "reasons": reasons}
