"""Which articles of one event are translations of each other or share a passage.

Two articles reporting one happening share entities and meaning; a
translation, a rewrite of one wire story, or two reports quoting one statement
share more: the same names and numbers in the same order over a stretch of
text.  Linked entity ids and numbers are script-independent, so the check is a
local alignment (Smith-Waterman) of the two reading-order sequences: its best
block says which passage is shared, and how much of the shorter article it
covers says whether the whole article is a translation or a near-copy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .events import Features

MIN_BLOCK = 6  # aligned items before a shared passage is considered
MIN_DISTINCT = 3  # ...naming this many different things
WHOLE = 0.6  # share of the shorter article's items aligned for "translation" / "near-copy"
# ...and of the longer one's: a short report whose names all recur in a long
# one from another outlet is not its translation (RT and Reuters on one event).
WHOLE_LONGER = 0.5


@dataclass
class Relation:
    a: str
    b: str
    kind: str  # "translation", "near-copy" (same language) or "shared passage"
    score: float
    reasons: list[str]
    # Item ranges of the shared block in each article's sequence (for the evidence sentences).
    span_a: tuple[int, int] = (0, 0)
    span_b: tuple[int, int] = (0, 0)
    evidence: list[str] = field(default_factory=list)


def _squeeze(seq: list[str]) -> tuple[list[str], list[int]]:
    """Drop immediate repeats, which languages add or drop freely; keep original positions."""
    out, pos = [], []
    for i, x in enumerate(seq):
        if not out or out[-1] != x:
            out.append(x)
            pos.append(i)
    return out, pos


def local_alignment(a: list[str], b: list[str]) -> tuple[int, int, int, int, int]:
    """Best in-order shared block: (matches, a_start, a_end, b_start, b_end), ends exclusive."""
    if not a or not b:
        return 0, 0, 0, 0, 0
    h = np.zeros((len(a) + 1, len(b) + 1), dtype=np.int32)
    m = np.zeros_like(h)  # matches along the best path into each cell
    start = {}
    best = (0, 0, 0)
    for i in range(1, len(a) + 1):
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            diag = h[i - 1, j - 1] + (2 if ai == b[j - 1] else -1)
            up, left = h[i - 1, j] - 1, h[i, j - 1] - 1
            v = max(0, diag, up, left)
            h[i, j] = v
            if v == 0:
                continue
            if v == diag:
                m[i, j] = m[i - 1, j - 1] + (ai == b[j - 1])
                start[i, j] = start.get((i - 1, j - 1), (i - 1, j - 1))
            elif v == up:
                m[i, j], start[i, j] = m[i - 1, j], start.get((i - 1, j), (i - 1, j))
            else:
                m[i, j], start[i, j] = m[i, j - 1], start.get((i, j - 1), (i, j - 1))
            if v > best[0]:
                best = (v, i, j)
    _, i, j = best
    if not i:
        return 0, 0, 0, 0, 0
    si, sj = start.get((i, j), (i - 1, j - 1))
    return int(m[i, j]), si, i, sj, j


def relation(aid: str, fa: Features, xa: np.ndarray | None, bid: str, fb: Features, xb: np.ndarray | None) -> Relation | None:
    """The relation of two articles already known to be in one event, or None."""
    # Cheap bound first: the alignment cannot match more items than the two share.
    shared = Counter(fa.entity_seq) & Counter(fb.entity_seq)
    if sum(shared.values()) + sum((Counter(fa.number_seq) & Counter(fb.number_seq)).values()) < MIN_BLOCK or len(shared) < 2:
        return None
    seq_a, pos_a = _squeeze(fa.entity_seq + ["#" + n for n in fa.number_seq])
    seq_b, pos_b = _squeeze(fb.entity_seq + ["#" + n for n in fb.number_seq])
    # Entities and numbers are aligned separately (their relative order is not kept).
    ea, na = len(_squeeze(fa.entity_seq)[0]), len(_squeeze(fb.entity_seq)[0])
    ent = local_alignment(seq_a[:ea], seq_b[:na])
    num = local_alignment(seq_a[ea:], seq_b[na:])
    matched = ent[0] + num[0]
    distinct = len(set(seq_a[ent[1] : ent[2]]) & set(seq_b[ent[3] : ent[4]])) + len(set(seq_a[ea + num[1] : ea + num[2]]) & set(seq_b[na + num[3] : na + num[4]]))
    if matched < MIN_BLOCK or distinct < MIN_DISTINCT:
        return None
    shorter = max(1, min(len(seq_a), len(seq_b)))
    coverage = matched / shorter
    both_sides = matched / max(len(seq_a), len(seq_b)) >= WHOLE_LONGER
    cos = float(xa @ xb) if xa is not None and xb is not None else None
    reasons = [f"{ent[0]} names and {num[0]} numbers in the same order ({coverage:.0%} of the shorter article)"]
    if cos is not None:
        reasons.append(f"semantic similarity {cos:.2f}")
    if coverage >= WHOLE and both_sides:
        kind = "near-copy" if fa.lang and fa.lang == fb.lang else "translation"
    else:
        kind = "shared passage"
    span_a = (pos_a[ent[1]], pos_a[ent[2] - 1] + 1) if ent[0] else (0, 0)
    span_b = (pos_b[ent[3]], pos_b[ent[4] - 1] + 1) if ent[0] else (0, 0)
    return Relation(aid, bid, kind, round(min(1.0, coverage), 3), reasons, span_a, span_b)


# Mutual best sentence pairs at this raw multilingual-e5 cosine or above are
# taken as translations of each other: on NTREX (en-ru, ar-fa, kk-ar) the
# median translated sentence pair scores 0.89, and only 10% of pairs of
# different sentences of the same article reach 0.84.
SENTENCE_MATCH = 0.86
MAX_SENTENCES = 60
MIN_SHARED_SENTENCES = 3


# With the static table (``static_embed``) the sentence vectors of one
# article are centred on their own mean first: what all its sentences share
# (language, topic) otherwise outweighs what one sentence says.  A pair's
# score is then lowered by ORDER times the distance of the two sentences'
# relative positions, as a translation keeps the order of its sentences, and
# mutual-best pairs scoring STATIC_MATCH or more are the candidates.  On the
# first 4 NTREX documents in 8 languages (112 translated article pairs) this
# kept the decision of the encoder on every sentence (translation / shared
# passage / none) for 91 pairs, called 15 "translation" that it called
# "shared passage", 3 the other way, and lost 3 of its 109; without the order
# term it kept 67 and lost 16.
STATIC_MATCH = 0.0
ORDER = 1.0
# The encoder checks candidates best first until MIN_SHARED_SENTENCES pass, or
# more than CHECKED - MIN_SHARED_SENTENCES fail.
CHECKED = 8


def aligned_sentences(sa: list[str], va: np.ndarray, sb: list[str], vb: np.ndarray, threshold: float = SENTENCE_MATCH,
                      order: float = 0.0) -> list[tuple[int, int, float]]:
    """Mutual-best sentence pairs at ``threshold`` or above: (index in a, index in b, cosine).

    ``order`` > 0 lowers the score of pairs far from the diagonal by that much
    per unit of relative position: a translation keeps the order of its sentences.
    """
    if not len(sa) or not len(sb):
        return []
    sim = va @ vb.T
    if order:
        pa = (np.arange(len(sa)) + 0.5) / len(sa)
        pb = (np.arange(len(sb)) + 0.5) / len(sb)
        sim = sim - order * np.abs(pa[:, None] - pb[None, :])
    best_b, best_a = sim.argmax(1), sim.argmax(0)
    return [(i, int(j), float(sim[i, j])) for i, j in enumerate(best_b) if best_a[j] == i and sim[i, j] >= threshold]


def centred_rows(v: np.ndarray) -> np.ndarray:
    """Unit rows minus their mean, unit again (see STATIC_MATCH)."""
    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    if len(v) > 2:
        v = v - v.mean(0)
        v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    return v


def confirm(rel: Relation, same_lang: bool, sa: list[str], va: np.ndarray, sb: list[str], vb: np.ndarray, check=None,
            static_only: bool = False) -> Relation | None:
    """Check a candidate relation sentence by sentence; keep the aligned sentences as evidence.

    ``va``/``vb`` are encoder vectors, or with ``check(i, j)`` (the encoder's
    cosine of sentence i of a and j of b) centred static vectors: these
    propose the sentence pairs, and the encoder confirms only the best few.
    ``static_only``: centred static vectors whose pairs stand unchecked (see
    ``analyze._relations`` for when that is enough).
    """
    shorter = max(1, min(len(sa), len(sb)))
    if static_only:
        pairs = evidence = sorted(aligned_sentences(sa, va, sb, vb, STATIC_MATCH, ORDER), key=lambda p: -p[2])
        rel.reasons.append("sentences aligned by the static table, in order")
    elif check is None:
        pairs = aligned_sentences(sa, va, sb, vb)
    else:
        candidates = sorted(aligned_sentences(sa, va, sb, vb, STATIC_MATCH, ORDER), key=lambda p: -p[2])
        passed, failed, k = [], 0, 0
        # Best first, until enough pass or too many failed to reach that.
        while k < len(candidates) and len(passed) < MIN_SHARED_SENTENCES and failed <= CHECKED - MIN_SHARED_SENTENCES:
            i, j, _ = candidates[k]
            c = check(i, j)
            if c >= SENTENCE_MATCH:
                passed.append((i, j, c))
            else:
                failed += 1
            k += 1
        if len(passed) < MIN_SHARED_SENTENCES:
            return None
        # The unchecked candidates count as aligned, those the encoder rejected do not;
        # only confirmed pairs are shown as evidence.
        pairs = passed + candidates[k:]
        evidence = passed
    if len(pairs) < MIN_SHARED_SENTENCES:
        return None
    share = len(pairs) / shorter
    whole = share >= WHOLE and len(pairs) / max(len(sa), len(sb)) >= WHOLE_LONGER
    rel.kind = "near-copy" if whole and same_lang else "translation" if whole else "shared passage"
    rel.score = round(share, 3)
    rel.reasons.append(f"{len(pairs)} sentences are translations of each other ({share:.0%} of the shorter article)")
    rel.evidence = [f"{sa[i][:160]}  ↔  {sb[j][:160]}  ({c:.2f})" for i, j, c in sorted(pairs if check is None else evidence, key=lambda p: -p[2])[:5]]
    return rel
