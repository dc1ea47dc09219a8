"""Dates mentioned in text, and the publication date, normalised to ISO 8601.

The recogniser is built around month names: every month-name occurrence is
found with one compiled regex (a trie of all names of the allowed languages),
and a date is accepted only when a day, a year or an explicit "month" word sits
right next to it.  That one rule is what keeps Persian "می" (a verb prefix) and
"مه" (fog), Kazakh "қазан" (cauldron, the city Kazan) and English "may" from
turning into Mays and Octobers.  Weekday names are never used, so "دوشنبه"
(also the city Dushanbe) cannot become a Monday.

Matching runs on a *view* of the input: digits made ASCII, Arabic/Persian
letter variants folded, harakat and zero-width marks dropped, lower-cased.  The
view keeps a map back to the input, so offsets always index the string given,
whether it is raw source text or the pipeline's cleaned text.

Values are always Gregorian; ``calendar`` says what the text was written in.
Solar Hijri and lunar Hijri conversions use ``convertdate`` (the lunar one is
the tabular calendar, so it can be a day or two off the announced one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from .model import DateMention

__all__ = ["extract_dates", "publication_date"]

# --- the view ----------------------------------------------------------------

_TABLE: dict[int, str | None] = {}
for _i, _c in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _TABLE[ord(_c)] = str(_i)
for _i, _c in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _TABLE[ord(_c)] = str(_i)
_TABLE.update({
    # Arabic and Persian keyboards produce different code points for the same
    # letters; month names must meet whichever was typed.
    0x064A: "\u06cc", 0x0649: "\u06cc", 0x0626: "\u06cc",
    0x0643: "\u06a9", 0x0629: "\u0647", 0x06C0: "\u0647",
    0x0623: "\u0627", 0x0625: "\u0627", 0x0622: "\u0627", 0x0671: "\u0627",
    0x0624: "\u0648",
    # ZWNJ joins Persian affixes ("دی‌ماه"); treating it as a space lets the
    # same pattern match "دی ماه" and "دی‌ماه".
    0x200C: " ", 0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x2009: " ", 0x200A: " ",
    0x2018: "'", 0x2019: "'", 0x02BB: "'", 0x02BC: "'", 0x0060: "'", 0x2032: "'",
    0x2013: "-", 0x2014: "-", 0x2012: "-", 0x2212: "-",
    # Turkish dotted/dotless i are folded together so "KASIM"/"Kasım" meet.
    0x0130: "i", 0x0131: "i",
    0x0401: "\u0435", 0x0451: "\u0435",  # ё -> е
    # Latin schwa is typed for Kazakh ә and used by Azerbaijani; one form.
    0x0259: "\u04d9", 0x018F: "\u04d9",
    0x060C: ",",  # Arabic comma
})
_DROP_MARKS = [0x0640, 0x0670, *range(0x064B, 0x0660), *range(0x06D6, 0x06EE)]
_DROP_OTHER = [0x200B, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x061C, 0x00AD]
for _c in _DROP_MARKS + _DROP_OTHER:
    _TABLE[_c] = None
_MARKS = frozenset(_DROP_MARKS)


@dataclass
class _View:
    text: str
    # None when the view is aligned one-to-one with the input (the common case).
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, s: int, e: int) -> tuple[int, int]:
        if self.starts is None:
            return s, e
        return self.starts[s], self.ends[e - 1]


def _view(text: str) -> _View:
    v = text.translate(_TABLE)
    if len(v) == len(text) and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return _View(v.lower())
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]) and ord(text[j]) not in _MARKS:
            j += 1
        unit = text[i:j]
        if len(unit) > 1:
            unit = unicodedata.normalize("NFC", unit)
        for ch in unit:
            if ord(ch) in _MARKS and ends:
                # A dropped vowel mark belongs to the letter before it, so a
                # span ending on that letter keeps its marks.
                ends[-1] = j
                continue
            for c in (ch.translate(_TABLE) or "").lower():
                out.append(c)
                starts.append(i)
                ends.append(j)
        i = j
    return _View("".join(out), starts, ends)


def _fold(s: str) -> str:
    return _view(s).text


def _fold_pattern(p: str) -> str:
    # Regex syntax is ASCII and must not be lower-cased (\S, \Z); only the
    # literal letters outside ASCII need the view's folding.
    return "".join(c if c.isascii() else _fold(c) for c in p)


# --- month tables --------------------------------------------------------------

_CLDR = ("en", "ru", "kk", "ar", "ar_EG", "ar_LB", "ar_IQ", "ar_DZ", "ar_MA", "ar_TN", "fa", "fa_AF",
         "tr", "ky", "uz", "uz_Cyrl", "uk", "tt", "az", "tg")
_TURKIC = {"kk", "ky", "tt", "uz", "az", "tr"}
_LANG_SCRIPT = {"kk": "Cyrl", "ru": "Cyrl", "uk": "Cyrl", "ky": "Cyrl", "tt": "Cyrl", "tg": "Cyrl",
                "en": "Latn", "tr": "Latn", "uz": "Latn", "az": "Latn", "ar": "Arab", "fa": "Arab"}
# Same-script month names a language's text may borrow (Kazakh news quotes
# Russian dates, Kyrgyz and Tatar months are Russian loans).
_GROUP = {"kk": {"kk", "ru"}, "ky": {"ky", "ru"}, "tt": {"tt", "ru"}, "tg": {"tg", "ru"}, "uk": {"uk", "ru"},
          "ru": {"ru"}, "en": {"en"}, "tr": {"tr"}, "uz": {"uz"}, "az": {"az"}, "ar": {"ar"}, "fa": {"fa"}}
_LANG_ALIASES = {"kaz": "kk", "rus": "ru", "ara": "ar", "arb": "ar", "fas": "fa", "per": "fa", "pes": "fa",
                 "prs": "fa", "eng": "en", "tur": "tr", "kir": "ky", "uzb": "uz", "uzn": "uz", "ukr": "uk",
                 "tat": "tt", "aze": "az", "azj": "az", "tgk": "tg"}

_EXTRA: list[tuple[str, str, list[str]]] = [
    # Russian prepositional/dative ("в январе", "к маю") that CLDR does not list.
    ("ru", "gregorian", ["январе|январю", "феврале|февралю", "марте|марту", "апреле|апрелю", "мае|маю",
                         "июне|июню", "июле|июлю", "августе|августу", "сентябре|сентябрю", "октябре|октябрю",
                         "ноябре|ноябрю", "декабре|декабрю"]),
    ("uk", "gregorian", ["січні", "лютому", "березні", "квітні", "травні", "червні", "липні", "серпні",
                         "вересні", "жовтні", "листопаді", "грудні"]),
    # Stems whose last consonant changes before a vowel suffix ("қыркүйегінде").
    ("kk", "gregorian", ["", "", "", "", "", "", "", "", "қыркүйег", "", "", ""]),
    ("tr", "gregorian", ["ocağ", "", "", "", "", "", "", "", "", "", "", "aralığ"]),
    ("uz", "gregorian", ["", "", "", "", "", "", "", "", "sentyabr", "oktyabr", "", ""]),
    ("ky", "gregorian", ["январ", "феврал", "", "апрел", "", "июн", "июл", "", "сентябр", "октябр",
                         "ноябр", "декабр"]),
    ("ar", "gregorian", ["", "", "", "إبريل|ابريل", "", "يونيه", "يوليه", "اغسطس", "", "اكتوبر", "", ""]),
    ("ar", "hijri", ["محرم", "صفر", "ربيع الأول|ربيع الاول", "ربيع الآخر|ربيع الثاني",
                     "جمادى الأولى|جمادى الأول|جمادى الاولى", "جمادى الآخرة|جمادى الثانية|جمادى الآخر",
                     "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة|ذي القعدة", "ذو الحجة|ذي الحجة"]),
    ("fa", "gregorian", ["ژانویه", "فوریه", "مارس", "آوریل", "مه|می", "ژوئن", "ژوئیه|جولای", "اوت|آگوست",
                         "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]),
    ("fa", "jalali", ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد|امرداد", "شهریور", "مهر", "آبان", "آذر",
                      "دی", "بهمن", "اسفند"]),
    ("fa", "hijri", ["محرم", "صفر", "ربیع الاول", "ربیع الثانی", "جمادی الاول|جمادی الاولی",
                     "جمادی الثانی|جمادی الثانیه", "رجب", "شعبان", "رمضان", "شوال", "ذی القعده", "ذی الحجه"]),
]
# Names that are also common words; they need a year, not just a day.
_NEEDS_YEAR = {_fold("می"), _fold("آب")}
# Month stems that form other words with derivational suffixes are excluded by
# the suffix grammar below, not by listing words.


@dataclass(frozen=True)
class _Month:
    month: int
    cal: str
    abbr: bool
    langs: frozenset
    script: str


def _script(s: str) -> str:
    for c in s:
        if "\u0600" <= c <= "\u06ff":
            return "Arab"
        if "\u0400" <= c <= "\u04ff":
            return "Cyrl"
        if c.isalpha():
            return "Latn"
    return "Latn"


def _key(s: str) -> str:
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=1)
def _month_table() -> dict[str, _Month]:
    from babel import Locale

    raw: dict[str, dict] = {}

    def add(name: str, month: int, cal: str, lang: str, abbr: bool) -> None:
        name = _fold(name).strip()
        if not name:
            return
        forms = [name]
        if name.endswith("."):
            forms.append(name[:-1])
        for f in forms:
            rec = raw.setdefault(_key(f), {"name": f, "m": {}, "abbr": True, "langs": set()})
            rec["m"].setdefault((month, cal), 0)
            rec["m"][(month, cal)] += 1
            rec["abbr"] = rec["abbr"] and abbr
            rec["langs"].add(lang)

    for code in _CLDR:
        try:
            loc = Locale.parse(code)
        except Exception:  # pragma: no cover - babel without that locale
            continue
        lang = code.split("_")[0]
        wide = set()
        for ctx in ("format", "stand-alone"):
            for num, name in loc.months[ctx]["wide"].items():
                add(name, num, "gregorian", lang, False)
                wide.add(_fold(name))
        for ctx in ("format", "stand-alone"):
            for num, name in loc.months[ctx]["abbreviated"].items():
                if _fold(name) not in wide:
                    add(name, num, "gregorian", lang, True)
        if lang in _TURKIC or code == "tg":
            # Kyrgyz/Tatar drop the soft sign before suffixes ("январда").
            for num, name in loc.months["stand-alone"]["wide"].items():
                if name.endswith("ь"):
                    add(name[:-1], num, "gregorian", lang, False)
    for lang, cal, names in _EXTRA:
        for num, alts in enumerate(names, 1):
            for name in filter(None, alts.split("|")):
                add(name, num, cal, lang, False)
    add("Sept", 9, "gregorian", "en", True)

    table: dict[str, _Month] = {}
    for k, rec in raw.items():
        # On a clash (same spelling, different month) the most frequent reading wins.
        (month, cal), _ = max(rec["m"].items(), key=lambda kv: kv[1])
        table[k] = _Month(month, cal, rec["abbr"], frozenset(rec["langs"]), _script(rec["name"]))
    return table


# --- regex pieces ----------------------------------------------------------------

_SP = r"[^\S\n]"  # whitespace that does not cross a line
_L = r"[^\W\d_]"  # a letter

# Turkic inflection after a month stem: optional 3rd-person possessive, then
# one case ending.  A grammar instead of "any letters" so that derived words
# ("маусымдық" seasonal, "шілделік", "Қазанғап") are not read as the month.
_T_POSS = r"(?:с?[ыіиуүе]|s?[iuü])"
_T_CASE = "|".join(sorted(set("""
да де дә до дө та те тә то тө нда нде ндә ндо ндө
дан ден дән дон дөн тан тен тән тон төн нан нен нән нон нөн ннан ннән
ға ге гә га го гө қа ке кә ка ко кө на не нә но нө
ның нің нын нин нун нүн дың дің дын дин дун дүн тың тің тын тин тун түн нең
ны ні ну нү ды ді ди ду дү ты ті ти ту тү н мен бен пен менен
дағы дегі тағы тегі дагы деги догу дөгү тагы теги дәге тәге ндағы ндегі ндагы ндеги ндәге
ғы гі қы кі
da de dә ta te tә nda nde ndә dan den dәn tan ten tәn ndan nden ndәn
a e ә ya ye yә ga ka qa gә kә na ne nә in un ün nin nun nün ning n ni nu nü yi yu yü
daki deki taki teki ndaki ndeki dagi dәki gacha
""".split()), key=len, reverse=True))
_T_SFX = rf"'?{_T_POSS}?(?:{_T_CASE})?"

# A word after a month that makes it explicitly a month ("қаңтар айында").
_MONTH_WORD_AFTER = (
    rf"(?:ай(?:лар)?{_T_POSS}?(?:{_T_CASE})?|ае(?:нда|ннан|нә|нең)?|oy(?:i|ida|idan|iga|ining)?"
    r"|ay(?:i|inda|indan|ina|inin|in)?|ماه|месяц[еа]?|місяц[іяю]?)"
)
_MONTH_WORD_BEFORE = r"(?:[وبلف]?شهر|ماه|month\s+of)"

_YEAR_WORD = (
    # Kazakh/Kyrgyz; plural "жылдары" (decades) and "жылдық" (-year-long) are
    # deliberately absent.
    r"жыл(?:ы|ғы|дың|да|дан|ға|ын|ына|ында|ынан|ының|дағы|кы|дын|га|дагы)?|ж\."
    r"|год(?:а|у|ом)?|г\.|г(?![^\W\d_])"
    r"|року|рік|році|р\."
    r"|yil(?:i|da|dan|ga|ning|gi|dagi|ida|idan|iga|ining|inda|inin|ina|indan|indaki)?|y\."
    r"|йил(?:и|да|дан|га|нинг|ги|даги)?"
    r"|(?:ci|cu|cü)?" + _SP + r"*il(?:i|in|dә|dәn|ә|indә|inin|indәn)?"
    r"|ел(?:ның|нең|да|дә|дан|дән|га|гә)"
    r"|'(?:deki|daki|teki|taki|den|dan|ten|tan|de|da|te|ta|ye|ya|nin|nun|nün|in|un|ün|e|a)"
    r"|میلادی|شمسی|خورشیدی|هجری شمسی|هجری قمری|قمری|ميلادي|ميلاديه|للميلاد|هجري|هجريه"
)
_YEAR_TAIL = _YEAR_WORD + r"|م|ه\.ش|ه\.ق|ه|ش|tarihinde|tarihli"
# Ordinal glue between a year and its word: "2002-го года", "2002-ci il".
_YEAR_ORD = r"(?:-?(?:го|м|й|ci|cu|cü|чи|шы|ші|nci|inci))?"

_ORD_DAY = r"(?:-?(?:ші|шы|ci|cu|cü|inci|nci|го|ого|ое|е|th|st|nd|rd))?-?"

_REL_LEFT = {
    "биылғы": "this", "биыл": "this", "осы жылғы": "this", "ағымдағы жылғы": "this", "быйылкы": "this",
    "быйыл": "this", "өткен жылғы": "last", "былтырғы": "last", "былтыр": "last", "өткөн жылдын": "last",
    "өткөн жылы": "last", "келесі жылғы": "next", "келер жылғы": "next", "алдағы жылғы": "next",
    "келесі жылдың": "next", "кийинки жылдын": "next", "bu yilin": "this", "bu yil": "this",
    "geçen yilin": "last", "geçen yil": "last", "gelecek yilin": "next", "gelecek yil": "next",
    "joriy yilning": "this", "joriy yil": "this", "o'tgan yilning": "last", "o'tgan yil": "last",
    "kelgusi yil": "next", "kelasi yil": "next",
}
_REL_RIGHT = {
    "этого года": "this", "текущего года": "this", "сего года": "this", "прошлого года": "last",
    "следующего года": "next", "будущего года": "next", "цього року": "this", "поточного року": "this",
    "минулого року": "last", "наступного року": "next", "الماضي": "past", "المنصرم": "past",
    "الجاري": "this", "الحالي": "this", "المقبل": "future", "القادم": "future", "امسال": "this",
    "سال جاری": "this", "سال گذشته": "last", "سال آینده": "next", "گذشته": "past", "آینده": "future",
    "last year": "last", "this year": "this", "next year": "next",
}


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", _SP + "+") for w in sorted(words, key=len, reverse=True))


def _trie(words: list[str]) -> str:
    """One alternation factored by prefix, so the big month regex stays fast."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = _SP + "*" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return ("(?:" + body + ")?") if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(root)


