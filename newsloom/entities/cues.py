"""Word-level cues the recogniser's rules read: tokens and their case, how common a word is,
calendar words, given names, and the small closed word lists of particular languages."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lang as languages
from ..lang import variants
from ..normalize import WORD_RE, casefold, fold

CASED = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]")


@dataclass
class Token:
    start: int
    end: int
    text: str
    low: str


def word_tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0), casefold(m.group(0))) for m in WORD_RE.finditer(text)]


def is_upper_initial(tok: Token) -> bool:
    return tok.text[:1].isupper()


def is_cased(tok: Token) -> bool:
    return bool(CASED.match(tok.text))


def lowercase_words(toks: list[Token]) -> dict[str, list[str]]:
    """Words written in lower case in a cased script, by their first four letters."""
    out: dict[str, list[str]] = {}
    cased = CASED.match
    for t in toks:
        # is_cased and is_upper_initial inline: this reads every token of a text.
        if len(t.low) >= 4 and cased(t.text) and not t.text[:1].isupper():
            out.setdefault(t.low[:4], []).append(t.low)
    return out


def written_lowercase(span: list[Token], lower: dict[str, list[str]]) -> bool:
    """Whether every word of a capitalised span also occurs in lower case in the text.

    Names keep their capital; common nouns capitalised at a sentence start or
    as a short reference ("Ұйым" for the CSTO, "Төрағалығы") occur lower-case
    elsewhere, in some inflection: two forms are one word when all but their
    last three letters agree ("төрағалығы", "төрағалық"), and four letters at least.
    """
    def seen(w: str) -> bool:
        return any(len(os.path.commonprefix((w, x))) >= max(4, min(len(w), len(x)) - 3) for x in lower.get(w[:4], ()))

    return all(is_cased(t) for t in span) and all(seen(t.low) for t in span)


# Without capital letters, a run of only very frequent words after a title
# ("به عنوان رئیس جمهور قزاقستان تمام تلاش ...") is prose, not a name.
COMMON_NAME_WORD_ZIPF = 5.2


@lru_cache(maxsize=64)
def calendar_words(lang: str) -> frozenset[str]:
    """Weekday and month names of ``lang`` (CLDR), in matching form."""
    from babel import Locale

    try:
        loc = Locale.parse(lang)
    except Exception:  # a language CLDR lacks
        return frozenset()
    words = set()
    for table in (loc.days, loc.months):
        for context in table.values():
            for width in ("wide", "abbreviated"):
                words.update(fold(w) for w in context.get(width, {}).values())
    return frozenset(words)


def is_calendar_word(tok: Token, lang: str) -> bool:
    return any(v in calendar_words(lang) for v in variants(tok.low, lang))


SENTENCE_GAP = re.compile(r"[.!?…:\n«\"“„]")
POSSESSIVE = re.compile(r"['’]s$")
# Nouns that turn a person's name into a place's ("John Street", "Emirates Stadium").
PLACE_NOUNS = frozenset("street road avenue lane square arena stadium park bridge hall airport station "
                         "university college school hospital centre center building tower harbour harbor "
                         "river lake bay beach county valley island port".split())


def title_case(toks: list[Token]) -> bool:
    """Whether most words of a cased field begin with a capital, as English headlines do."""
    words = [t for t in toks if is_cased(t) and len(t.text) > 3]
    return len(words) >= 3 and sum(is_upper_initial(t) for t in words) >= 0.6 * len(words)


def given_name(low: str, given: frozenset[str], conjunction: bool, inflect_lang: str | None = None) -> bool:
    # Arabic script: only the conjunction may be attached, and not to a
    # three-letter name ("ورود", entry, is not "و" + "رود").  Cased scripts:
    # case endings ("Владимира", "Ahmet'in").
    if low in given or (conjunction and low.startswith("و") and len(low) > 4 and low[1:] in given):
        return True
    # Russian feminine names lose their ending in the oblique cases ("Анны" -> "Анн").
    return inflect_lang is not None and any(x in given for v in variants(low, inflect_lang)[1:] if len(v) >= 3 for x in (v, v + "а", v + "я"))


def light_verb_follows(toks: list[Token], k: int, lang: str | None) -> bool:
    """Whether a compound verb's light verb ("کرد") stands at ``k``: the noun before it is no name."""
    verbs = languages.get(lang).light_verbs
    if not verbs:
        return False
    if k < len(toks) and toks[k].low in ("می", "نمی") and k + 1 < len(toks):  # "می‌کند" is two tokens here
        k += 1
    return k < len(toks) and toks[k].low in verbs


# A surname after a given name is rarer than running prose; measured values
# (wordfreq, Persian): "کروبی" 4.0, "رحمانی" 4.0, "خاتمی" 4.5; "گفت" 5.8.
SURNAME_MAX_ZIPF = 4.7

# "حضر" (attended) 4.5; names rarely reach it with "و" attached.
CONJOINED_COMMON_ZIPF = 4.5

# Propagation finds a name's word again without any cue around it, so in a
# script without capitals a word as common as "دولت" (government) or "مجلس"
# (parliament) is not propagated even when a rule once took it for a name.
# Measured on ArmanPersoNER (fa, first 3,000 sentences): 277 propagated
# person mentions, most of them such words.
PROPAGATE_MAX_ZIPF = 4.9


@lru_cache(maxsize=100_000)
def zipf_of(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang if lang in ("ar", "fa", "ur") else "ar")


# A capitalised word after a given name at least this common in its
# language's running text (wordfreq zipf) is as likely a common noun as a
# surname: "Victoria Cross" (5.0), "Paris Fashion Week" (4.8), "Dundee Stars";
# surnames are rarer: "Spieth" 2.9, "Pelosi" 3.4, "Montgomery" 3.9.
SURNAME_AFTER_GIVEN_MAX_ZIPF = 4.0
# wordfreq languages written in Latin script; other Latin-script text is read as English.
_WORDFREQ_LATIN = frozenset({"en", "tr", "de", "fr", "es", "it", "pt", "nl", "pl", "id"})


@lru_cache(maxsize=100_000)
def latin_zipf(word: str, lang: str) -> float:
    """How common a Latin-script word is in ``lang`` (wordfreq zipf), in English where wordfreq lacks the language."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang if lang in _WORDFREQ_LATIN else "en")


@lru_cache(maxsize=8)
def given_names_anywhere(script: str) -> frozenset[str]:
    """Given names of a script: the shipped lists and the first words of the listed politicians' names."""
    from .. import lexicon
    from ..known_people import listed_given_names

    return lexicon.given_names(script) | listed_given_names(script)


def common_word(low: str, lang: str, lowercase: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a capitalised word is a common word of ``lang`` rather than a town's name ("Усі", "Tak").

    A stopword is; so is a word the same text also writes in lower case.
    (Word frequency cannot tell: it folds case, and "Washington" is as
    frequent as many common words.)
    """
    from .. import lexicon

    return low in lexicon.stopwords(lang) or low in lowercase


def all_common(toks: list[Token], lang: str) -> bool:
    return all(zipf_of(t.text, lang) >= COMMON_NAME_WORD_ZIPF for t in toks)
