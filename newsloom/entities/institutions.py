"""State institutions the organisation list lacks: one entity per (country, kind of institution).

Every country has a defence ministry, a security council, a parliament; no
list can hold them all in every language, yet "Қорғаныс министрлігі",
"وزارة الدفاع", "وزارت دفاع" and "Минобороны" of one country are one body.
So an organisation name that is a kind of institution (``data/lexicon/
institutions.json``) plus, at most, a country and a few filler words is read
as (country, kind), with the id ``org:KZ-defence-ministry``.  The country
comes from the name ("شورای امنیت قزاقستان", "Министерство обороны России",
"الكازاخستانية"); a bare name ("مجلس الأمن") takes the article's main country
only when one country clearly dominates the article, and a kind an
international body also has ("Security Council") is that body's when the
article names it.  Anything else in the name ("مجلس الأمن الجماعي",
collective) means another body: no id.  Two countries' institutions never
share one, since the country is part of the id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..lang import variants
from ..normalize import WORD_RE, fold

# A bare name takes the article's main country only when that country is the
# only one named, or is named at least this often and this many times as
# often as any other.
MAIN_COUNTRY_MIN = 2
MAIN_COUNTRY_RATIO = 2.0


@dataclass(frozen=True)
class Institution:
    entity_id: str
    name: str  # English, for display
    country: str | None  # ISO code, or None for an international body's organ
    kind: str


def _words(text: str) -> list[str]:
    return [w.casefold() for w in WORD_RE.findall(fold(text))]


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    from ..lexicon import _load

    data = _load("institutions.json")
    # lang -> list of (kind, phrase words, country the phrase itself says or None), longest phrase first
    phrases: dict[str, list[tuple[str, tuple[str, ...], str | None]]] = {}
    for kind, spec in data["kinds"].items():
        for lang, names in spec["names"].items():
            for name in names:
                if w := tuple(_words(name)):
                    phrases.setdefault(lang, []).append((kind, w, None))
    for country, by_lang in data.get("national_names", {}).items():
        for lang, kinds in by_lang.items():
            for kind, names in kinds.items():
                for name in names:
                    if w := tuple(_words(name)):
                        phrases.setdefault(lang, []).append((kind, w, country))
    for lst in phrases.values():
        lst.sort(key=lambda p: -len(p[1]))
    fillers = {lang: frozenset(_words(" ".join(ws))) for lang, ws in data["fillers"].items()}
    adjectives = {lang: [(fold(a).casefold(), fold(b).casefold()) for a, b in rules] for lang, rules in data["country_adjectives"].items()}
    return {"phrases": phrases, "kinds": data["kinds"], "listed": data["listed"], "owned": data["owned"],
            "fillers": fillers, "adjectives": adjectives}


@lru_cache(maxsize=4096)
def _forms(word: str, lang: str) -> frozenset[str]:
    return frozenset(variants(word, lang))


@lru_cache(maxsize=4096)
def _phrase_forms(word: str, lang: str) -> frozenset[str]:
    # The text's word must stem down to the lexicon's (not share any stem with
    # it: "министрлік", ministry, and "министрі", minister, both stem to
    # "министр").  The lexicon writes nominatives; an ending the stemmer keeps
    # on them ("министерство", whose oblique forms stem to "министерств") goes.
    forms = {word}
    if len(word) >= 6 and word[-1] in "оаяеьйы":
        forms.add(word[:-1])
    return frozenset(forms)


@lru_cache(maxsize=64)
def _by_first_form(lang: str) -> dict[str, list[tuple[str, tuple[str, ...], str | None]]]:
    """Any base form of a phrase's first word -> the phrases, longest first."""
    out: dict[str, list[tuple[str, tuple[str, ...], str | None]]] = {}
    for kind, phrase, country in _lexicon()["phrases"].get(lang, []):
        for f in _phrase_forms(phrase[0], lang):
            out.setdefault(f, []).append((kind, phrase, country))
    return out


def _find_phrase(forms: list[frozenset[str]], lang: str) -> tuple[str, int, int, str | None] | None:
    """(kind, start, end, country the phrase says) of the longest institution phrase among the words' forms.

    A phrase word matches a word that stems down to it: the lexicon has
    "министерство", the text "Министерства" (both "министерств").
    """
    index = _by_first_form(lang)
    best: tuple[int, str, int, int, str | None] | None = None
    for i, here in enumerate(forms):
        for f in here:
            for kind, phrase, country in index.get(f, ()):
                n = len(phrase)
                if (best is None or n > best[0]) and i + n <= len(forms) \
                        and all(_phrase_forms(p, lang) & forms[i + k] for k, p in enumerate(phrase[1:], 1)):
                    best = (n, kind, i, i + n, country)
    return best[1:] if best else None


