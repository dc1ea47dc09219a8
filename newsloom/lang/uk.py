"""Ukrainian: Slavic case endings (the Ukrainian ones are in slavic.ENDINGS), Russian names borrowed."""

from __future__ import annotations

from functools import lru_cache

from . import slavic
from .base import Language

# Ukrainian letters written as the Russian ones that sound alike in names, one
# for one, so a Russian reading's ending maps back onto the Ukrainian word.
_AS_RUSSIAN = str.maketrans("іїєґІЇЄҐ", "ииегИИЕГ")
_NAME_TAGS = {"Name", "Surn", "Patr"}
_VOWELS = set("аеєиіїоуюяь'’")
# Before the "-і" of the dative and locative, г, к, х become з, ц, с:
# "Празі", "Гамбурзі" (Прага, Гамбург), "Америці", "Африці" (Америка, Африка).
_SOFTENED = {"зі": "г", "ці": "к", "сі": "х"}


def cyrillic_stems(word: str) -> list[str]:
    """Slavic stems, and the Ukrainian alternations that change a name's stem in the oblique cases.

    A closed last syllable has "і" where the open one has "о" or "е":
    "Києва", "Києві" -> "Київ", "Харкова" -> "Харків", "Львова" -> "Львів";
    "ґ" is "г" in most lists ("Паданґ", "Паданг"); "г" may be an h.
    """
    out = slavic.cyrillic_stems(word)
    for stem in slavic.oblique_stems(word):
        if len(stem) >= 3 and stem[-2] in "оеє" and stem[-1] not in _VOWELS:
            out.append(stem[:-2] + ("ї" if stem[-2] == "є" else "і") + stem[-1])
    end = _SOFTENED.get(word[-2:])
    if end and len(word) >= 5:
        out += [word[:-2] + end, word[:-2] + end + "а"]
    if "ґ" in word:
        out += [w.replace("ґ", "г") for w in [word, *out]]
    if "г" in word:
        # Ukrainian writes an English h as г ("Гарт", Hart; "Гілларі", Hillary),
        # which Russian and the other scripts write х or not at all.
        out += [w.replace("г", "х") for w in [word, *out] if "г" in w]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=50_000)
def _reading(word: str) -> tuple[str, str]:
    """("nom" | "obl" | "fixed" | "?", nominative) of one name word, from the Russian dictionary.

    Foreign names are spelt alike in Ukrainian and Russian ("Біллу Клінтону",
    "Биллу Клинтону") and decline alike, so pymorphy's OpenCorpora
    dictionary (shipped with natasha) reads them; Ukrainian surnames it does
    not know ("Зеленського") come back "?".
    """
    from ..entities.natasha_ru import morph_vocab

    ru = word.translate(_AS_RUSSIAN).lower()
    parses = [p for p in morph_vocab().parse(ru) if _NAME_TAGS & set(str(p.tag).replace(" ", ",").split(","))]
    if not parses:
        return _ukrainian_reading(word)
    if any("Fixd" in str(p.tag) for p in parses[:1]):
        return "fixed", word
    # A plural nominative ("Юлии", the Juliuses) is no reading of one person's name.
    nominative = any(p.tag.case == "nomn" and p.tag.number != "plur" for p in parses)
    oblique = [p for p in parses if p.tag.case != "nomn"]
    if not oblique:
        return "nom", word
    norm = oblique[0].normal_form
    k = 0
    while k < min(len(norm), len(ru)) and norm[k] == ru[k]:
        k += 1
    if k < 2:
        return ("nom" if nominative else "?"), word
    # "Олександра": a woman's name, or a man's in the genitive; the surname decides.
    return ("amb" if nominative else "obl"), word[:k] + norm[k:]


# The adjective surnames' oblique endings, and their nominatives by gender:
# "Зеленського", "Зеленському" -> "Зеленський"; "Зеленської" -> "Зеленська".
_ADJECTIVE_SURNAME = {**{e: "ий" for e in ("ого", "ому", "им", "ім")}, **{e: "а" for e in ("ої", "ій", "ою", "у")}}