@dataclass
class _Lang:
    code: str | None
    months: dict[str, _Month]
    month_re: re.Pattern


def _norm_lang(lang: str | None) -> str | None:
    if not lang:
        return None
    base = re.split(r"[-_]", lang.strip().lower())[0]
    return _LANG_ALIASES.get(base, base)


@lru_cache(maxsize=64)
def _lang(lang: str | None) -> _Lang:
    code = _norm_lang(lang)
    table = _month_table()
    script = _LANG_SCRIPT.get(code or "")
    group = _GROUP.get(code or "", set())
    months = {k: m for k, m in table.items()
              if script is None or m.script != script or m.langs & group}
    turkic, persian, plain = [], [], []
    for k, m in months.items():
        name = k if m.script != "Arab" else k  # keys are already folded
        if m.langs & _TURKIC:
            turkic.append(name)
        elif "fa" in m.langs and m.cal != "hijri":
            persian.append(name)
        else:
            plain.append(name)
    # Multi-word names were stored without spaces; put a space-or-nothing slot
    # back where the folded original had one.
    spaced = {_key(n): n for n in _all_names()}
    turkic = [spaced.get(k, k) for k in turkic]
    persian = [spaced.get(k, k) for k in persian]
    plain = [spaced.get(k, k) for k in plain]
    parts = []
    if turkic:
        parts.append(rf"(?P<t>{_trie(turkic)})(?P<ts>{_T_SFX})")
    if persian:
        parts.append(rf"(?P<f>{_trie(persian)})(?P<fs>{_SP}*ماه)?")
    if plain:
        parts.append(rf"(?P<p>{_trie(plain)})")
    rx = rf"(?<!{_L})(?:{'|'.join(parts)})(?!{_L})"
    return _Lang(code, months, re.compile(_fold_pattern(rx)))


