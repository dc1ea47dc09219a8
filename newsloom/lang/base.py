"""What a language module declares.

A field a module leaves out has the value of a language newsloom knows
nothing about: Cyrillic words lose Turkic endings, Arabic-script ones Arabic
proclitics and Persian suffixes, Latin ones nothing (but the possessive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import arabic_script, turkic


def no_stems(word: str) -> list[str]:
    return []


@dataclass(frozen=True)
class Language:
    code: str
    # "Cyrl", "Arab" or "Latn": the script the language is written in here.
    script: str = "Latn"
    # Plausible base forms of an inflected word (matching form) in each
    # script, however often wrong: the lexicons decide which exists.
    cyrillic: Callable[[str], list[str]] = turkic.cyrillic_stems
    arabic: Callable[[str], list[str]] = arabic_script.stems
    latin: Callable[[str], list[str]] = no_stems
    # Languages whose names of places and organisations appear in this one's
    # text (Russian forms in the Kazakh press); None: any language's.
    borrows: frozenset[str] | None = None
    # The shipped tagger that serves the language: a CRF (data/ner/<tagger>.crfsuite),
    # or "natasha" (entities/natasha_ru.py).
    tagger: str | None = None
    # The language's own tagger features of a word (as written): what its
    # model may learn beyond the word's letters and shape; None: nothing.
    tagger_features: Callable[[str], tuple[str, ...]] | None = None
    # The language's repair of its model's spans (clean-text spans, the clean
    # text) -> spans, before anything else reads them; None: taken as they are.
    model_spans: Callable[[list, str], list] | None = None
    # Where the model tags, gazetteer places it does not tag are dropped
    # (a strong model: "Қазақстан" inside a title is no mention).
    model_overrules_places: bool = False
    # The title, given-name and organisation-head rules run beside the model.
    rules_beside_model: bool = False
    # Of those, only the title rule ("رئيس وزراء أرمينيا" + the name after it)
    # runs beside the model, for names the model leaves untagged.
    titles_beside_model: bool = False
    # Only the first word of a multi-word name is capitalised ("Белый дом"),
    # so two capitalised words inside a sentence are a person.
    capitalises_first_word_only: bool = False
    # Verbs that follow a noun to make a compound verb ("اعلام کرد").
    light_verbs: frozenset[str] = field(default_factory=frozenset)
    # In a script without capitals, a model's one-word person at least this
    # common in running text (wordfreq zipf) is a word ("آمنة", safe), unless
    # a title stands before it or a listed person bears it; None: no check.
    lone_person_max_zipf: float | None = None
    # Plural endings of common nouns: a lone model person whose word without
    # one is that common is a plural noun ("معاونان", deputies).
    plural_suffixes: tuple[str, ...] = ()
    # A model's person span runs on over the next word when it is surname-like
    # (rarer than prose or a listed surname): the Arabic-script models stop
    # before surnames they never saw ("دونالد ترامب").  Scripts without capitals.
    surname_after_model_name: bool = False
    # A model organisation whose words with the article ("المحكمة العليا",
    # the Supreme Court) are followed by two or more rare words without it
    # holds a person's name after the organisation's: Arabic.
    person_after_definite_org: bool = False
    # Nouns that open an organisation's name when words with the article
    # follow ("وزارة الدفاع", the Ministry of Defence), beside the model; in
    # matching form.
    definite_org_heads: frozenset[str] = field(default_factory=frozenset)
    # Demonstratives ("این", this): a head noun right after one refers back
    # ("این سازمان", this organisation) and opens no name; matching form.
    demonstratives: frozenset[str] = field(default_factory=frozenset)
    # A word (as written in the source) that is never part of a name: model
    # spans lose such words at their edges.
    never_in_name: Callable[[str], bool] | None = None
    # A place named like a weekday or month ("دوشنبه": Monday, Dushanbe) is
    # a place after one of these words ("در دوشنبه", in Dushanbe) unless a
    # word of time follows ("در دوشنبه گذشته", last Monday) or a number does.
    # Nouns that open a place's name and belong to it ("استان لرستان",
    # Lorestan Province; "دریای خزر", the Caspian Sea), in matching form.
    place_heads: frozenset[str] = field(default_factory=frozenset)
    # Whether such a noun is part of the place's name (Persian "استان
    # لرستان"), or stands before it (Arabic "مدينة نور سلطان": the corpora
    # tag the name alone).
    place_head_in_name: bool = True
    # Countries whose towns this language's news names most: their smaller
    # towns' names in its script are kept for its text (gazetteer.HOME_*).
    home_countries: frozenset[str] = field(default_factory=frozenset)
    calendar_place_before: frozenset[str] = field(default_factory=frozenset)
    time_words: frozenset[str] = field(default_factory=frozenset)
    # Prepositions and place nouns after which a lone capitalised word that
    # no list knows may be a town by its transliteration ("у Кройдоні", "місто Палу").
    place_before: frozenset[str] = field(default_factory=frozenset)
    # A word that ends a person's name when a model's span runs on past it
    # (Kazakh genitive); None: spans are taken as they are.
    closes_name: Callable[[str], bool] | None = None
    # Nouns that make a quoted name an organisation's, right after it
    # (Kazakh: "Ақсай" нан зауыты, «Нұр Отан» партиясы) or right before it
    # (Ukrainian: компанія «Нафтогаз»), in matching form; beside a model too.
    org_nouns_after: frozenset[str] = field(default_factory=frozenset)
    org_nouns_before: frozenset[str] = field(default_factory=frozenset)
    # A person's name words -> the same words in the nominative, or None when
    # unsure; for the rules path, where no model gives base forms.
    person_nominative: Callable[[list[str]], list[str] | None] | None = None
    # Whether a word (matching form, lower case) is a noun that ends an
    # organisation's name, in any case ("академиясының", "әкімдігі"): the
    # tagger's features mark how far ahead the next one stands.  None: no such feature.
    org_head: Callable[[str], bool] | None = None
