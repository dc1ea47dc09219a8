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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import IO, Callable, Iterable, Iterator

import numpy as np

from .embed import Encoder, SemanticSpace
from .events import _TRIVIAL_NUMBERS, EVENT_WINDOW_DAYS, MAIN_ENTITIES, Cluster, Clusterer, Features, features
from .model import Article
from .pipeline import annotate, batched
from .kb import KnowledgeBase

BATCH = 32
# What the encoder reads of an article: its headline and the first 600
# characters, then (up to MAX_CHUNKS) further pieces of that size.  People
# judged whole articles in SemEval-2022, but a second piece (most articles there
# have 1,200 characters) raised the cross-validated Pearson only .766 -> .770 on
# the 457 dev pairs measured both ways, at twice the encoder's passes; its tails
# are often a site's boilerplate.  The headline and lead against the old
# 240-character lead: README "Results".
CHUNK_CHARS = 600
MAX_CHUNKS = 1


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
                  on_progress: Callable[[int], None] | None = None, keep: list | None = None,
                  model: dict | None = None) -> list[dict]:
    """One result per pair; ``keep`` (a list) receives each pair's (id, features a, features b, pair features)."""
    kb = KnowledgeBase()
    items: list[tuple[str, Features, Features, np.ndarray | None, np.ndarray | None]] = []
    space = SemanticSpace()
    judge = Clusterer("pair-", EVENT_WINDOW_DAYS, space=space)
    memo = _TextMemo(encoder) if encoder is not None else None
    for chunk in batched(pairs, BATCH):
        arts = [annotate(x, kb) for _, a, b in chunk for x in (a, b)]
        mats = memo.matrices([article_chunks(a) for a in arts]) if memo else [None] * len(arts)
        for i, (pid, _, _) in enumerate(chunk):
            ma, mb = mats[2 * i], mats[2 * i + 1]
            fa = features(arts[2 * i], None if ma is None else [float(v) for v in ma[0]])
            fb = features(arts[2 * i + 1], None if mb is None else [float(v) for v in mb[0]])
            items.append((pid, fa, fb, ma, mb))
            for f in (fa, fb):
                judge.n_docs += 1
                judge.doc_freq.update(set(f.entities))
                if f.embedding is not None:
                    space.observe(f.embedding, f.lang)
        if on_progress:
            on_progress(len(items))
    types = {eid: e.type for eid, e in kb.entities.items()}
    model = model if model is not None else combination()
    out = []
    for pid, fa, fb, ma, mb in items:
        x = pair_features(judge, fa, fb, types, ma, mb)
        if keep is not None:
            keep.append((pid, fa, fb, x))
        out.append(judge_pair(judge, pid, fa, fb, x, model))
    return out


# -- what the encoder reads ------------------------------------------------------------

def article_chunks(article: Article) -> list[str]:
    """Headline and lead (the first ``CHUNK_CHARS`` of the text), then the rest of the text in pieces of that size.

    Pieces end at a space, so no word is cut in two; at most ``MAX_CHUNKS``.
    """
    clean = getattr(article, "clean", None) or {}
    title = (clean["title"].text if "title" in clean else article.title).strip()
    body = " ".join((clean["text"].text if "text" in clean else article.text).split())
    pieces: list[str] = []
    while body and len(pieces) < MAX_CHUNKS:
        cut = len(body) if len(body) <= CHUNK_CHARS else (body.rfind(" ", 0, CHUNK_CHARS + 1) if " " in body[:CHUNK_CHARS + 1] else CHUNK_CHARS)
        cut = cut if cut > 0 else CHUNK_CHARS
        pieces.append(body[:cut].strip())
        body = body[cut:].lstrip()
    if title:
        pieces = [title + ". " + pieces[0]] + pieces[1:] if pieces else [title]
    return [p for p in pieces if p] or [title or " "]


class _TextMemo:
    """Encodes each distinct piece once: pairs share articles, and a batch's pieces go to the encoder together."""

    def __init__(self, encoder: Encoder, size: int = 8192) -> None:
        self.encoder, self.size = encoder, size
        self.memo: dict[str, np.ndarray] = {}

    def matrices(self, views: list[list[str]]) -> list[np.ndarray]:
        todo = list(dict.fromkeys(t for v in views for t in v if t not in self.memo))
        if todo:
            for t, vec in zip(todo, self.encoder.encode(todo)):
                if len(self.memo) >= self.size:
                    self.memo.pop(next(iter(self.memo)))
                self.memo[t] = np.asarray(vec, dtype=np.float32)
        return [np.stack([self.memo[t] for t in v]) for v in views]


# -- the evidence of one pair ---------------------------------------------------------

