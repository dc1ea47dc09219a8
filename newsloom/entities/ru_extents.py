"""Where a Russian name starts and ends, as Russian news annotation has it, learnt from FactRuEval.

natasha tags the name alone ("Яблоко", "Москвы"); FactRuEval, like a reader,
takes the descriptor that says what the name is ("партии «Яблоко»", "реки
Славянки") and the organisation a place qualifies ("мэрии Москвы",
"Министерства сельского хозяйства Германии") as part of the mention.  Which
descriptor words do that, which adjacent pairs of spans are one name, and
which names natasha types differently from the annotators ("ЕС" is an
organisation) are counted on the FactRuEval development documents by
:func:`fit` and shipped as ``data/ner_ru/extents.json`` (FactRuEval-2016, MIT,
Copyright (c) 2015 dialogue-evaluation).  ``python -m
newsloom.evaluation.factrueval --fit`` refits it and reports cross-validated
scores.

Rules that need no counting: a span never runs across a list separator
("Бахрейн • Барбадос"), a parenthesis holds a second name ("Комитет защиты
журналистов (КЗЖ)"), and an opened quote is closed inside the span.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .natasha_ru import base_of, morph_vocab

DATA = Path(__file__).resolve().parent.parent / "data" / "ner_ru" / "extents.json"
# A rule is kept when it was right at least this often, and in at least this
# share of the places it would have fired in the training documents.
MIN_COUNT = 2
MIN_PRECISION = 0.5
_SEPARATORS = {"•", "|", "·", ";", "/"}
_QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"'}
# How far a descriptor chain may run to the left ("пресс-служба президента Украины").
MAX_STEPS = 2


@dataclass
class Piece:
    """A span over token indices ``i`` .. ``j`` (exclusive) of one document."""

    i: int
    j: int
    type: str
    base: str = ""  # empty: natasha's normal form of the tokens


@dataclass
class Extents:
    """The counted rules: descriptor lemma -> {core type: new type}; (left, right) type pair -> type; name -> type."""

    descriptors: dict[str, dict[str, str]] = field(default_factory=dict)
    pairs: dict[str, str] = field(default_factory=dict)
    retype: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"descriptors": self.descriptors, "pairs": self.pairs, "retype": self.retype}


@lru_cache(maxsize=1)
def shipped() -> Extents:
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Extents()
    return Extents(data.get("descriptors", {}), data.get("pairs", {}), data.get("retype", {}))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    parses = morph_vocab().parse(word.lower())
    return parses[0].normal_form if parses else word.lower()


def _is_word(text: str) -> bool:
    return text.replace("-", "").isalpha()


def _name_key(tokens, p: Piece) -> str:
    return " ".join(lemma(t.text) for t in tokens[p.i : p.j] if _is_word(t.text))


# -- rules that need no counting -----------------------------------------------
def _split(tokens, p: Piece) -> list[Piece]:
    """Cut at list separators; "X (Y)" is two names."""
    parts, start = [], p.i
    for k in range(p.i, p.j):
        if tokens[k].text in _SEPARATORS:
            parts.append(Piece(start, k, p.type))
            start = k + 1
    parts.append(Piece(start, p.j, p.type, p.base if not parts else ""))
    out = []
    for q in parts:
        texts = [t.text for t in tokens[q.i : q.j]]
        if "(" in texts and texts[-1] == ")" and texts.index("(") > 0:
            o = q.i + texts.index("(")
            out += [Piece(q.i, o, q.type), Piece(o + 1, q.j - 1, q.type)]
        else:
            out.append(q)
    return [q for q in out if q.j > q.i and any(_is_word(t.text) for t in tokens[q.i : q.j])]


def _close_quote(tokens, p: Piece) -> Piece:
    texts = [t.text for t in tokens[p.i : p.j]]
    for o, c in _QUOTES.items():
        if texts.count(o) > texts.count(c) and p.j < len(tokens) and tokens[p.j].text == c:
            return Piece(p.i, p.j + 1, p.type, p.base)
    return p


def _quoted(tokens, p: Piece) -> tuple[int, int]:
    """The span with the quotes right around it, when it has them."""
    if p.i > 0 and p.j < len(tokens) and _QUOTES.get(tokens[p.i - 1].text) == tokens[p.j].text:
        return p.i - 1, p.j + 1
    return p.i, p.j


def _adjacent(tokens, a: Piece, b: Piece) -> bool:
    return a.j == b.i and tokens[b.i].start - tokens[a.j - 1].stop == 1


def _descriptor_at(tokens, p: Piece, taken: set[int]) -> tuple[int, int, str] | None:
    """The word before ``p`` (across its quotes) that may describe it: (its index, new end, its lemma)."""
    i, j = _quoted(tokens, p)
    d = i - 1
    if d < 0 or d in taken or not _is_word(tokens[d].text) or tokens[i].start - tokens[d].stop != 1:
        return None
    return d, j, lemma(tokens[d].text)


def apply(tokens, spans: list[Piece], rules: Extents, seen: list | None = None) -> list[Piece]:
    """natasha's spans, cut, retyped, joined and extended as the rules say.

    ``seen``, when given, collects every place a counted rule could have fired
    as (kind, key, from type, extent, type) so :func:`fit` can count them.
    """
    pieces = [q for p in spans for q in _split(tokens, _close_quote(tokens, p))]
    for p in pieces:
        key = _name_key(tokens, p)
        if seen is not None:
            seen.append(("retype", key, p.type, (p.i, p.j), None))
        if key in rules.retype:
            p.type = rules.retype[key]
    pieces.sort(key=lambda p: p.i)
    joined: list[Piece] = []
    for p in pieces:
        if joined and _adjacent(tokens, joined[-1], p):
            key = f"{joined[-1].type}+{p.type}"
            if seen is not None:
                seen.append(("pairs", key, None, (joined[-1].i, p.j), None))
            if key in rules.pairs:
                left = joined.pop()
                joined.append(Piece(left.i, p.j, rules.pairs[key], _join_base(tokens, left, p)))
                continue
        joined.append(p)
    taken = {k for p in joined for k in range(p.i, p.j)}
    for p in joined:
        for _ in range(MAX_STEPS):
            hit = _descriptor_at(tokens, p, taken)
            if hit is None:
                break
            d, j, lem = hit
            if seen is not None:
                seen.append(("descriptors", lem, p.type, (d, j), None))
            new = rules.descriptors.get(lem, {}).get(p.type)
            if new is None:
                break
            taken.update(range(d, j))
            # Same type: the descriptor says what the name is ("реки Славянки"),
            # the entity is the name; another type: it is a new entity named
            # after the place ("мэрии Москвы" -> "мэрия Москвы").
            if new == p.type:
                base = p.base or base_of(tokens[p.i : p.j], p.type)
            else:
                base = f"{lem} {_text(tokens, p.i, j)}"
            p.i, p.j, p.type, p.base = d, j, new, base
    return joined


def _text(tokens, i: int, j: int) -> str:
    out = tokens[i].text
    for a, b in zip(tokens[i : j - 1], tokens[i + 1 : j]):
        out += " " * (b.start - a.stop) + b.text
    return out


def _join_base(tokens, left: Piece, right: Piece) -> str:
    # The right part is a genitive that qualifies the left one
    # ("Министерства сельского хозяйства" + "Германии"): only the left inflects.
    return f"{left.base or base_of(tokens[left.i : left.j], left.type)} {_text(tokens, right.i, right.j)}"


# -- counting ------------------------------------------------------------------------
def fit(examples) -> Extents:
    """Rules counted on ``examples``: (tokens, natasha pieces, gold set of (token i, token j, type))."""
    right: dict[str, Counter] = defaultdict(Counter)
    fired: Counter = Counter()
    # Counted one kind at a time, each on top of the kinds before it, as
    # apply() runs them.
    rules = Extents()
    for kind in ("retype", "pairs", "descriptors"):
        right.clear()
        fired.clear()
        for tokens, pieces, gold in examples:
            seen: list = []
            apply(tokens, [Piece(p.i, p.j, p.type, p.base) for p in pieces], rules, seen)
            for k, key, from_type, extent, _ in seen:
                if k != kind:
                    continue
                slot = (key, from_type)
                fired[slot] += 1
                for typ in ("PER", "ORG", "LOC"):
                    if (*extent, typ) in gold:
                        right[slot][typ] += 1
        learnt: dict = {}
        for (key, from_type), counts in right.items():
            typ, n = counts.most_common(1)[0]
            if n < MIN_COUNT or n / fired[(key, from_type)] < MIN_PRECISION:
                continue
            if kind == "retype":
                if typ != from_type:
                    learnt[key] = typ
            elif kind == "pairs":
                learnt[key] = typ
            else:
                learnt.setdefault(key, {})[from_type] = typ
        setattr(rules, kind, learnt)
    return rules


def save(rules: Extents, path: Path = DATA) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rules.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
