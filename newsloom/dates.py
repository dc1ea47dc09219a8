"""Dates mentioned in text and the publication date, normalised to ISO 8601.

Works on clean text (digits already ASCII, Arabic letter variants folded).
Month names come from CLDR (babel) for every language, plus what CLDR lacks:
Levantine Arabic month names, the Solar Hijri and lunar Hijri calendars, and
Turkic case endings glued to the month ("қаңтардан", "Ocak'ta").

A month name alone is never a date: it needs a day or a year next to it.  That
rule is what keeps Persian "می" (a verb prefix) and "مه" (fog) from being
read as May; weekday names are never used at all, so "دوشنبه" (also the city
Dushanbe) cannot become a Monday.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .model import DateMention
from .normalize import fold

_LANGS = ("en", "ru", "kk", "ar", "fa", "tr", "uz", "ky", "uk", "az", "tt", "be", "de", "fr", "es")
_TURKIC = {"kk", "ky", "tt", "uz", "az", "tr", "ba", "tk"}

_ARABIC_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
_ARABIC_EXTRA = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
_ARABIC_EXTRA2 = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
_PERSIAN_GREG = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"]
_PERSIAN_GREG_ALT = ["ژانویهٔ", "فبروری", "مارچ", "اپریل", "", "جون", "جولای", "آگوست", "", "", "", ""]
_JALALI = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
_HIJRI = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]
_KAZAKH = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]
# Month names that are also ordinary words or places: only with a day number.
_NEEDS_DAY = {"مه", "مهر", "دی", "تیر", "آب", "صفر", "رجب", "қазан", "мамыр", "май", "mart", "may", "march"}

_YEAR_WORDS = (
    r"жылғы|жылдың|жылы|жыл|ж\.|года|году|год|г\.|гг\.|yılı|yılında|yılının|yil|yilda|yilning|ilində|ili|il|жылы|"
    r"року|рік|р\.|жылда|елда|елның|ел"
)
_YEAR_BEFORE = r"(?:\bв|\bin|\bsince|\bсал|عام|سنة|سال|در سال|منذ عام|\bз|\bу)"
_YEAR_BEFORE_FIRST = "вisсعسدمзу"  # first letters of _YEAR_BEFORE, for a cheap lookahead


@lru_cache(maxsize=1)
def _months() -> dict[str, tuple[int, str]]:
    """Folded month name -> (month number, calendar)."""
    from babel import Locale

    table: dict[str, tuple[int, str]] = {}

    def add(name: str, month: int, cal: str) -> None:
        key = fold(name).strip().rstrip(".")
        if len(key) >= 2 and key not in table:
            table[key] = (month, cal)

    for lang in _LANGS:
        try:
            loc = Locale.parse(lang)
        except Exception:
            continue
        for ctx in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for num, name in loc.months[ctx][width].items():
                    # Short abbreviations of three letters or fewer collide with words.
                    if width == "abbreviated" and len(name.rstrip(".")) <= 3:
                        continue
                    add(name, num, "gregorian")
    for names, cal in ((_ARABIC_LEVANT, "gregorian"), (_ARABIC_EXTRA, "gregorian"), (_ARABIC_EXTRA2, "gregorian"),
                       (_PERSIAN_GREG, "gregorian"), (_PERSIAN_GREG_ALT, "gregorian"), (_KAZAKH, "gregorian"),
                       (_JALALI, "jalali"), (_HIJRI, "hijri")):
        for i, name in enumerate(names, 1):
            if name:
                add(name, i, cal)
    table.pop("می", None)
    return table


@lru_cache(maxsize=1)
def _month_pattern() -> str:
    names = sorted(_months(), key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # A Turkic case ending or an apostrophe+ending may follow the month.
    month = rf"(?P<m>{alt})(?:['’]?[a-zа-яәғқңөұүһіçşğıöü]{{0,6}})?"
    # The lookahead is implied by the alternation; checking one character
    # first spares trying some 240 names at every word, which made the
    # month-first patterns most of the date stage.
    first = "".join(sorted({re.escape(n[0]) for n in names}))
    return rf"(?<![\w])(?=[{first}])(?:{month})(?![\w])"


@lru_cache(maxsize=1)
def _month_scan() -> re.Pattern:
    return re.compile(_month_pattern(), re.I)


# Kinds whose pattern contains a month name, and those that begin with one.
_HAS_MONTH = {"ydm", "dmy", "mdy", "my", "ym"}
_STARTS_WITH_MONTH = {"mdy", "my"}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    month = _month_pattern()
    day = r"(?P<d>[0-3]?\d)(?:-?(?:ші|шы|inci|ıncı|nci|ncı|го|е|th|st|nd|rd|ом|ого|/|\.)?)?"
    year = r"(?P<y>\d{4})"
    return [
        (re.compile(rf"(?<!\d){year}\s*(?:{_YEAR_WORDS})?\s*(?<!\d){day}\s+{month}", re.I), "ydm"),
        (re.compile(rf"(?<![\d.]){day}\s*{month}[\s,]*(?:{year}(?!\d)(?:\s*(?:{_YEAR_WORDS})(?!\w))?)?", re.I), "dmy"),
        (re.compile(rf"{month}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{year}(?!\d)", re.I), "mdy"),
        (re.compile(rf"{month}[\s,]+(?:of\s+)?{year}(?!\d)(?:\s*(?:{_YEAR_WORDS})(?!\w))?", re.I), "my"),
        (re.compile(rf"(?<!\d){year}\s*(?:{_YEAR_WORDS})?\s+{month}", re.I), "ym"),
        (re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<mn>[01]?\d)[./](?P<y>\d{4})(?![\d.]\d)"), "num"),
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?!\d)"), "iso"),
        (re.compile(rf"(?<![\d])(?P<y>\d{{4}})\s*(?:{_YEAR_WORDS})(?![\w])", re.I), "yword"),
        (re.compile(rf"(?=[{_YEAR_BEFORE_FIRST}]){_YEAR_BEFORE}\s+(?P<y>\d{{4}})(?![\d\w])", re.I), "yword"),
    ]


def _to_iso(y: int | None, m: int | None, d: int | None, cal: str) -> str | None:
    if cal in ("jalali", "hijri") and y:
        try:
            gy, gm, gd = (_jalali_to_gregorian if cal == "jalali" else _hijri_to_gregorian)(y, m or 1, d or 1)
        except (ValueError, IndexError, OverflowError):
            return None
        # Month-only and year-only dates stay at that precision.
        y, m, d = gy, (gm if m else None), (gd if d else None)
    if y is None or not 1000 <= y <= 2200:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _jalali_to_gregorian(y: int, m: int, d: int) -> tuple[int, int, int]:
    from convertdate import persian

    return persian.to_gregorian(y, m, d)


def _hijri_to_gregorian(y: int, m: int, d: int) -> tuple[int, int, int]:
    """Lunar Hijri as the news uses it: the Umm al-Qura calendar.

    The arithmetic (tabular) calendar runs a day or two apart from it, so a
    date like 3 Jumada al-Akhirah 1443 came out one day early.  Umm al-Qura
    tables cover 1343-1500 AH (1924-2077); outside them the tabular calendar is
    all there is.
    """
    from hijridate import Hijri

    if 1343 <= y <= 1500:
        g = Hijri(y, m, d).to_gregorian()
        return g.year, g.month, g.day
    from convertdate import islamic

    return islamic.to_gregorian(y, m, d)


def _month_starts(text: str) -> list[int]:
    """Every position where a month name matches, overlapping ones included."""
    scan, out, pos = _month_scan(), [], 0
    while (m := scan.search(text, pos)) is not None:
        out.append(m.start())
        pos = m.start() + 1
    return out


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """What ``pattern.finditer(text)`` yields when its matches can only begin at ``starts``."""
    end = 0
    for q in starts:
        if q >= end and (m := pattern.match(text, q)) is not None:
            end = m.end()
            yield m


def extract_dates(text: str, lang: str | None, field: str = "text", ref: date | None = None) -> list[DateMention]:
    months = _months()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    # Every month pattern needs the month name to match on its own, so one
    # scan for where it does spares five scans of texts without one; the
    # patterns that begin with the month are tried only there.
    month_starts = _month_starts(text)
    for pattern, kind in _patterns():
        if kind in _HAS_MONTH and not month_starts:
            continue
        matches = _matches_at(pattern, text, month_starts) if kind in _STARTS_WITH_MONTH else pattern.finditer(text)
        for m in matches:
            s, e = m.start(), m.end()
            while e > s and text[e - 1] in " ,\t\n":
                e -= 1
            if any(a < e and s < b for a, b in taken):
                continue
            g = m.groupdict()
            y = int(g["y"]) if g.get("y") else None
            d = int(g["d"]) if g.get("d") else None
            cal = "gregorian"
            if g.get("m"):
                key = re.sub(r"\s+", " ", fold(g["m"]))
                if key not in months:
                    continue
                mon, cal = months[key]
                if key in _NEEDS_DAY and d is None:
                    continue
            elif g.get("mn"):
                mon = int(g["mn"])
            else:
                mon = None
            if cal == "gregorian" and y is not None and y < 1600 and lang in ("fa", "ar", None):
                # A year like 1400 next to a Gregorian-looking month is Solar Hijri
                # in Persian text ("مارس" is not ambiguous, but years are).
                cal = "jalali" if lang == "fa" else "hijri"
            if y is None and d is not None and mon is not None:
                if ref is None or cal != "gregorian":
                    continue
                y = ref.year
            if kind == "yword" and not 1800 <= (y or 0) <= 2100 and lang != "fa":
                continue
            if kind == "yword" and lang == "fa" and y and y < 1600:
                cal = "jalali"
            if d is not None and not 1 <= d <= 31:
                continue
            value = _to_iso(y, mon, d, cal)
            if value is None:
                continue
            found.append(DateMention(field, s, e, text[s:e], value, cal))
            taken.append((s, e))
    return sorted(found, key=lambda x: x.start)


_META_KEYS = ("published", "date", "pubDate", "datePublished", "published_at", "time")


def publication_date(title: str, text: str, meta: dict | None = None, lang: str | None = None) -> str | None:
    """From metadata if it parses, else from a short dateline near the top."""
    for key in _META_KEYS:
        raw = (meta or {}).get(key)
        if raw:
            iso = _parse_meta_date(str(raw))
            if iso:
                return iso
    lines = [line for line in text.split("\n") if line.strip()][:5]
    for line in lines:
        if len(line) > 80:
            continue
        for d in extract_dates(fold(line), lang):
            if len(d.value) == 10:
                return d.value
    return None


def _parse_meta_date(raw: str) -> str | None:
    from datetime import datetime

    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        import dateparser

        parsed = dateparser.parse(raw, settings={"STRICT_PARSING": True})
    except Exception:
        parsed = None
    return parsed.date().isoformat() if parsed else None
