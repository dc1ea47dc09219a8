"""What Arabic-script languages share: Arabic proclitics, and Persian-style suffixes.

"وروسيا" (and Russia), "لكازاخستان" (for Kazakhstan), "بالعراق" (in Iraq):
conjunctions, prepositions and the article attach to the word, and Persian
and Urdu text writes Arabic names and phrases with them too.  Persian (and
Urdu) add plural and ezafe suffixes to names ("قزاقستانی", "آمریکای").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .inflection import Endings, strip_chain

PROCLITICS = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# The same on folded text (Arabic kaf is keheh there), for the tagger's stem feature.
TAGGER_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "کال", "لل", "ال", "و", "ف", "ب", "ل")
# No "یی" and no "ی" after a consonant: "ایرانی", "آمریکایی" are the
# adjectives (Iranian, American), not the places; "آمریکای" (ezafe) is the place.
SUFFIXES = Endings(["هایی", "های", "ها", "ای", "ی", "ان"])
_VOWEL_LETTERS = "اآو"


# Tanween ("كثيرًا", much; "ضغوطًا", pressures): the indefinite case endings
# of common nouns and adverbs, which names do not take.
_TANWEEN = re.compile("[\u064b-\u064d]")


def indefinite(word: str) -> bool:
    """Whether ``word`` (as written, marks kept) carries tanween, so is no name word."""
    return bool(_TANWEEN.search(word))


def proclitic_stems(word: str) -> list[str]:
    out = []
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            rest = word[len(p):]
            out.append(rest)
            if p.endswith("ل") and p != "ل" and not rest.startswith("ال"):
                out.append("ال" + rest)  # "للرئيس" is "ل" + "الرئيس"
    return out


def suffix_stems(word: str) -> list[str]:
    return [stem for stem in strip_chain(word, SUFFIXES, 3, depth=1)
            if not (word.endswith("ی") and len(stem) == len(word) - 1 and stem[-1] not in _VOWEL_LETTERS)]


def stems(word: str) -> list[str]:
    return proclitic_stems(word) + suffix_stems(word)


# Conjunction and prepositions a name's first word carries ("وهيلاري كلينتون", and Hillary Clinton).
_NAME_PROCLITICS = ("و", "ب", "ل", "ف")


def person_base_words(words: list[str]) -> list[str] | None:
    """A person's name without the clitic on its first word ("وهيلاري" -> "هيلاري").

    The id and name of a new person come from the name, not from "and" + the
    name.  The rest must be a known given name or far commoner than the word
    as written (wordfreq zipf, one more): "وليد" (Walid, 4.3) is no "و" +
    "ليد", "وارن" (Warren) no "و" + "ارن".
    """
    from wordfreq import zipf_frequency

    from .. import lexicon
    from ..normalize import fold

    first = words[0] if words else ""
    if len(first) <= 3 or not first.startswith(_NAME_PROCLITICS):
        return None
    given = lexicon.given_names("Arab")
    if fold(first) in given:
        return None
    bare = first[1:]
    if fold(bare) in given or zipf_frequency(bare, "ar") >= zipf_frequency(first, "ar") + 1:
        return [bare, *words[1:]]
    return None


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Words people bear as surnames, in matching form, lower case: "خاتمی", "بوش", "کلینتون".

    Last words of listed politicians' Arabic-script names and Arabic names
    known abroad (``lexicon.name_words``), less given names ("... محمد"
    ends names too), function words and name particles.
    """
    from .. import lexicon
    from ..known_people import listed_surnames

    not_surnames = lexicon.given_names("Arab") | lexicon.stopwords("ar") | lexicon.stopwords("fa") \
        | {"بن", "ابن", "بنت", "الله"}
    words = {w.casefold() for w in listed_surnames() if len(w) >= 3 and "\u0600" <= w[0] <= "\u06ff"}
    return frozenset((words | lexicon.name_words("Arab")) - not_surnames)