ENTITY_TYPES = ("PER", "ORG", "LOC")
FEATURES = ("cos", "cos_raw", "cross_cos", "entities", "main", "numbers", "dates_apart", "no_entities", "no_vector",
            *(f"entities_{t.lower()}" for t in ENTITY_TYPES),
            "doc", "doc_raw", "bma", "bma_raw", "max_raw", "pieces", "same_country", "other_country")
# The encoder's evidence alone: what a language pair can fall back to (``probability``).
SEMANTIC = ("cos", "cos_raw", "cross_cos")
# What the shipped combination weighs.  Grouped 5-fold CV on SemEval-2022 dev
# (1,716 pairs, headline + 600 characters): the cosines and the date gap .765,
# the cosines alone .765, with shared entities too .766 (but a negative weight:
# given the cosine, more shared names lowered p), every feature .756 (entities
# by type, main entities, numbers, country agreement add noise, not ranking:
# README "Results").  The rest stays computed: the reasons name it, and a
# refit on other pairs can take it back.
COMBINATION = (*SEMANTIC, "dates_apart")


def model_features() -> list[str]:
    """What the combination is fitted on (``evaluation.semeval --fit``)."""
    return list(COMBINATION)


def main_country(entities: Counter, country_of: dict[str, str]) -> str | None:
    """The country an article is mostly about: its places counted by their country (a city counts for its own)."""
    votes: Counter = Counter()
    for eid, n in entities.items():
        cc = eid.removeprefix("country:") if eid.startswith("country:") else country_of.get(eid)
        if cc:
            votes[cc] += n
    if not votes:
        return None
    (top, n), *rest = votes.most_common(2)
    # A tie names no country: the article is about two places equally.
    return None if rest and rest[0][1] == n else top


def _weighted_cosine(judge: Clusterer, a: Counter, b: Counter) -> float:
    num = sum((1 + math.log(a[k])) * (1 + math.log(b[k])) * judge._idf(k) ** 2 for k in a.keys() & b.keys())
    den = math.sqrt(sum(((1 + math.log(w)) * judge._idf(k)) ** 2 for k, w in a.items()) *
                    sum(((1 + math.log(w)) * judge._idf(k)) ** 2 for k, w in b.items()))
    return num / den if den else 0.0


