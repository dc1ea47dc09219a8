"""Russian names through natasha: spans from its news NER model, base forms from its morphology.

natasha (MIT, on PyPI) ships its models inside its wheels (navec embeddings,
slovnet NER and morphology taggers, pymorphy2's OpenCorpora dictionary), so
it runs offline.  The recogniser consults it as the statistical tagger for
Russian (:data:`LANGS`), in place of a CRF: it was trained on Russian news
(Nerus), and where it tags, the hand rules for titles and name shapes only
cost precision.

A span's base form is natasha's normal form: the words inflected back to the
nominative with the morphology tagger's reading of their case, number and
gender in context ("Билла Клинтона" -> "Билл Клинтон", "Демократической
партии" -> "Демократическая партия"), so that names are linked and stored in
the nominative, never by an oblique case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from functools import lru_cache

from .tagger import Span

LANGS = frozenset({"ru"})


@dataclass(frozen=True)
class NamedSpan(Span):
    """A model span with the base (nominative) form the linker should use."""

    base: str = ""
    # A place inside an organisation's name ("Правительства Греции") stays a
    # mention of its own, nested in the organisation's: the country is linked
    # by it, while the outermost mention is the organisation, as annotators have it.
    keeps_places: ClassVar[bool] = True


@lru_cache(maxsize=1)
def _models():
    # Imported here: loading the embeddings and the taggers takes about three
    # seconds, which only Russian text should pay.
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    from ..startup_cache import long_lived

    with long_lived():
        emb = NewsEmbedding()
        return Segmenter(), NewsNERTagger(emb), NewsMorphTagger(emb), MorphVocab()


def _doc(text: str):
    from natasha import Doc

    segmenter, ner, _, _ = _models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    return doc


@lru_cache(maxsize=1)
def _fast():
    from .slovnet_exec import NER, Morph

    _, ner, morph_tagger, _ = _models()
    return NER(ner), Morph(morph_tagger)


class Token:
    """A token of the text with the morphology tagger's reading (``pos`` None where it was not asked)."""

    __slots__ = ("start", "stop", "text", "pos", "feats")

    def __init__(self, start: int, stop: int, text: str, pos=None, feats=None) -> None:
        self.start, self.stop, self.text, self.pos, self.feats = start, stop, text, pos, feats or {}


def morph_vocab():
    return _models()[3]


def natasha_alone(text: str) -> list:
    """natasha's own spans (``start``, ``stop``, ``type``), for evaluation next to newsloom."""
    return list(_doc(text).spans)


def base_of(tokens, etype: str) -> str:
    """The nominative of a name from its tokens' morphology ("Билла Клинтона" -> "Билл Клинтон").

    natasha inflects every word of a person's or a place's name; of an
    organisation's name only the words up to its head noun, as the rest is a
    genitive that qualifies it ("Министерства сельского хозяйства Германии"
    -> "Министерство сельского хозяйства Германии"), which natasha's own
    rule needs a syntax parse (twice the cost of the NER model) to see.
    """
    from natasha.norm import recover_shapes, recover_spaces

    head = len(tokens)
    if etype == "ORG":
        head = next((k + 1 for k, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), len(tokens))
    try:
        words = [_inflected(t.text, t.pos, t.feats.get("Gender"), t.feats.get("Number"), t.feats.get("Case"))
                 if k < head and t.pos else t.text for k, t in enumerate(tokens)]
        return recover_spaces(recover_shapes(words, tokens), tokens)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return recover_spaces([t.text for t in tokens], tokens)


@lru_cache(maxsize=65536)
def _inflected(text: str, pos: str, gender, number, case) -> str:
    """natasha's ``inflect_word`` of a token, by all it reads of one: a name recurs, its parse need not."""
    from natasha.norm import inflect_word

    return inflect_word(morph_vocab(), Token(0, 0, text, pos, {"Gender": gender, "Number": number, "Case": case}))


def raw_pieces(text: str):
    """natasha's tokens of ``text`` (with morphology where a name is) and its spans over them."""
    from .ru_extents import Piece
    from .ru_tokens import tokenize

    ner, morph = _fast()
    subs = tokenize(text)
    words = [t[2] for t in subs]
    spans = ner.spans([words])[0]
    # Morphology only for the names' own tokens: only their base forms read it.
    tags = morph.tag(words, [(i, j) for i, j, _ in spans])
    tokens = [Token(*t, *tags.get(k, (None, None))) for k, t in enumerate(subs)]
    return tokens, [Piece(i, j, typ) for i, j, typ in spans]


def names(text: str, rules=None, pieces_of=raw_pieces) -> list[NamedSpan]:
    """Names in ``text`` with their base forms: natasha's spans, extended as FactRuEval annotates them."""
    from . import ru_extents

    if not text.strip():
        return []
    tokens, pieces = pieces_of(text)
    pieces = ru_extents.apply(tokens, [ru_extents.Piece(p.i, p.j, p.type) for p in pieces],
                              ru_extents.shipped() if rules is None else rules)
    return [NamedSpan(tokens[p.i].start, tokens[p.j - 1].stop, p.type, base=_nominative(p.base or base_of(tokens[p.i : p.j], p.type), p.type))
            for p in pieces]


def _nominative(base: str, etype: str) -> str:
    # The morphology tagger reads "Камалу" before an undeclined surname as a man's dative.
    from ..lang.slavic import feminine_given_name

    fixed = feminine_given_name(base.split()) if etype == "PER" else None
    return " ".join(fixed) if fixed else base


class NatashaTagger:
    """The :class:`~.tagger.Tagger` interface over :func:`names`, for the recogniser.

    ``rules`` (default: the shipped ones) and ``pieces_of`` (default: run
    natasha) are for evaluation, which fits rules per fold and runs natasha
    once per document.
    """

    def __init__(self, rules=None, pieces_of=raw_pieces) -> None:
        self.rules, self.pieces_of = rules, pieces_of

    def tag(self, text: str, hints=None, lang: str | None = None) -> list[NamedSpan]:
        return names(text, self.rules, self.pieces_of)


@lru_cache(maxsize=1)
def default_natasha_tagger() -> NatashaTagger:
    return NatashaTagger()