@lru_cache(maxsize=1)
def _all_names() -> list[str]:
    from babel import Locale

    names = []
    for code in _CLDR:
        try:
            loc = Locale.parse(code)
        except Exception:  # pragma: no cover
            continue
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names += [_fold(n).strip() for n in loc.months[ctx][width].values()]
    for _, _, lst in _EXTRA:
        for alts in lst:
            names += [_fold(n) for n in alts.split("|") if n]
    return [n for n in names if " " in n]


def _c(p: str, flags: int = 0) -> re.Pattern:
    return re.compile(_fold_pattern(p), flags)


_LEFT_RE = _c(
    rf"(?:(?P<y>(?<![\d.,/:-])\d{{4}}){_YEAR_ORD}{_SP}*-?{_SP}*(?P<yw>{_YEAR_WORD})(?!{_L}){_SP}*,?{_SP}*"
    rf"|(?<!{_L})(?P<rel>{_alt(_REL_LEFT)}){_SP}+)?"
    rf"(?:(?P<d>(?<![\d.,/:])\d{{1,2}}){_ORD_DAY}{_SP}*(?:of{_SP}+)?"
    rf"|(?<!{_L})(?P<mwb>{_MONTH_WORD_BEFORE}){_SP}+)?\Z"
)
_MW_AFTER_RE = _c(rf"{_SP}+(?P<mw>{_MONTH_WORD_AFTER})(?!{_L})")
_RDAY_RE = _c(rf"{_SP}+(?P<d>\d{{1,2}})(?:st|nd|rd|th|-?{_L}{{1,4}})?(?![\d:])(?![.,/]\d)")
_RYEAR_RE = _c(
    rf"{_SP}*,?{_SP}*(?:(?:سال|of){_SP}+)?(?P<y>(?<!\d)\d{{4}})(?!\d)(?!:)(?![.,/-]\d)"
    rf"(?:{_YEAR_ORD}{_SP}*-?{_SP}*(?P<yw>{_YEAR_TAIL})(?!{_L}))?"
)
_REL_RIGHT_RE = _c(rf"{_SP}+(?P<rel>{_alt(_REL_RIGHT)})(?!{_L})")
_SLASH_RE = re.compile(rf"{_SP}*[/(]{_SP}*")
_RANGE_RE = _c(rf"{_SP}*(?:-|–|/)?{_SP}*")
_GENITIVE = re.compile(_fold_pattern(r"(?:н|д|т)?[ыіиуү]?[ңн]|n?[iuü]?n|ning"))
_NUMERIC_DMY = re.compile(r"(?<![\d.,/:-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)(?![.,/-]\d)")
_NUMERIC_YMD = re.compile(r"(?<![\d.,/:-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?!\d)(?![.,/-]\d)")
_BARE_AFTER = _c(rf"(?<![\d.,/:-])(?P<y>\d{{4}}){_YEAR_ORD}{_SP}*-?{_SP}*(?P<yw>{_YEAR_WORD})(?!{_L})")
_BARE_AFTER_EXCLUDE = _c(rf"{_SP}+(?:бұрын|бойы|бойына|бурун|лет|years?|سال)(?!{_L})")
_BARE_BEFORE = _c(
    rf"(?<!{_L})(?P<w>in|since|during|until|till|year|[وبلف]?(?:ال)?عام|[وبلف]?(?:ال)?سنه|للعام|للسنه|منذ|سال|соли)"
    rf"{_SP}+(?P<y>\d{{4}})(?!\d)(?![.,/:-]\d)(?:{_SP}*(?P<yw>{_YEAR_TAIL})(?!{_L}))?"
)
# Words joining two dates of one range ("с 6 по 10 января 2022 года").
_CONNECT = _c(rf"{_SP}*(?:-|–|—|/|,|по|до|и|және|мен|ва|و|تا|to|and|until|till|through|ile|ve|va){_SP}*\Z")