def _ukrainian_reading(word: str) -> tuple[str, str]:
    """The reading of a name word the Russian dictionary does not know, from Ukrainian endings.

    An adjective surname ("Зеленського") declines by rule; a given name
    ("Володимира", "Олексієві") is oblique when its stem is a listed given
    name and the word is none itself.
    """
    from .. import lexicon

    low = word.lower()
    for stem in ("ськ", "цьк", "зьк"):
        k = low.rfind(stem)
        if k >= 2 and k + len(stem) < len(low):
            end = low[k + len(stem):]
            if end in ("ий", "а"):
                return "nom", word
            if end in _ADJECTIVE_SURNAME:
                return "obl", word[: k + len(stem)] + _ADJECTIVE_SURNAME[end]
    given = lexicon.given_names("Cyrl")
    for stem in slavic.oblique_stems(low):
        for base in (stem, stem + "й") if stem[-1:] in _VOWELS else (stem,):
            if base in given and base != low:
                # "Олександра" is also a woman's name: the surname decides.
                return ("amb" if low in given else "obl"), word[: len(stem)] + base[len(stem):]
    if low in given:
        return "nom", word
    return "?", word


# A man's surname after his given name in an oblique case, by its ending:
# "Гончаренка", "Гончаренкові" -> "Гончаренко"; "Шмигаля" -> "Шмигаль";
# "Усика", "Усиком" -> "Усик"; "Бойка" -> "Бойко" (a consonant before "-ка").
_SURNAME_OBLIQUE = {"ові": "", "еві": "ь", "єві": "й", "ом": "", "ем": "ь", "єм": "й", "а": "", "у": "", "я": "ь", "ю": "ь"}
_CONSONANTS = frozenset("бвгґджзйклмнпрстфхцчшщ")


def _surname_nominative(word: str) -> str | None:
    low = word.lower()
    for end in sorted(_SURNAME_OBLIQUE, key=len, reverse=True):
        stem = low[: -len(end)]
        if low.endswith(end) and len(stem) >= 3 and stem[-1] in _CONSONANTS:
            if stem[-1] == "к" and stem[-2] in _CONSONANTS:
                return word[: len(stem)] + "о"  # "-енка", "-йка": the "-ко" surnames
            return word[: len(stem)] + _SURNAME_OBLIQUE[end]
    return None


def person_nominative(words: list[str]) -> list[str] | None:
    """The name in the nominative ("Біллу Клінтону" -> "Білл Клінтон"), or None when unsure.

    Given name and surname decline together; where one reads as nominative
    and another as oblique ("Камалу Гарріс": a woman's name whose surname does
    not decline), or a word is unknown, the reading is not trusted.
    """
    readings = [_reading(w) for w in words]
    if len(readings) == 2 and readings[0][0] in ("obl", "amb") and readings[1][0] == "?" and readings[0][1][-1:] in _CONSONANTS:
        # A man's given name in an oblique case: his surname no dictionary knows is in the same case.
        surname = _surname_nominative(words[1])
        if surname:
            readings[1] = ("obl", surname)
    kinds = {k for k, _ in readings} - {"fixed"}
    if "amb" in kinds and len(kinds) == 2:
        kinds = kinds - {"amb"}
        readings = [(k, n if k == "amb" and kinds == {"obl"} else (w if k == "amb" else n)) for (k, n), w in zip(readings, words)]
        readings = [("obl" if k == "amb" and kinds == {"obl"} else k, n) for k, n in readings]
    if kinds != {"obl"}:
        return slavic.feminine_given_name(words)
    return [n for _, n in readings]


# What precedes a quoted name to say what kind of organisation it is.
ORG_NOUNS_BEFORE = frozenset(
    "тов пат ат прат компанія корпорація концерн холдинг банк фонд партія рух об'єднання асоціація спілка "
    "організація агентство видавництво газета журнал телеканал радіо клуб завод фабрика комбінат підприємство".split())

PLACE_BEFORE = frozenset("в у до з із зі біля поблизу під місто міста місті містечко містечка селище селища".split())

LANGUAGE = Language("uk", script="Cyrl", cyrillic=cyrillic_stems, borrows=frozenset({"ru"}),
                    capitalises_first_word_only=True, person_nominative=person_nominative,
                    org_nouns_before=ORG_NOUNS_BEFORE, place_before=PLACE_BEFORE, home_countries=frozenset({"UA"}))
