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
