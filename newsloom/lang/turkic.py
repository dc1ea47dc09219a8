"""What the Turkic languages share: agglutinated case, possessive and plural endings.

Kazakh, Kyrgyz, Tatar, Bashkir, Uzbek, Azerbaijani and Turkish attach the same
kinds of endings with different vowels; a name in running text ("Қазақстанға",
"Türkiye'de") is found by stripping them in chains and letting the lexicon say
which stem exists.
"""

from __future__ import annotations

from .inflection import Endings, strip_chain

# Genitive / accusative / dative / locative / ablative / instrumental,
# possessive 3rd person and plural, derived adjectives that keep a name's stem
# ("қазақстандық").
CYRILLIC_ENDINGS = Endings(
    {
        "ның", "нің", "дың", "дің", "тың", "тің", "нын", "нин", "нун", "нүн",
        "ны", "ні", "ды", "ді", "ты", "ті", "н",
        "ға", "ге", "қа", "ке", "на", "не", "а", "е", "га", "ка", "ә",
        "да", "де", "та", "те", "нда", "нде", "до", "дө", "то", "тө",
        "дан", "ден", "тан", "тен", "нан", "нен", "дон", "дөн", "тон", "төн",
        "мен", "бен", "пен", "менен", "белән", "илә",
        "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
        "ғы", "гі", "қы", "кі",
        "ы", "і", "сы", "сі", "у", "ү", "су", "сү", "лар", "лер", "дар", "дер", "тар", "тер",
        "ымыз", "іміз", "мыз", "міз", "ң", "ың", "ің",
        "дық", "дік", "тық", "тік", "лық", "лік",
        "ша", "ше", "ча", "че",
    },
)
LATIN_ENDINGS = Endings(
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
)
# Surname endings of the region, in Cyrillic and Latin ("Тоқаев", "Назарбаев", "Aliyev", "Qonayev").
SURNAME_ENDINGS_CYR = (
    "ов", "ев", "ёв", "ова", "ева", "ин", "ина", "ский", "ская", "цкий", "цкая",
    "енко", "ук", "юк", "ян", "янц", "дзе", "швили", "ұлы", "қызы", "улы", "кызы", "вич", "вна",
    "уулу", "оглу", "заде", "бек", "бай",
    # Ukrainian writes the soft sign in the adjective surnames ("Зеленський", "Зеленського").
    *(stem + end for stem in ("ськ", "цьк") for end in ("ий", "а", "ого", "ому", "им", "ої", "ій", "ою")),
)
SURNAME_ENDINGS_LAT = ("ov", "ev", "ova", "eva", "yan", "enko", "sky", "ski", "uly", "qyzy", "oglu", "oğlu", "zade",
                       "vich", "shvili", "dze")
# One case ending cut from a person's name ("Тоқаевтың" -> "Тоқаев") for its base form.
PERSON_CASE_ENDINGS = sorted(
    ["тың", "тің", "дың", "дің", "ның", "нің", "ға", "ге", "қа", "ке", "на", "не", "ына", "іне", "да", "де", "та", "те",
     "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен", "ты", "ті", "ды", "ді", "ны", "ні"],
    key=len,
    reverse=True,
)


# The genitive ends a name: in "Бретт Каваноның Жоғарғы Сотқа ..." (Brett
# Kavanaugh's ... to the Supreme Court) the words after it are another
# phrase.  No Kazakh given name ends so; "-на", "-дан" or "-мен" do ("Мадина", "Сүлеймен").
NAME_CLOSING_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің")


def closes_name(word: str) -> bool:
    """Whether a word inside a person span carries the genitive, so the name ends with it."""
    low = word.casefold()
    return any(low.endswith(e) and len(low) - len(e) >= 3 for e in NAME_CLOSING_ENDINGS)


def cyrillic_stems(word: str) -> list[str]:
    return strip_chain(word, CYRILLIC_ENDINGS, 3)


def latin_stems(word: str) -> list[str]:
    return strip_chain(word, LATIN_ENDINGS, 3, depth=2)