_HIJRI_MARK = {_fold(w) for w in ("ه", "ه.ق", "هجري", "هجريه", "هجری قمری", "قمری")}
_JALALI_MARK = {_fold(w) for w in ("ه.ش", "ش", "شمسی", "خورشیدی", "هجری شمسی")}
_GREG_MARK = {_fold(w) for w in ("م", "میلادی", "ميلادي", "ميلاديه", "للميلاد")}


# --- calendar arithmetic -------------------------------------------------------


def _to_greg(y: int, m: int, d: int, cal: str) -> date | None:
    try:
        if cal == "gregorian":
            return date(y, m, d)
        if cal == "jalali":
            from convertdate import persian

            if not 1 <= m <= 12 or not 1 <= d <= persian.month_length(y, m):
                return None
            return date(*persian.to_gregorian(y, m, d))
        from convertdate import islamic

        if not 1 <= m <= 12 or not 1 <= d <= islamic.month_length(y, m):
            return None
        return date(*islamic.to_gregorian(y, m, d))
    except (ValueError, IndexError, TypeError, OverflowError):
        return None


def _native_year(ref: date, cal: str) -> int:
    if cal == "jalali":
        from convertdate import persian

        return persian.from_gregorian(ref.year, ref.month, ref.day)[0]
    if cal == "hijri":
        from convertdate import islamic

        return islamic.from_gregorian(ref.year, ref.month, ref.day)[0]
    return ref.year


