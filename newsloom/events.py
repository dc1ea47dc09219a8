"""Online grouping of articles into events (one happening) and stories (a thread).

Articles arrive one at a time.  Candidates come from an inverted index over
linked entity ids and salient numbers, so the cost of a new article depends on
how many events share its entities, not on the size of the store.  A candidate
is scored on evidence that crosses scripts:

* linked entities (tf-idf weighted cosine; ids are the same in every language),
* numbers that are not dates ("1300", "Article 4"),
* a multilingual sentence embedding of headline and lead, when available,

and rejected outright when the time evidence contradicts it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from .model import Article

EVENT_WINDOW_DAYS = 4
STORY_WINDOW_DAYS = 60
EVENT_THRESHOLD = 0.45
STORY_THRESHOLD = 0.30
_NUMBER = re.compile(r"(?<![\d.,])\d{1,6}(?:[.,]\d+)?(?![\d])")


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


@dataclass
class Cluster:
    id: str
    members: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    numbers: Counter = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    embedding: list[float] | None = None
    parent: str | None = None  # the story of an event

    def absorb(self, aid: str, f: Features) -> None:
        self.members.append(aid)
        self.entities.update(f.entities)
        self.numbers.update(f.numbers)
        d = f.published or f.not_before
        if d:
            self.first = min(self.first or d, d)
            self.last = max(self.last or d, d)
        if f.embedding is not None:
            if self.embedding is None:
                self.embedding = list(f.embedding)
            else:
                n = len(self.members)
                self.embedding = [(a * (n - 1) + b) / n for a, b in zip(self.embedding, f.embedding)]


def _parse(d: str | None) -> date | None:
    if not d or len(d) < 10:
        return None
    try:
        return date.fromisoformat(d[:10])
    except ValueError:
        return None


def features(article: Article, embedding: list[float] | None = None) -> Features:
    ents = Counter(m.entity_id for m in article.mentions if m.entity_id and m.type in ("PER", "ORG", "LOC", "EVENT", "NORP"))
    date_spans = [(d.field, d.start, d.end) for d in article.dates]
    numbers = set()
    for fname in ("title", "text"):
        ct = article.clean.get(fname)
        if ct is None:
            continue
        for m in _NUMBER.finditer(ct.text):
            s, e = ct.span(m.start(), m.end())
            if any(f == fname and a <= s and e <= b for f, a, b in date_spans):
                continue
            numbers.add(m.group(0).replace(",", "."))
    full = [d for d in (_parse(x.value) for x in article.dates) if d]
    published = _parse(article.published)
    return Features(ents, numbers, max(full) if full else None, published, embedding, article.lang)


class Clusterer:
    """Online clusterer; one instance holds either events or stories."""

    def __init__(self, prefix: str, threshold: float, window_days: int) -> None:
        self.prefix = prefix
        self.threshold = threshold
        self.window = window_days
        self.clusters: dict[str, Cluster] = {}
        self._index: dict[str, set[str]] = defaultdict(set)
        self.doc_freq: Counter = Counter()
        self.n_docs = 0
        self._next = 1

    def _idf(self, key: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.doc_freq[key])) + 1.0

    def _time_ok(self, f: Features, c: Cluster) -> bool:
        if c.first is None:
            return True
        if f.published:
            return (c.first - _days(self.window)) <= f.published <= (c.last + _days(self.window))
        if f.not_before:
            return f.not_before <= c.last + _days(self.window)
        return True

    def score(self, f: Features, c: Cluster) -> tuple[float, list[str]]:
        reasons = []
        num = den_a = den_b = 0.0
        shared = []
        for k, w in f.entities.items():
            idf = self._idf(k)
            a = (1 + math.log(w)) * idf
            den_a += a * a
            if k in c.entities:
                b = (1 + math.log(c.entities[k] / max(1, len(c.members)) + 1)) * idf
                num += a * b
                shared.append(k)
        for k, w in c.entities.items():
            b = (1 + math.log(w / max(1, len(c.members)) + 1)) * self._idf(k)
            den_b += b * b
        ent = num / math.sqrt(den_a * den_b) if den_a and den_b else 0.0
        if shared:
            reasons.append("shared entities: " + ", ".join(sorted(shared, key=lambda k: -self._idf(k))[:6]))
        nums = sorted(n for n in f.numbers & set(c.numbers) if n not in ("1", "2", "3"))
        num_score = min(1.0, 0.25 * len(nums))
        if nums:
            reasons.append("shared numbers: " + ", ".join(nums[:6]))
        sem = None
        if f.embedding is not None and c.embedding is not None:
            cos = sum(a * b for a, b in zip(f.embedding, c.embedding))
            cos /= math.sqrt(sum(a * a for a in f.embedding) * sum(b * b for b in c.embedding)) or 1.0
            # multilingual-e5 puts unrelated news around 0.78-0.82; stretch the
            # informative top of the range to [0, 1].
            sem = max(0.0, min(1.0, (cos - 0.80) / 0.12))
            reasons.append(f"semantic similarity {cos:.2f}")
        if sem is None:
            total = 0.8 * ent + 0.2 * num_score
        else:
            total = 0.45 * ent + 0.15 * num_score + 0.40 * sem
        return total, reasons

    def add(self, aid: str, f: Features) -> tuple[str, float, list[str]]:
        """Put an article (or, for stories, an event) in a cluster; returns (id, score, reasons)."""
        keys = list(f.entities)
        cands: Counter = Counter()
        for k in keys:
            for cid in self._index.get(k, ()):
                cands[cid] += 1
        best, best_score, best_reasons = None, 0.0, []
        for cid, _ in cands.most_common(50):
            c = self.clusters.get(cid)
            if c is None:  # withdrawn when its only article changed
                continue
            if not self._time_ok(f, c):
                continue
            s, reasons = self.score(f, c)
            if s > best_score:
                best, best_score, best_reasons = c, s, reasons
        self.n_docs += 1
        self.doc_freq.update(set(keys))
        if best is None or best_score < self.threshold:
            best = Cluster(f"{self.prefix}{self._next:05d}")
            self._next += 1
            self.clusters[best.id] = best
            best_reasons = ["no earlier cluster close enough" + (f" (best {best_score:.2f})" if best_score else "")]
        best.absorb(aid, f)
        for k in keys:
            self._index[k].add(best.id)
        return best.id, best_score, best_reasons


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=n)
