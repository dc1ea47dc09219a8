"""Candidate base forms of an inflected word, for dictionary lookups.

Names are stored in their base form; a word in running text may carry case
endings (Kazakh "Қазақстанға", Turkish "Türkiye'de"), Arabic clitics
("وروسيا", "لكازاخستان") or Persian suffixes ("قزاقستانی").  Instead of a
stemmer that must be right, we generate every plausible base and let the
lexicon decide which exists: over-generation is cheap, a wrong cut is not.
"""

from __future__ import annotations

from functools import lru_cache

# Kazakh-family case, possessive and plural endings (Kyrgyz, Tatar, Bashkir,
# Uzbek and Azerbaijani share the mechanism with different vowels).  Ordered
# chains are built by stripping repeatedly.
_TURKIC_CYR = sorted(
    {
        # genitive / accusative / dative / locative / ablative / instrumental
        "ның", "нің", "дың", "дің", "тың", "тің", "нын", "нин", "нун", "нүн",
        "ны", "ні", "ды", "ді", "ты", "ті", "н",
        "ға", "ге", "қа", "ке", "на", "не", "а", "е", "га", "ка", "ә",
        "да", "де", "та", "те", "нда", "нде", "до", "дө", "то", "тө",
        "дан", "ден", "тан", "тен", "нан", "нен", "дон", "дөн", "тон", "төн",
        "мен", "бен", "пен", "менен", "белән", "илә",
        "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
        "ғы", "гі", "қы", "кі",
        # possessive 3rd person and plural
        "ы", "і", "сы", "сі", "у", "ү", "су", "сү", "лар", "лер", "дар", "дер", "тар", "тер",
        "ымыз", "іміз", "мыз", "міз", "ң", "ың", "ің",
        # derived adjectives/nouns that keep a name's stem ("қазақстандық")
        "дық", "дік", "тық", "тік", "лық", "лік",
        "ша", "ше", "ча", "че",
    },
    key=len,
    reverse=True,
)
_TURKIC_LAT = sorted(
    {
        "nin", "nın", "nun", "nün", "in", "ın", "un", "ün", "ning",
        "ni", "nı", "nu", "nü", "i", "ı", "u", "ü", "yi", "yı", "yu", "yü",
        "e", "a", "ye", "ya", "ga", "ge", "ka", "ke", "qa", "na", "ne",
        "de", "da", "te", "ta", "nde", "nda", "dagi", "dagı", "daki", "deki", "taki", "teki",
        "den", "dan", "ten", "tan", "nden", "ndan", "dan", "dən", "də", "da",
        "la", "le", "yla", "yle", "ile", "bilan",
        "lar", "ler", "lari", "leri", "ları",
        "si", "sı", "su", "sü", "sini", "sının", "sinin",
        "li", "lı", "lu", "lü", "lik", "lık", "ning",
    },
    key=len,
    reverse=True,
)
_RUSSIAN_ENDINGS = sorted(
    {
        "а", "я", "у", "ю", "ы", "и", "е", "ой", "ей", "ом", "ем", "ём", "ам", "ям", "ах", "ях",
        "ами", "ями", "ию", "ия", "ии", "ие", "ией", "ого", "его", "ому", "ему", "ым", "им",
        "ых", "их", "ую", "юю", "ая", "яя", "ое", "ее", "ую", "ой",
        "у", "ові", "еві", "ою", "ею", "ів", "ій", "ої", "ій", "і", "ї",
    },
    key=len,
    reverse=True,
)
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# No "یی" and no "ی" after a consonant: "ایرانی", "آمریکایی" are the
# adjectives (Iranian, American), not the places; "آمریکای" (ezafe) is the place.
_PERSIAN_SUFFIXES = ("هایی", "های", "ها", "ای", "ی", "ان")
_VOWEL_LETTERS = "اآو"

_SLAVIC_NOMINATIVE = ("а", "я", "ия", "ь")
_TURKIC_CYR_LANGS = {"kk", "ky", "tt", "ba", "cv", "sah", "tk"}
_TURKIC_LAT_LANGS = {"tr", "az", "uz", "tk", "kk-latn"}
_SLAVIC_LANGS = {"ru", "uk", "be", "bg", "sr", "mk"}


def _strip_chain(word: str, suffixes: list[str], min_stem: int, depth: int = 3) -> list[str]:
    out: list[str] = []
    frontier = [word]
    for _ in range(depth):
        nxt = []
        for w in frontier:
            for suf in suffixes:
                if w.endswith(suf) and len(w) - len(suf) >= min_stem:
                    stem = w[: -len(suf)]
                    if stem not in out:
                        out.append(stem)
                        nxt.append(stem)
        frontier = nxt
        if not frontier:
            break
    return out


@lru_cache(maxsize=300_000)
def variants(word: str, lang: str | None) -> tuple[str, ...]:
    """``word`` (already folded) and its plausible base forms, longest first."""
    forms = [word]
    # A hyphen or apostrophe before an ending is how Kazakh, Turkish and
    # Uzbek attach case to acronyms and foreign names: "ҰҚШҰ-ға", "Türkiye'de".
    for sep in ("-", "'", "’", "ʼ"):
        if sep in word:
            head = word.rsplit(sep, 1)[0]
            if len(head) >= 2:
                forms.append(head)
    script_cyr = any("\u0400" <= c <= "\u04ff" for c in word)
    script_arab = any("\u0600" <= c <= "\u06ff" for c in word)
    if script_cyr:
        if lang in _SLAVIC_LANGS:
            stems = _strip_chain(word, _RUSSIAN_ENDINGS, 3, depth=1)
            # Names listed in the nominative end in a vowel the oblique cases
            # replace: "Греции", "Грецией" -> "Греция"; "Москвы" -> "Москва".
            forms += stems + [s + end for s in stems for end in _SLAVIC_NOMINATIVE]
        else:
            forms += _strip_chain(word, _TURKIC_CYR, 3)
            if lang is None:
                forms += _strip_chain(word, _RUSSIAN_ENDINGS, 3, depth=1)
    elif script_arab:
        for p in _ARABIC_PREFIXES:
            if word.startswith(p) and len(word) - len(p) >= 3:
                rest = word[len(p):]
                forms.append(rest)
                if p.endswith("ل") and p != "ل" and not rest.startswith("ال"):
                    forms.append("ال" + rest)
        if lang != "ar":
            forms += [stem for stem in _strip_chain(word, list(_PERSIAN_SUFFIXES), 3, depth=1)
                      if not (word.endswith("ی") and len(stem) == len(word) - 1 and stem[-1] not in _VOWEL_LETTERS)]
    else:
        if lang in _TURKIC_LAT_LANGS or lang is None:
            forms += _strip_chain(word, _TURKIC_LAT, 3, depth=2)
        if word.endswith("'s") or word.endswith("’s"):
            forms.append(word[:-2])
    seen: dict[str, None] = {}
    for f in forms:
        seen.setdefault(f, None)
    return tuple(seen)