_YEAR_RANGE = {"gregorian": (1000, 2100), "jalali": (1200, 1500), "hijri": (1000, 1600)}


def _valid_year(y: int, cal: str, explicit: bool) -> bool:
    lo, hi = _YEAR_RANGE[cal]
    if cal == "gregorian" and not explicit:
        # A bare 4-digit number next to a month is a year only in the range
        # news writes about; "6 января 1500 человек" is a count.
        lo = 1900
    return lo <= y <= hi


def _resolve(m: int, d: int | None, cal: str, y: int | None, ref: date | None, rel: str | None) -> tuple[str, str] | None:
    """ISO value (Gregorian) for a date of the given precision, or None."""
    if y is None:
        if ref is None:
            return None
        ny = _native_year(ref, cal)
        if rel in ("this", "last", "next"):
            years = [ny + {"this": 0, "last": -1, "next": 1}[rel]]
        else:
            years = [ny - 1, ny, ny + 1]
        cands = [(g, yy) for yy in years if (g := _to_greg(yy, m, d or 15, cal)) is not None]
        if rel == "past":
            cands = [c for c in cands if c[0] <= ref] or cands
        elif rel == "future":
            cands = [c for c in cands if c[0] >= ref] or cands
        if not cands:
            return None
        # The nearest occurrence to the reference date: "28 December" in an
        # article of 5 January is last December, not next.
        g, y = min(cands, key=lambda c: (abs((c[0] - ref).days), c[0] > ref))
    g = _to_greg(y, m, d or 15, cal)
    if g is None:
        return None
    return (g.isoformat(), cal) if d else (g.isoformat()[:7], cal)


