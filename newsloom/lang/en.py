"""English: a CRF learnt from silver NTREX English (:mod:`newsloom.evaluation.silver_en`), with features of its own.

Capitals mark names in English, but also every sentence's first word and
titles, months and nationalities; how common a word is in English prose
(wordfreq) and whether people are known to bear it as a given name or a
surname tell the two apart where the silver lines are too few to.  The
possessive ("Biden's") is cut by the lexicon lookups of every Latin-script text.
"""

from __future__ import annotations

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


LANGUAGE = Language("en", borrows=frozenset(), tagger="en", tagger_features=tagger_features)
