"""Online grouping of articles into events (one happening) and stories (a thread).

Articles arrive one at a time and join the best-scoring cluster or open a new
one; nothing already grouped is re-clustered.  Candidates come from two
places, both bounded so that the cost per article does not grow with the store:

* an inverted index over linked entity ids (the newest clusters per id), and
* a matrix of cluster vectors, searched over its newest rows only.

A candidate is scored on evidence that crosses scripts: linked entities
(tf-idf cosine; ids are the same in every language), numbers that are not
dates ("1300", "Article 4"), and the multilingual embedding of headline and
lead, centred per language (see ``embed.SemanticSpace``).  Time evidence that
contradicts a candidate rules it out.  The evidence is combined into one score
in [0, 1] with the reasons a person can check; ``compare`` uses the same
scoring on two single articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import islice

import numpy as np

from .embed import SemanticSpace
from .model import Article

EVENT_WINDOW_DAYS = 4
STORY_WINDOW_DAYS = 60
_NUMBER = re.compile(r"(?<![\d.,])\d{1,6}(?:[.,]\d+)?(?![\d])")
# Numbers that appear in almost any text and say nothing about the happening.
_TRIVIAL_NUMBERS = frozenset("0 1 2 3 4 5 10".split())


@dataclass
class Features:
    entities: Counter
    numbers: set[str]
    # Known bounds of when the article was written: the publication date if
    # given; otherwise it cannot be older than the newest full date it mentions.
    not_before: date | None
    published: date | None
    embedding: list[float] | None = None
    lang: str | None = None
    # Entity ids and numbers in reading order: two translations of one text
    # name the same things in nearly the same order.
    entity_seq: list[str] = field(default_factory=list)
    number_seq: list[str] = field(default_factory=list)
    # When the text says its happening took place (see happened_on); the
    # event's dates come from this when there is no publication date.
    happened: date | None = None


@dataclass
class Weights:
    """How evidence turns into a score: a logistic curve over the evidence.

    ``sem_at`` is the language-centred cosine at which semantics alone is
    undecided; entities and numbers push the score up.  Set by hand and
    checked on NTREX translations and SemEval-2022 pairs (see the evaluation
    modules); stories use a looser curve than events.
    """

    sem_at: float = 0.40
    sem_slope: float = 12.0
    entity: float = 3.0
    number: float = 1.5
    bias: float = -0.6
    # Overlap of the few most salient entities of each side: a story follows
    # the same main actors even when the rest of the cast changes.
    main_entities: float = 0.0
    # Without an encoder: entities must carry the decision.
    entity_only_at: float = 0.35
    # Added to sem_at when every member is in the article's language: centring
    # removes a language's mean, not what one language's reports share
    # besides the event (wording, outlets' formulas, the country's cast).
    # Two Kazakh reports of different events on Tokayev and the CSTO (seeds
    # 000/001) scored .56 on the 600-character lead; on NTREX's cross-language
    # samples (``ntrex_events --sample cross|two``) 0.1 changes recall by
    # nothing and precision .930 -> .952, .937 -> .952.
    same_language_sem_at: float = 0.0


EVENT_WEIGHTS = Weights(same_language_sem_at=0.1)
STORY_WEIGHTS = Weights(sem_at=0.25, sem_slope=8.0, entity=2.0, number=0.5, bias=-1.5, entity_only_at=0.22, main_entities=5.0)
# With the static table on the first 1,000 characters (``embed.event_encoder``)
# cosines spread less: sem_at and sem_slope chosen by pair F1 on NTREX
# documents 10-39 in 8 languages (240 articles; .926, e5 on the lead .899),
# grid 0.30-0.55 by 0.025 x slopes 3-10.  The story curve is moved as the
# event curve moved (no story gold to fit it on).
STATIC_EVENT_WEIGHTS = replace(EVENT_WEIGHTS, sem_at=0.45, sem_slope=5.0)
STATIC_STORY_WEIGHTS = replace(STORY_WEIGHTS, sem_at=0.30, sem_slope=3.5)


def weights_for(encoder_name: str | None) -> tuple[Weights, Weights]:
    """(event, story) weights for the vectors of this encoder."""
    if encoder_name == "newsloom/e5-small-static":
        return STATIC_EVENT_WEIGHTS, STATIC_STORY_WEIGHTS
    return EVENT_WEIGHTS, STORY_WEIGHTS
MAIN_ENTITIES = 5


@dataclass
class Cluster:
    id: str
    members: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    numbers: Counter = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    # Sum of the members' centred unit vectors: its dot product with a new
    # vector, divided by n_vectors, is the average cosine to all members
    # (average linkage), which a centroid cosine overstates for big clusters.
    vector_sum: np.ndarray | None = None  # float32: a list of Python floats took 12 KB a cluster
    n_vectors: int = 0
    parent: str | None = None  # the story of an event
    langs: Counter = field(default_factory=Counter)

    def absorb(self, aid: str, f: Features, vector: np.ndarray | None = None) -> None:
        self.members.append(aid)
        if f.lang:
            self.langs[f.lang] += 1
        self.entities.update(f.entities)
        self.numbers.update(f.numbers)
        d = f.published or f.happened or f.not_before
        if d:
            self.first = min(self.first or d, d)
            self.last = max(self.last or d, d)
        if vector is not None:
            v = np.asarray(vector, dtype=np.float32)
            if self.vector_sum is not None and len(self.vector_sum) != len(v):
                # Members embedded by another encoder before: the vector follows the new one.
                self.vector_sum, self.n_vectors = None, 0
            self.vector_sum = v.copy() if self.vector_sum is None else self.vector_sum + v
            self.n_vectors += 1


def _parse(d: str | None) -> date | None:
    if not d or len(d) < 10:
        return None
    try:
        return date.fromisoformat(d[:10])
    except ValueError:
        return None


# A report is about its most recent happening; dates further back than this
# before the latest full date it mentions are background ("since 16 December 1991").
HAPPENING_SPAN = timedelta(days=60)


def happened_on(full: list[date]) -> date | None:
    """The date a report's happening took place, from the full dates it mentions.

    Not the latest one: news looks ahead ("the chair passes on 1 January
    2025") more than it looks back at the day itself ("on 28 November
    2024").  So the earliest date within HAPPENING_SPAN of the latest one,
    which leaves older background out.
    """
    if not full:
        return None
    latest = max(full)
    return min(d for d in full if d >= latest - HAPPENING_SPAN)


def features(article: Article, embedding: list[float] | None = None) -> Features:
    kinds = ("PER", "ORG", "LOC", "EVENT", "NORP")
    ordered = sorted((m for m in article.mentions if m.entity_id and m.type in kinds), key=lambda m: (m.field != "title", m.start))
    ents = Counter(m.entity_id for m in ordered)
    date_spans = [(d.field, d.start, d.end) for d in article.dates]
    number_seq = []
    for fname in ("title", "text"):
        ct = article.clean.get(fname)
        if ct is None:
            continue
        for m in _NUMBER.finditer(ct.text):
            s, e = ct.span(m.start(), m.end())
            if any(f == fname and a <= s and e <= b for f, a, b in date_spans):
                continue
            number_seq.append(m.group(0).replace(",", "."))
    full = [d for d in (_parse(x.value) for x in article.dates) if d]
    return Features(ents, set(number_seq), max(full) if full else None, _parse(article.published), embedding,
                    article.lang, [m.entity_id for m in ordered], number_seq, happened_on(full))


def _day(d: date | None) -> float:
    return float(d.toordinal()) if d is not None else math.nan


class Clusterer:
    """Online clusterer; one instance holds either events or stories."""

    ENTITY_CANDIDATES = 50
    SEMANTIC_CANDIDATES = 20
    # Only the newest clusters of an entity, and the newest rows of the
    # vector matrix, are searched: news events are short-lived, and this keeps
    # a new article's cost flat as the store grows.
    POSTINGS_SEARCHED = 500
    ROWS_SEARCHED = 50_000

    def __init__(self, prefix: str, window_days: int, weights: Weights = EVENT_WEIGHTS,
                 space: SemanticSpace | None = None, threshold: float = 0.5) -> None:
        self.prefix = prefix
        self.window = timedelta(days=window_days)
        self.weights = weights
        self.space = space if space is not None else SemanticSpace()
        self.threshold = threshold
        self.clusters: dict[str, Cluster] = {}
        self._index: dict[str, dict[str, None]] = defaultdict(dict)  # entity -> cluster ids, oldest first
        self.doc_freq: Counter = Counter()
        self.n_docs = 0
        self._next = 1
        self._rows: list[str | None] = []  # row -> cluster id; None once the row moved
        self._row_of: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._dates = np.zeros((0, 2))  # per row: the cluster's first and last day (ordinal; NaN: undated)

    # -- indexes -------------------------------------------------------------------
    def index_cluster(self, c: Cluster) -> None:
        for k in c.entities:
            postings = self._index[k]
            postings.pop(c.id, None)  # re-insert: most recently active last
            postings[c.id] = None
        if c.vector_sum is not None and c.n_vectors:
            self._set_row(c.id, c.vector_sum / c.n_vectors, c.first, c.last)

    def _set_row(self, cid: str, v: np.ndarray, first: date | None = None, last: date | None = None) -> None:
        if self._rows and len(v) != self._matrix.shape[1]:
            # Vectors of another encoder than the rows' (a store grouped with
            # e5 before the static table): the newest encoder's rows are the
            # ones searched; the older clusters are found by their entities.
            self._rows, self._row_of = [], {}
            self._matrix, self._dates = np.zeros((0, 0), dtype=np.float32), np.zeros((0, 2))
        row = self._row_of.get(cid)
        if row is not None and row < len(self._rows) - self.ROWS_SEARCHED // 2:
            # An old cluster that is active again moves to the searched end.
            self._rows[row] = None
            row = None
        if row is None:
            if self._matrix.shape[0] == len(self._rows):
                grown = np.zeros((max(64, 2 * len(self._rows)), len(v)), dtype=np.float32)
                span = np.full((len(grown), 2), np.nan)
                if self._rows:
                    grown[: len(self._rows)] = self._matrix[: len(self._rows)]
                    span[: len(self._rows)] = self._dates[: len(self._rows)]
                self._matrix, self._dates = grown, span
            row = self._row_of[cid] = len(self._rows)
            self._rows.append(cid)
        self._matrix[row] = v
        self._dates[row] = (_day(first), _day(last))

    def forget(self, cid: str) -> None:
        self.clusters.pop(cid, None)
        row = self._row_of.pop(cid, None)
        if row is not None:
            self._rows[row] = None

    def _semantic_candidates(self, x: np.ndarray | None, f: Features | None = None,
                             window: timedelta | None = None) -> dict[str, float]:
        if x is None or not self._rows or len(x) != self._matrix.shape[1]:
            return {}
        lo = max(0, len(self._rows) - self.ROWS_SEARCHED)
        rows = np.arange(lo, len(self._rows))
        ok = self._time_mask(rows, f, self.window if window is None else window)
        if ok is not None:
            # Only clusters the time test can admit: a cluster outside the
            # window would be dropped after scoring anyway, and searching only
            # the window makes the cost follow the news rate, not the store size.
            rows = rows[ok]
        if not len(rows):
            return {}
        sims = self._matrix[rows] @ x if len(rows) < len(self._rows) - lo else self._matrix[lo : len(self._rows)] @ x
        k = min(len(sims), self.SEMANTIC_CANDIDATES)
        top = np.argpartition(-sims, k - 1)[:k]
        return {self._rows[rows[i]]: float(sims[i]) for i in top if self._rows[rows[i]] is not None}

    def _time_mask(self, rows: np.ndarray, f: Features | None, window: timedelta) -> np.ndarray | None:
        """Which rows pass :meth:`time_ok` for ``f`` (None: all of them); rows without dates always do."""
        if f is None or not (f.published or f.not_before):
            return None
        first, last = self._dates[rows, 0], self._dates[rows, 1]
        undated = np.isnan(first)
        w = window.days
        if f.published:
            d = _day(f.published)
            return undated | ((first - w <= d) & (d <= last + w))
        return undated | (_day(f.not_before) <= last + w)

    def _entity_candidates(self, f: Features) -> list[str]:
        counts: Counter = Counter()
        for k in f.entities:
            postings = self._index.get(k)
            if postings:
                counts.update(islice(reversed(postings), self.POSTINGS_SEARCHED))
        return [cid for cid, _ in counts.most_common(self.ENTITY_CANDIDATES)]

    # -- scoring ---------------------------------------------------------------------
    def _idf(self, key: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.doc_freq[key])) + 1.0

    def time_ok(self, f: Features, c: Cluster, window: timedelta | None = None) -> bool:
        window = self.window if window is None else window
        if c.first is None:
            return True
        if f.published:
            return c.first - window <= f.published <= c.last + window
        if f.not_before:
            return f.not_before <= c.last + window
        return True

    def _salient(self, counts: Counter, n: int) -> list[str]:
        # Mentions first: a name said once is rarely the story's subject, and
        # rarity alone would promote every stray (often misrecognised) name.
        ranked = sorted(counts, key=lambda k: (-counts[k] / n, -self._idf(k)))
        return ranked[:MAIN_ENTITIES]

    def _entity_cosine(self, f: Features, c: Cluster) -> tuple[float, list[str]]:
        num = den_a = den_b = 0.0
        shared = []
        n = max(1, len(c.members))
        for k, w in f.entities.items():
            idf = self._idf(k)
            a = (1 + math.log(w)) * idf
            den_a += a * a
            if k in c.entities:
                num += a * (1 + math.log(c.entities[k] / n + 1)) * idf
                shared.append(k)
        for k, w in c.entities.items():
            b = (1 + math.log(w / n + 1)) * self._idf(k)
            den_b += b * b
        return (num / math.sqrt(den_a * den_b) if den_a and den_b else 0.0), shared

    def score(self, f: Features, c: Cluster, x: np.ndarray | None = None, cos: float | None = None,
              weights: Weights | None = None) -> tuple[float, list[str]]:
        """Score in [0, 1] that the article belongs to the cluster, and why."""
        w = weights or self.weights
        ent, shared = self._entity_cosine(f, c)
        reasons = []
        if shared:
            reasons.append("shared entities: " + ", ".join(sorted(shared, key=lambda k: -self._idf(k))[:6]))
        nums = sorted(n for n in f.numbers & set(c.numbers) if n not in _TRIVIAL_NUMBERS)
        num = min(1.0, 0.34 * len(nums))
        if nums:
            reasons.append("shared numbers: " + ", ".join(nums[:6]))
        if cos is None and x is not None and c.vector_sum is not None and c.n_vectors and len(c.vector_sum) == len(x):
            cos = float(c.vector_sum @ x) / c.n_vectors
        main = 0.0
        if w.main_entities:
            top_f, top_c = self._salient(f.entities, 1), self._salient(c.entities, max(1, len(c.members)))
            common = [k for k in top_f if k in top_c]
            main = len(common) / MAIN_ENTITIES
            if common:
                reasons.append("same main actors: " + ", ".join(common))
        if cos is None:
            z = 8.0 * (ent + main / 2 - w.entity_only_at) + w.number * num
        else:
            at = w.sem_at + (w.same_language_sem_at if f.lang and set(c.langs) == {f.lang} else 0.0)
            z = w.sem_slope * (cos - at) + w.entity * ent + w.main_entities * main + w.number * num + w.bias
            reasons.append(f"semantic similarity {cos:.2f} (language-centred)")
        return 1.0 / (1.0 + math.exp(-z)), reasons

    def best(self, f: Features, weights: Weights | None = None, window_days: int | None = None,
             exclude: frozenset = frozenset()) -> tuple[Cluster | None, float, list[str]]:
        """The highest-scoring cluster for these features among the candidates, its score and reasons."""
        window = None if window_days is None else timedelta(days=window_days)
        x = self.space.vector(f.embedding, f.lang) if f.embedding is not None else None
        sims = self._semantic_candidates(x, f, window)
        best, best_score, best_reasons = None, 0.0, []
        for cid in dict.fromkeys(self._entity_candidates(f) + sorted(sims, key=sims.get, reverse=True)):
            c = self.clusters.get(cid)
            if c is None or cid in exclude or not self.time_ok(f, c, window):
                continue
            # The matrix only proposes: its product's last bits follow the
            # matrix's shape (which differs after a restart), so the cosine
            # scored is the cluster's own, the same in every run.
            s, reasons = self.score(f, c, x, None, weights)
            if s > best_score:
                best, best_score, best_reasons = c, s, reasons
        return best, best_score, best_reasons

    def new_cluster(self) -> Cluster:
        c = self.clusters[f"{self.prefix}{self._next:05d}"] = Cluster(f"{self.prefix}{self._next:05d}")
        self._next += 1
        return c

    def add(self, aid: str, f: Features, into: str | None = None) -> tuple[str, float, list[str]]:
        """Put an article in its best cluster or a new one; returns (cluster id, score, reasons).

        ``into`` names the cluster it must join (a wire copy joins its original's event, unscored).
        """
        if into is not None and into in self.clusters:
            best, best_score, best_reasons = self.clusters[into], 1.0, []
        else:
            best, best_score, best_reasons = self.best(f)
        self.n_docs += 1
        self.doc_freq.update(set(f.entities))
        if best is None or best_score < self.threshold:
            best = self.new_cluster()
            best_reasons = ["no earlier cluster close enough" + (f" (best {best_score:.2f})" if best_score else "")]
        best.absorb(aid, f, self.space.vector(f.embedding, f.lang) if f.embedding is not None else None)
        self.index_cluster(best)
        return best.id, best_score, best_reasons
