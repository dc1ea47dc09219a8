"""What Russian, Ukrainian and Belarusian share: case endings that replace a name's last vowel."""

from __future__ import annotations

from .inflection import Endings, strip_chain

ENDINGS = Endings(
    {
        "а", "я", "у", "ю", "ы", "и", "е", "ой", "ей", "ом", "ем", "ём", "ам", "ям", "ах", "ях",
        "ами", "ями", "ию", "ия", "ии", "ие", "ией", "ого", "его", "ому", "ему", "ым", "им",
        "ых", "их", "ую", "юю", "ая", "яя", "ое", "ее", "ую", "ой",
        "у", "ові", "еві", "єві", "ою", "ею", "єю", "ією", "ів", "ій", "ої", "ій", "і", "ї",
    },
)
# Names listed in the nominative end in a vowel the oblique cases replace:
# "Греции", "Грецией" -> "Греция"; "Москвы" -> "Москва"; or in a "й" they
# replace: "Китае", "Китаї", "Китаю" -> "Китай".
NOMINATIVE_ENDS = ("а", "я", "ия", "ь", "й")
_VOWELS = frozenset("аеёиоуыэюяіїє")


# Oblique plural endings, and the nominative plurals of names listed in the
# plural: "Соединенных Штатов", "Сполученими Штатами" -> "Соединенные
# Штаты", "Сполучені Штати"; "Нидерландах" -> "Нидерланды".
PLURAL_ENDINGS = Endings({"ов", "ев", "ів", "ах", "ях", "ам", "ям", "ами", "ями", "ых", "их", "ым", "им", "ыми", "ими"})
PLURAL_NOMINATIVE_ENDS = ("ы", "и", "і", "ые", "ие")


# Adjectives in names decline with them: "Северной Кореи", "Южной Корее",
# "Красного Креста" -> "Северная Корея", "Южная Корея", "Красный Крест".
ADJECTIVE_ENDINGS = Endings({"ой", "ей", "ую", "юю", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем"})
ADJECTIVE_NOMINATIVE_ENDS = ("ая", "яя", "ый", "ий", "ой", "ое", "ее")


def oblique_stems(word: str) -> list[str]:
    return strip_chain(word, ENDINGS, 3, depth=1)


def cyrillic_stems(word: str) -> list[str]:
    stems = oblique_stems(word)
    plural = strip_chain(word, PLURAL_ENDINGS, 3, depth=1)
    adjective = strip_chain(word, ADJECTIVE_ENDINGS, 3, depth=1)
    return list(dict.fromkeys(stems + [s + end for s in stems for end in NOMINATIVE_ENDS if end != "й" or s[-1] in _VOWELS]
                              + [s + end for s in plural for end in PLURAL_NOMINATIVE_ENDS]
                              + [s + end for s in adjective for end in ADJECTIVE_NOMINATIVE_ENDS]))


# A woman's given name in an oblique case, by the ending that replaced its
# "-а" / "-я": "Камалу", "Камалы", "Камалой", "Камалою" (Камала); not the
# dative "-і", which ends foreign given names as well ("Тулсі Габбард"), nor
# "-ей", which ends men's ("Сергей"); and never a listed given name as written.
_FEMININE_OBLIQUE = {"у": "а", "ю": "я", "ы": "а", "ой": "а", "ою": "а", "єю": "я", "ею": "я"}
_HARD_END = frozenset("бвгґдджзклмнпрстфхцчшщ")


def feminine_given_name(words: list[str]) -> list[str] | None:
    """The nominative of a woman's name whose surname does not decline ("Камалу Харрис" -> "Камала Харрис"), or None.

    A man's surname ending in a consonant declines with his given name
    ("Биллу Клинтону"); a woman's does not.  So a given name with a case
    ending before a surname written as in the nominative, ending in a
    consonant, is a woman's, and her name ended in "-а" or "-я".
    """
    if len(words) != 2 or not words[1][-1:].lower() in _HARD_END or len(words[0]) < 4:
        return None
    from .. import lexicon

    low = words[0].lower()
    if low in lexicon.given_names("Cyrl"):
        return None
    for end in sorted(_FEMININE_OBLIQUE, key=len, reverse=True):
        if low.endswith(end) and low[-len(end) - 1] in _HARD_END:
            return [words[0][: -len(end)] + _FEMININE_OBLIQUE[end], words[1]]
    return None
