"""English: a CRF learnt from silver NTREX English (:mod:`newsloom.evaluation.silver_en`), with features of its own.

Capitals mark names in English, but also every sentence's first word and
titles, months and nationalities; how common a word is in English prose
(wordfreq) and whether people are known to bear it as a given name or a
surname tell the two apart where the silver lines are too few to.  The
possessive ("Biden's") is cut by the lexicon lookups of every Latin-script text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .base import Language


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], frozenset[str]]:
    from .. import lexicon
    from ..known_people import listed_surnames

    surnames = frozenset(w.casefold() for w in listed_surnames() if w.isascii())
    return lexicon.given_names("Latn"), surnames


def tagger_features(word: str) -> tuple[str, ...]:
    from wordfreq import zipf_frequency

    from ..normalize import fold

    low = fold(word).casefold()
    if low.endswith(("'s", "’s")):
        low = low[:-2]
    if not low.isalpha():
        return ()
    given, surnames = _names()
    out = ["ez=%d" % int(zipf_frequency(low, "en"))]
    if low in given:
        out.append("egn")
    if low in surnames:
        out.append("esn")
    return tuple(out)


# A surname with an Arabic particle ("Walid al-Moualem") opens in lower case,
# so the model, which reads capitals, stops before it.
_PARTICLE_SURNAME = re.compile(r"[ \t]+(?:al|el|ad|an|ar|as|ash|at|az|ul|ibn|bin|abu)-[A-Z][\w'’-]*")
_FRENCH_OF = re.compile(r"[ \t]+[dl]['’][A-ZÀ-Ý]")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_POSSESSIVE = re.compile(r"['’]s?$")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*\.?")
@lru_cache(maxsize=1)
def _place_last() -> frozenset[str]:
    from ..entities.cues import PLACE_NOUNS

    # Nouns that end the names of places in English beside the shared ones ("Qinghai Province", "Roa Roa Hotel").
    return PLACE_NOUNS | frozenset("province plaza hotel prison city town village district region state".split())


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    from .. import lexicon

    return frozenset(t.casefold().rstrip(".") for t in lexicon.titles("en").get("before", []) if " " not in t)


def model_spans(spans: list, text: str) -> list:
    """The model's persons without a title before them or a thing after a possessive, with their particle surname.

    A function word opening it ("While Livi") is dropped too; a person whose
    last word is a place noun is the place ("John Street", "Qinghai Province").
    """
    from .. import lexicon
    from ..entities.tagger import Span

    _, surnames = _names()
    stop = lexicon.stopwords("en")
    # Words of the persons named with two words or more ("Cristiano Ronaldo"):
    # news name a person in full before the surname alone.
    named = {_POSSESSIVE.sub("", w).casefold() for sp in spans if sp.type == "PER"
             for ws in [_WORD.findall(text[sp.start:sp.end])] if len(ws) >= 2 for w in ws}
    out = []
    for sp in spans:
        if sp.type != "PER":
            out.append(sp)
            continue
        words = [(sp.start + m.start(), sp.start + m.end(), m.group(0)) for m in _WORD.finditer(text[sp.start:sp.end])]
        if not words or _FRENCH_OF.match(text, sp.end):
            continue  # "Ballon d'Or", "Côte d'Ivoire": a thing or a place
        particle = _PARTICLE_SURNAME.match(text, words[-1][1])
        if len(words) == 1 and not particle:
            # A lone capitalised word the article never gives as part of a
            # full name, no title before, no listed person bearing it, is as
            # often a nationality, a place or a brand ("Welsh", "Guizhou", "Aldi").
            low = _POSSESSIVE.sub("", words[0][2]).casefold()
            before = _WORD.findall(text[max(0, sp.start - 24) : sp.start])
            if low not in named and low not in surnames and not (before and before[-1].casefold().rstrip(".") in _titles()):
                continue
        # "Gwyneth Paltrow's Goop": the possessive closes the person's name.
        cut = next((k for k, w in enumerate(words[:-1]) if w[2].endswith(("'s", "’s"))), None)
        if cut is not None:
            words = words[: cut + 1]
        while len(words) >= 2:
            low = words[0][2].casefold().rstrip(".")
            if low in _titles() or low in stop:
                words = words[1:]
            else:
                break
        start, end = words[0][0], words[-1][1]
        if particle and end == sp.end:
            end = particle.end()
        typ = "LOC" if words[-1][2].casefold() in _place_last() and len(words) >= 2 else "PER"
        after = _NEXT_WORD.match(text, end)
        if after and after.group(1).casefold() in _place_last():
            # "Clark County District Court": the model stopped before the place noun.
            end, typ = after.end(), "LOC"
        out.append(Span(start, end, typ))
    return out


LANGUAGE = Language("en", borrows=frozenset(), tagger="en", tagger_features=tagger_features,
                    model_spans=model_spans)