def _units(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def _whole(space: SemanticSpace, ma: np.ndarray, mb: np.ndarray, la: str | None, lb: str | None, centred: bool) -> tuple[float, float, float]:
    """Cosine of the articles' mean piece vectors, the best-match average of their pieces both ways, the best match."""
    if centred:
        ma = np.stack([space.vector(v, la) for v in ma])
        mb = np.stack([space.vector(v, lb) for v in mb])
    ua, ub = _units(ma), _units(mb)
    sim = ua @ ub.T
    da, db = ua.mean(0), ub.mean(0)
    doc = float(da @ db / ((np.linalg.norm(da) * np.linalg.norm(db)) or 1.0))
    # Each piece's best counterpart, averaged from both sides: a long article
    # that contains a short one fully still matches it piece for piece.
    bma = 0.5 * (float(sim.max(1).mean()) + float(sim.max(0).mean()))
    return doc, bma, float(sim.max())


def pair_features(judge: Clusterer, fa: Features, fb: Features, types: dict[str, str] | None = None,
                  ma: np.ndarray | None = None, mb: np.ndarray | None = None) -> dict[str, float]:
    """What the two articles share, as numbers: the inputs of the learned combination (FEATURES).

    ``ma``, ``mb``: the encoder's vectors of each article's pieces (``article_chunks``); without
    them the lead's vector stands for the whole article.
    """
    types = types or {}
    space = judge.space
    xa = space.vector(fa.embedding, fa.lang) if fa.embedding is not None else None
    xb = space.vector(fb.embedding, fb.lang) if fb.embedding is not None else None
    one = Cluster("b")
    one.absorb("b", fb, xb)
    ent, _ = judge._entity_cosine(fa, one)
    top_a, top_b = judge._salient(fa.entities, 1), judge._salient(fb.entities, 1)
    nums = [n for n in fa.numbers & fb.numbers if n not in _TRIVIAL_NUMBERS]
    cos = float(xa @ xb) if xa is not None and xb is not None else 0.0
    raw = 0.0
    if fa.embedding is not None and fb.embedding is not None:
        ra, rb = np.asarray(fa.embedding, dtype=np.float64), np.asarray(fb.embedding, dtype=np.float64)
        raw = float(ra @ rb / ((np.linalg.norm(ra) * np.linalg.norm(rb)) or 1.0))
    da, db = fa.published or fa.not_before, fb.published or fb.not_before
    x = {
        "cos": cos, "cos_raw": raw,
        # Cross-language similarity runs lower for the same content: its own weight.
        "cross_cos": cos if (fa.lang or "") != (fb.lang or "") else 0.0,
        "entities": ent, "main": len(set(top_a) & set(top_b)) / MAIN_ENTITIES,
        "numbers": min(1.0, 0.34 * len(nums)),
        "dates_apart": math.log1p(abs((da - db).days)) if da and db else 0.0,
        "no_entities": float(not fa.entities or not fb.entities),
        "no_vector": float(xa is None or xb is None),
    }
    if ma is None and fa.embedding is not None:
        ma = np.asarray([fa.embedding])
    if mb is None and fb.embedding is not None:
        mb = np.asarray([fb.embedding])
    if ma is not None and mb is not None:
        x["doc"], x["bma"], _ = _whole(space, ma, mb, fa.lang, fb.lang, True)
        x["doc_raw"], x["bma_raw"], x["max_raw"] = _whole(space, ma, mb, fa.lang, fb.lang, False)
        x["pieces"] = float(min(len(ma), len(mb)))
    else:
        x.update(doc=0.0, doc_raw=0.0, bma=0.0, bma_raw=0.0, max_raw=0.0, pieces=0.0)
    # Where the story happens (SemEval's "Geography"): the same main country, or two different ones.
    ca, cb = main_country(fa.entities, _country_of()), main_country(fb.entities, _country_of())
    x["same_country"] = float(ca is not None and ca == cb)
    x["other_country"] = float(ca is not None and cb is not None and ca != cb)
    for t in ENTITY_TYPES:
        sub = lambda c: Counter({k: w for k, w in c.items() if types.get(k, _type_of(k)) == t})  # noqa: E731
        x[f"entities_{t.lower()}"] = _weighted_cosine(judge, sub(fa.entities), sub(fb.entities))
    return x


@lru_cache(maxsize=1)
def _country_of() -> dict[str, str]:
    from .entities.gazetteer import default_gazetteer

    return default_gazetteer().country_of


def _type_of(eid: str) -> str:
    return "LOC" if eid.startswith(("country:", "geonames:")) else "PER" if eid.startswith("per:") else "ORG" if eid.startswith("org:") else ""


# -- the combination -------------------------------------------------------------------

MODEL_FILE = "compare-model.json"


@lru_cache(maxsize=1)
def combination() -> dict | None:
    """The shipped logistic combination (``evaluation.semeval --fit``), or None for the hand-set curve."""
    path = resources.files("newsloom") / "data" / "compare" / MODEL_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def language_pair(la: str | None, lb: str | None) -> str:
    return "-".join(sorted((la or "und", lb or "und")))


def probability(model: dict, x: dict[str, float], pair: str | None = None) -> float:
    """p(same event) = logistic of the standardised features' weighted sum.

    For a language pair where the combination ranked pairs worse than the
    encoder's cosine alone (cross-validated on SemEval dev, ``fallback``), the
    probability comes from the encoder's cosines only (``SEMANTIC``).
    """
    fallback = model.get("fallback") or {}
    if pair and pair in fallback.get("pairs", ()):
        model = fallback["model"]
    z = model["bias"] + sum(w * (x.get(k, 0.0) - model["mean"][k]) / model["scale"][k] for k, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def judge_pair(judge: Clusterer, pid: str, fa: Features, fb: Features, x: dict | None = None, model: dict | None = None) -> dict:
    space = judge.space
    xb = space.vector(fb.embedding, fb.lang) if fb.embedding is not None else None
    xa = space.vector(fa.embedding, fa.lang) if fa.embedding is not None else None
    one = Cluster("b")
    one.absorb("b", fb, xb)
    p, reasons = judge.score(fa, one, xa)
    if x is None and model is not None:
        x = pair_features(judge, fa, fb)
    if model is not None and not x["no_vector"]:
        # Learned on pairs people judged (SemEval-2022 dev): calibrated, so 0.5 is the decision.
        score = probability(model, x, language_pair(fa.lang, fb.lang))
        apart = not judge.time_ok(fa, one)
        if apart:
            reasons.append(f"dates more than {judge.window.days} days apart")
        threshold = 0.5
    else:
        # The clusterer's curve is steep because it only has to decide.  compare's
        # score is also read as a degree of relatedness, so it uses the same
        # evidence at half the slope: the decision at 0.5 is unchanged, and pairs
        # that are nearly or clearly the same event stay distinguishable.
        p = min(max(p, 1e-6), 1 - 1e-6)
        score = 1.0 / (1.0 + math.sqrt((1 - p) / p))
        if not judge.time_ok(fa, one):
            score *= 0.25
            reasons.append(f"dates more than {judge.window.days} days apart")
        threshold = judge.threshold
    if not reasons:
        reasons = ["nothing in common found"]
    return {"id": pid, "score": round(score, 4), "same_event": score >= threshold, "reasons": reasons}