def _year_value(y: int, cal: str) -> str | None:
    if cal == "gregorian":
        return f"{y:04d}"
    # A Solar or lunar Hijri year straddles two Gregorian years; name it by the
    # one holding its middle.
    g = _to_greg(y, 7, 1, cal)
    return f"{g.year:04d}" if g else None


# --- the recogniser ---------------------------------------------------------------


@dataclass
class _Cand:
    s: int
    e: int
    value: str
    cal: str
    # For year-less dates waiting for a year from a following date in a range.
    pending: tuple | None = None


def _month_candidates(view: str, L: _Lang, orig: str, vmap: _View, ref: date | None) -> list[_Cand]:
    hits = []
    for mt in L.month_re.finditer(view):
        if mt.group("t") is not None:
            key, sfx, kind = mt.group("t"), mt.group("ts") or "", "t"
        elif mt.group("f") is not None:
            key, sfx, kind = mt.group("f"), mt.group("fs") or "", "f"
        else:
            key, sfx, kind = mt.group("p"), "", "p"
        info = L.months.get(_key(key))
        if info is None:
            continue
        hits.append([mt.start(), mt.end(), _key(key), sfx, info])

    out: list[_Cand] = []
    skip_until = -1
    for i, (ms, me, key, sfx, info) in enumerate(hits):
        if ms < skip_until:
            continue
        # "كانون الثاني/يناير", "6 января (January)": two names of one month.
        if i + 1 < len(hits):
            sl = _SLASH_RE.match(view, me)
            nxt = hits[i + 1]
            if sl and sl.end() == nxt[0] and nxt[4].month == info.month and nxt[4].cal == info.cal:
                me = nxt[1]
                if view[sl.start():sl.end()].strip() == "(" and view[me:me + 1] == ")":
                    me += 1
                sfx = sfx or nxt[3]
                skip_until = nxt[1]

        left = _LEFT_RE.search(view, max(0, ms - 80), ms)
        s = ms
        d = y = None
        rel = None
        explicit = False
        year_word = None
        if left and left.start() < ms:
            if left.group("d"):
                d = int(left.group("d"))
                s = left.start("d")
            elif left.group("mwb"):
                mw = _key(left.group("mwb"))
                # Arabic "شهر" is Persian "city"; Persian "ماه" only before Persian names.
                if (mw.endswith("شهر") and "ar" in info.langs) or (mw == "ماه" and "fa" in info.langs) or mw.startswith("month"):
                    explicit = True
                    s = left.start("mwb")
            if left.group("y"):
                y = int(left.group("y"))
                year_word = left.group("yw")
                s = left.start("y")
            elif left.group("rel"):
                rel = _REL_LEFT.get(re.sub(_SP + "+", " ", left.group("rel")))
                s = left.start("rel")

        e = me
        if sfx.strip().endswith(_fold("ماه")):
            explicit = True
        mwa = _MW_AFTER_RE.match(view, e)
        if mwa and not sfx:
            explicit = True
            e = mwa.end()
        # A day after the month: English "January 6", or after a genitive
        # ("қаңтардың 6-сы", "yanvarın 6-da").
        if d is None and ("en" in info.langs or (sfx and _GENITIVE.fullmatch(sfx.lstrip("'")))):
            rd = _RDAY_RE.match(view, e)
            if rd and _right_day_ok(view, rd, info):
                d = int(rd.group("d"))
                e = rd.end()
        if y is None and not sfx:
            # After an inflected month the phrase is over: "Қазанда 2019 жылы"
            # is "in Kazan in 2019", not October 2019.
            ry = _RYEAR_RE.match(view, e)
            if ry:
                y = int(ry.group("y"))
                year_word = ry.group("yw")
                e = ry.end()
        if y is None and rel is None:
            rr = _REL_RIGHT_RE.match(view, e)
            if rr:
                rel = _REL_RIGHT.get(re.sub(_SP + "+", " ", rr.group("rel")))
                e = rr.end()

        cal = info.cal
        if year_word:
            yw = _key(year_word)
            if yw in _HIJRI_MARK and cal != "hijri" or yw in _JALALI_MARK and cal != "jalali":
                if d is None:
                    continue
        if d is not None and not 1 <= d <= 31:
            d = None
            s = ms if left is None or not left.group("y") else s
        if y is not None and not _valid_year(y, cal, bool(year_word)):
            continue
        if not _enough(key, info, d, y, explicit, orig, vmap, ms, L):
            continue
        if y is None and d is None and not explicit:
            continue
        res = _resolve(info.month, d, cal, y, ref, rel)
        ss, ee = vmap.span(s, e)
        if res is None:
            if y is None and ref is None and cal == "gregorian":
                out.append(_Cand(ss, ee, "", cal, pending=(info.month, d, s)))
            continue
        out.append(_Cand(ss, ee, res[0], res[1]))
    return out


