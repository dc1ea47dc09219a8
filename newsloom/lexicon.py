"""Curated multilingual word lists that ship with newsloom (``data/lexicon``).

* ``organizations.json``: international bodies, alliances, agencies, armed
  movements, state bodies, news agencies and companies, with their names and
  acronyms per language (base forms; the recogniser handles inflection);
* ``titles.json``: per language, person titles that stand ``before`` or
  ``after`` a name, plus ``speech_verbs`` (verbs of saying that introduce quotes);
* ``stopwords.json``: per language, the most frequent function words;
* ``country_aliases.json``: short and colloquial country names per language
  ("US", "Britain", "آمریکا") that CLDR and ISO 3166 lack;
* ``name_words.json``: per script, words as common as prose that are names
  known abroad (``train_ner.name_words``);
* ``given_names.json``: per script, words that open person names, learnt
  from open NER corpora by ``evaluation.train_ner.given_names``.

Everything is read once and cached; callers must not mutate what they get.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGS = ("kk", "ru", "ar", "fa", "en", "tr", "ky", "uz", "uk", "az", "tt")


@cache
def _load(name: str):
    path = resources.files("newsloom") / "data" / "lexicon" / name
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def organizations() -> list[dict]:
    """Every organisation: ``{"id", "type", "en", "names": {lang: [...]}, "acronyms": {lang: [...]}}``."""
    return _load("organizations.json")


@cache
def titles(lang: str | None) -> dict[str, list[str]]:
    """``{"before": [...], "after": [...]}`` for ``lang`` (both empty for a language we lack)."""
    data = _load("titles.json").get(lang or "")
    if not isinstance(data, dict):
        return {"before": [], "after": []}
    return {"before": list(data.get("before", [])), "after": list(data.get("after", []))}


@cache
def country_aliases() -> dict[str, dict]:
    """ISO code -> ``{"names": {lang: [...]}, "acronyms": {lang: [...]}}``."""
    return _load("country_aliases.json")["countries"]


@cache
def regions() -> dict[str, dict]:
    """Region id -> ``{"en": English name, "names": {lang: [...]}}``: the world regions CLDR lacks ("Middle East")."""
    return _load("country_aliases.json").get("regions", {})


@cache
def org_heads(lang: str | None) -> frozenset[str]:
    """Nouns that open an organisation's name in ``lang`` ("سازمان", "وزارت"); matching form."""
    from .normalize import fold

    data = _load("titles.json").get(lang or "")
    return frozenset(fold(w) for w in (data.get("org_heads", []) if isinstance(data, dict) else []))


@cache
def speech_verbs(lang: str | None) -> list[str]:
    """Verbs and phrases of saying ("деді", "заявил", "قال", "گفت", "said") for ``lang``."""
    return list(_load("titles.json").get("speech_verbs", {}).get(lang or "", []))


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """Function words of ``lang``, lower-cased.

    The set also holds each word's matching form (``normalize.fold``: Arabic
    letter variants, hamza seats and Persian/Arabic yeh and kaf unified), since
    tokens are compared after that folding.
    """
    from .normalize import fold

    data = _load("stopwords.json").get(lang or "", [])
    words = data.split() if isinstance(data, str) else data
    out: set[str] = set()
    for w in words:
        low = w.casefold()
        out.add(low)
        folded = fold(w)
        if folded and " " not in folded:
            out.add(folded)
    return frozenset(out)


# Faker's person-name lists (name frequencies from censuses and registries)
# per script; its locales for the languages newsloom reads or meets in news.
_FAKER_LOCALES = {
    "Latn": ("en_US", "en_GB", "en_IE", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL",
             "tr_TR", "az_AZ", "uz_UZ", "id_ID"),
    "Cyrl": ("ru_RU", "uk_UA", "bg_BG"),
    "Arab": ("ar_AA", "ar_SA", "ar_PS", "fa_IR"),
}
# Per script and locale language: the language whose very frequent words
# are left out of the given names, and how frequent (wordfreq zipf).  "Will"
# and "May" start English sentences; Arabic names that are Persian words
# would be read in every Persian sentence.
_COMMON_WORD_CHECK = {
    "Latn": {lang: ("en", 5.5) for lang in ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "az", "uz", "id")},
    "Arab": {"ar": ("fa", 4.8)},
}


@cache
def name_words(script: str) -> frozenset[str]:
    """Words as common as prose that are also names known abroad ("ترامب"), matching form (``name_words.json``)."""
    return frozenset(_load("name_words.json").get(script, []))


@cache
def person_words(script: str) -> frozenset[str]:
    """Words of people's names written in ``script`` ("بوتین", "فروید"), matching form (``person_words.json``)."""
    return frozenset(_load("person_words.json").get(script, []))


@cache
def given_names(script: str) -> frozenset[str]:
    """Given names (matching form, lower case) for ``script`` ("Latn", "Cyrl", "Arab").

    The shipped list (``given_names.json``, from open NER corpora) and
    Faker's first names for the script's locales, one-word names only.
    """
    from .startup_cache import cached

    return cached(f"given-names-{script}", lambda: _build_given_names(script))


def _build_given_names(script: str) -> frozenset[str]:
    import importlib

    from wordfreq import zipf_frequency

    from .normalize import fold

    names = set(_load("given_names.json").get(script, []))
    for loc in _FAKER_LOCALES.get(script, ()):
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:  # a locale this Faker release lacks
            continue
        # A name of one language can be a common word of another written
        # alike: Arabic "دليل" (Dalil) is Persian "دلیل" (reason).
        other = _COMMON_WORD_CHECK.get(script, {}).get(loc.split("_")[0])
        for attr in ("first_names", "first_names_male", "first_names_female"):
            for n in getattr(provider, attr, ()):
                if " " in n or len(n) < 3:
                    continue
                n = fold(n)
                if not (other and zipf_frequency(n, other[0]) >= other[1]):
                    names.add(n)
    return frozenset(names)
