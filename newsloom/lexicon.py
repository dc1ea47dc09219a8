"""Curated multilingual word lists that ship with newsloom (``data/lexicon``).

* ``organizations.json``: international bodies, alliances, agencies, armed
  movements, state bodies, news agencies and companies, with their names and
  acronyms per language (base forms; the recogniser handles inflection);
* ``titles.json``: per language, person titles that stand ``before`` or
  ``after`` a name, plus ``speech_verbs`` (verbs of saying that introduce quotes);
* ``stopwords.json``: per language, the most frequent function words;
* ``country_aliases.json``: short and colloquial country names per language
  ("US", "Britain", "آمریکا") that CLDR and ISO 3166 lack;
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


@cache
def given_names(script: str) -> frozenset[str]:
    """Given names (matching form, lower case) for ``script`` ("Arab"); empty where none ship."""
    return frozenset(_load("given_names.json").get(script, []))