def _right_day_ok(view: str, rd: re.Match, info: _Month) -> bool:
    after = view[rd.end():rd.end() + 12]
    if re.match(r"\s*(?:,?\s*\d{4}|[,.;:)!?]|$)", after):
        return True
    # "On January 6 the council met" yes, "in January 2 people died" no.
    w = re.match(r"\s+([a-z]+)", after)
    return bool(w) and w.group(1) in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(
    "and or to till until through at in on when after before the a an as he she it they we i that this was "
    "were is will for from by with".split()
)


def _enough(key: str, info: _Month, d, y, explicit: bool, orig: str, vmap: _View, ms: int, L: _Lang) -> bool:
    """Whether the context around a month name is enough to call it a date."""
    if info.cal == "hijri" and y is None:
        return False
    if info.abbr and (d is None or y is None):
        return False
    if key in _NEEDS_YEAR and y is None:
        return False
    if key == "may" and (L.code not in ("uz", "az")):
        start = vmap.span(ms, ms + 1)[0]
        if orig[start:start + 1] == "m" and (d is None or y is None):
            return False
    return True


def _numeric_candidates(view: str, L: _Lang, vmap: _View) -> list[_Cand]:
    out = []
    for m in _NUMERIC_DMY.finditer(view):
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if 1900 <= y <= 2100 and (g := _to_greg(y, mo, d, "gregorian")):
            out.append(_Cand(*vmap.span(m.start(), m.end()), g.isoformat(), "gregorian"))
    for m in _NUMERIC_YMD.finditer(view):
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
        cal = "gregorian"
        if 1300 <= y < 1500 and L.code in ("fa", None):
            cal = "jalali"  # "۱۴۰۰/۱۰/۱۶"
        elif not 1900 <= y <= 2100:
            continue
        if g := _to_greg(y, mo, d, cal):
            out.append(_Cand(*vmap.span(m.start(), m.end()), g.isoformat(), cal))
    return out


def _year_candidates(view: str, L: _Lang, vmap: _View) -> list[_Cand]:
    out = []
    for m in _BARE_AFTER.finditer(view):
        yw = _key(m.group("yw"))
        if yw.startswith("ел") and L.code not in ("tt", None):
            continue  # Kazakh "ел" is "country"
        if yw in ("ж.", "y.", "г", "г.", "р.") and not 1900 <= int(m.group("y")) <= 2100:
            continue
        if _BARE_AFTER_EXCLUDE.match(view, m.end()):
            continue  # "2000 жыл бұрын" is a duration
        cal = "gregorian"
        y = int(m.group("y"))
        if yw in _JALALI_MARK:
            cal = "jalali"
        elif yw in _HIJRI_MARK:
            cal = "hijri"
        if not _YEAR_RANGE[cal][0] <= y <= _YEAR_RANGE[cal][1]:
            continue
        if (v := _year_value(y, cal)) is not None:
            out.append(_Cand(*vmap.span(m.start(), m.end()), v, cal))
    for m in _BARE_BEFORE.finditer(view):
        w, y = _key(m.group("w")), int(m.group("y"))
        yw = _key(m.group("yw") or "")
        cal = "gregorian"
        if yw in _HIJRI_MARK:
            cal = "hijri"
        elif yw in _JALALI_MARK or (w == "سال" and 1200 <= y < 1500 and yw not in _GREG_MARK):
            cal = "jalali"
        lo, hi = _YEAR_RANGE[cal]
        if w.isascii():
            lo = 1900  # "in 1500 homes"
        if not lo <= y <= hi:
            continue
        e = m.end() if m.group("yw") else m.end("y")
        if (v := _year_value(y, cal)) is not None:
            out.append(_Cand(*vmap.span(m.start(), e), v, cal))
    return out


def extract_dates(text: str, lang: str | None, field: str = "text", ref: date | None = None) -> list[DateMention]:
    """Dates mentioned in ``text``; offsets index ``text`` itself.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` in the Gregorian
    calendar.  A day and month without a year take the occurrence nearest to
    ``ref``; without ``ref`` they are left out (unless a range supplies the
    year: "с 6 по 10 января 2022 года").
    """
    if not text:
        return []
    if isinstance(ref, datetime):
        ref = ref.date()
    L = _lang(lang)
    vmap = _view(text)
    view = vmap.text
    cands = _month_candidates(view, L, text, vmap, ref)
    has_digit = any(c.isdigit() for c in view)
    if has_digit:
        cands += _numeric_candidates(view, L, vmap)
        cands += _year_candidates(view, L, vmap)
    _fill_ranges(cands, text)

    chosen: list[_Cand] = []
    for c in sorted((c for c in cands if c.value), key=lambda c: (-len(c.value), -(c.e - c.s), c.s)):
        if all(c.e <= o.s or o.e <= c.s for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.s)
    return [DateMention(field, c.s, c.e, text[c.s:c.e], c.value, c.cal) for c in chosen]