def phrase_at(words: list[str], i: int, lang: str | None) -> int | None:
    """End of the longest institution phrase of ``lang`` that starts at word ``i`` (casefolded words), or None."""
    lang = lang or "und"
    index = _by_first_form(lang)
    if not index:
        return None
    best = None
    for f in _forms(words[i], lang):
        for _, phrase, _ in index.get(f, ()):
            n = len(phrase)
            if (best is None or i + n > best) and i + n <= len(words) \
                    and all(_phrase_forms(p, lang) & _forms(words[i + k], lang) for k, p in enumerate(phrase[1:], 1)):
                best = i + n
    return best


def fillers(lang: str | None) -> frozenset[str]:
    """Words a name may hold between the kind and the country ("of", "the")."""
    return _lexicon()["fillers"].get(lang or "und", frozenset())


def _country_of_words(words: list[str], lang: str) -> str | None:
    """ISO code of the country these words name (a name or an adjective), else None."""
    from .gazetteer import default_gazetteer

    if not words:
        return None
    gaz = default_gazetteer()
    entry = gaz.lookup(" ".join(words), lang)
    if entry is not None and entry.entity_id.startswith("country:"):
        return entry.entity_id.removeprefix("country:")
    if len(words) != 1:
        return None
    # A country adjective ("российского", "الكازاخستانية", "Kazakh"): rewrite its
    # ending and let the gazetteer say whether a country is then named.
    for form in variants(words[0], lang):
        for ending, repl in _lexicon()["adjectives"].get(lang, ()):
            if form.endswith(ending) and len(form) - len(ending) >= 3:
                entry = gaz.lookup(form[: len(form) - len(ending)] + repl, lang)
                if entry is not None and entry.entity_id.startswith("country:"):
                    return entry.entity_id.removeprefix("country:")
    return None


def _display(entity_id: str, default: str) -> str:
    from .gazetteer import default_gazetteer

    return default_gazetteer().canonical.get(entity_id, (None, default))[1]


def main_country(entity_ids: list[str], home: frozenset[str] = frozenset()) -> str | None:
    """The country an article is about, when one clearly dominates its place mentions (one id per mention).

    Short of that, the language's own country (``Language.home_countries``:
    Kazakh news of Kazakhstan) when it is named as often as any other.
    """
    from .gazetteer import default_gazetteer

    country_of = default_gazetteer().country_of
    counts = Counter(e.removeprefix("country:") if e.startswith("country:") else country_of[e]
                     for e in entity_ids if e.startswith("country:") or e in country_of)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2)
    if not rest or (n >= MAIN_COUNTRY_MIN and n >= MAIN_COUNTRY_RATIO * rest[0][1]):
        return top  # the one country named, or one named far more than any other
    own = [c for c in home if counts[c] == n and n >= MAIN_COUNTRY_MIN]
    return own[0] if len(own) == 1 else None


@lru_cache(maxsize=65_536)
def parse(name: str, lang: str | None) -> tuple[str, str | None] | None:
    """(kind, ISO code of the country the name itself names, or None for a bare name); None when no institution."""
    lang = lang or "und"
    lex = _lexicon()
    words = _words(name)
    if not words or len(words) > 8:
        return None
    languages = [lang] + (["en"] if lang != "en" and all(w.isascii() for w in words) else [])
    for language in languages:
        forms = [_forms(w, language) for w in words]
        found = _find_phrase(forms, language)
        if found is None:
            continue
        kind, i, j, said = found
        fillers = lex["fillers"].get(language, frozenset())
        rest = [w for w in words[:i] + words[j:] if w not in fillers]
        if not rest:
            return kind, said
        country = _country_of_words(rest, language)
        # another word means another body ("مجلس الأمن الجماعي", collective);
        # another country than the name's own, too
        return (kind, country) if country and said in (None, country) else None
    return None


def identify(name: str, lang: str | None, main: str | None = None, named: frozenset[str] = frozenset()) -> Institution | None:
    """The institution ``name`` is, given the article's main country and the organisation ids it names; or None."""
    parsed = parse(name, lang)
    if parsed is None:
        return None
    kind, country = parsed
    lex = _lexicon()
    if country is None:
        owners = {organ for owner, organ in lex["owned"].get(kind, {}).items() if f"org:{owner}" in named}
        if len(owners) == 1:
            organ = owners.pop()
            return Institution(f"org:{organ}", _display(f"org:{organ}", organ), None, kind)
        if owners or main is None or lex["kinds"][kind].get("international"):
            return None
        country = main
    elif lex["kinds"][kind].get("international"):
        return None
    listed = lex["listed"].get(f"{country}-{kind}")
    if listed:
        return Institution(f"org:{listed}", _display(f"org:{listed}", listed), country, kind)
    return Institution(f"org:{country}-{kind}", f"{lex['kinds'][kind]['en']} ({_display(f'country:{country}', country)})", country, kind)