def _fill_ranges(cands: list[_Cand], text: str) -> None:
    full = sorted((c for c in cands if len(c.value) == 10), key=lambda c: c.s)
    for c in cands:
        if c.pending is None:
            continue
        month, d, _ = c.pending
        nxt = next((f for f in full if f.s >= c.e), None)
        if nxt is None or nxt.s - c.e > 12:
            continue
        if not _CONNECT.search(_fold(text[c.e:nxt.s])):
            continue
        y = int(nxt.value[:4])
        if month > int(nxt.value[5:7]):
            y -= 1  # "25 декабря – 3 января 2022"
        res = _resolve(month, d, "gregorian", y, None, None)
        if res:
            c.value = res[0]
        c.pending = None


# --- publication date --------------------------------------------------------------

_META_KEYS = (
    "published", "published_at", "publishedat", "published_time", "article:published_time",
    "og:published_time", "datepublished", "date_published", "pubdate", "pub_date", "publish_date",
    "publication_date", "date", "dc.date", "dc.date.issued", "datecreated", "created", "created_at",
    "time", "timestamp", "datetime",
)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


def _parse_meta(raw, lang: str | None) -> str | None:
    if isinstance(raw, datetime):
        return raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        ts = float(raw) / (1000 if raw > 1e11 else 1)
        try:
            return datetime.fromtimestamp(ts, tz=timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(raw).strip()
    if not s:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return date.fromisoformat(s).isoformat()
        except ValueError:
            return None
    try:
        dt = datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s)
        return dt.isoformat()
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for d in extract_dates(s, lang):
        if len(d.value) == 10:
            return d.value
    try:
        import dateparser

        kw = {"languages": [_norm_lang(lang)]} if _norm_lang(lang) in _LANG_SCRIPT else {}
        parsed = dateparser.parse(s, settings={"STRICT_PARSING": True}, **kw)
    except Exception:
        parsed = None
    if parsed is None:
        return None
    return parsed.isoformat() if _TIME.search(s) else parsed.date().isoformat()


@lru_cache(maxsize=1)
def _weekday_re() -> re.Pattern:
    from babel import Locale

    words = set()
    for code in _CLDR:
        try:
            loc = Locale.parse(code)
        except Exception:  # pragma: no cover
            continue
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                words |= {_fold(w).rstrip(".") for w in loc.days[ctx][width].values()}
    words = {w for w in words if len(w) > 1}
    return re.compile(rf"(?<!{_L})(?:{_alt(words)})\.?(?!{_L})")


_DATELINE_NOISE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|ص|م|gmt|utc|msk)?|[\d\W_]+", re.IGNORECASE
)
_LEAD_SEP = re.compile(r"\s*(?:[-|/(,:]|$|\d{1,2}:\d{2})")
_SHORT_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])")


def _dateline_value(line: str, lang: str | None) -> str | None:
    for d in extract_dates(line, lang):
        if len(d.value) != 10:
            continue
        rest = _fold(line[:d.start] + " " + line[d.end:])
        rest = _weekday_re().sub(" ", rest)
        words = _DATELINE_NOISE.sub(" ", rest).split()
        # A dateline: the date with little else (weekday, time, site name,
        # "Published:").
        if len(words) <= 4 and sum(map(len, words)) <= 40:
            return d.value
        # A wire-style lead: "ALMATY, 6 January 2022 (Reuters) - ..."
        before = _DATELINE_NOISE.sub(" ", _weekday_re().sub(" ", _fold(line[:d.start]))).split()
        if d.start <= 60 and len(before) <= 3 and _LEAD_SEP.match(line, d.end):
            return d.value
    m = _SHORT_DMY.search(line)
    if m and len(_DATELINE_NOISE.sub(" ", _weekday_re().sub(" ", _fold(line))).split()) <= 4:
        g = _to_greg(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)), "gregorian")
        if g:
            return g.isoformat()
    return None


def publication_date(title: str, text: str, meta: dict | None = None, lang: str | None = None) -> str | None:
    """When the article was published: metadata first, else a dateline near the top.

    Returns ``YYYY-MM-DD``, or a full ISO datetime when the metadata had a time.
    Dates in the body are mentions, not the publication date, so only the
    first few non-empty lines of ``text`` are looked at.
    """
    if meta:
        lowered = {str(k).lower(): v for k, v in meta.items()}
        for key in _META_KEYS:
            raw = lowered.get(key)
            if raw in (None, ""):
                continue
            iso = _parse_meta(raw, lang)
            if iso and 1900 <= int(iso[:4]) <= 2100:
                return iso
    seen = 0
    for line in (text or "")[:2000].split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > 6:
            break
        value = _dateline_value(line.strip(), lang)
        if value:
            return value
    return None
