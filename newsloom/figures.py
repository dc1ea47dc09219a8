"""Numbers in the news: the value, its unit and what it counts.

"1,300 troops" -> 1300, counts "troops"; "164 адам қаза тапты" -> 164, "адам";
"۲۵۰۰ نیرو" -> 2500, "نیرو"; "4-бап" / "Article 4" -> 4, unit "article";
"$2.5 billion" -> 2.5e9 "USD"; "12%" -> 12 "percent".  Digits of every script
are read by their Unicode value; the words for numbers, scales, per cent,
money and articles are data (``data/lexicon/figures.json``).  Numbers that are
part of a date the dates stage found are left to it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from . import lexicon
from .lang import variants
from .model import Article, Figure
from .normalize import fold

# A run of digits with thousand groups (1,300 / 1 300 / ۲٬۵۰۰ / 1.300) and a decimal part.
# Persian copy also groups thousands with the Arabic comma ("360،000").
_NUMBER = r"\d{1,3}(?:(?:[,٬،’'\u00a0\u202f ]|\.(?=\d{3}(?!\d)))\d{3})+(?:[.,٫]\d+)?|\d+(?:[.,٫]\d+)?"
# A clock time is no figure: "7.55am", "07:55-те", "at 10:30".
_TIME_BEFORE = re.compile(r"\d[:：]$")
_TIME_AFTER = re.compile(r"(?:[:：]\d{2}|\s?(?:[ap]\.?m\.?|[ap]m)(?![^\W\d_]))", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’‌][^\W\d_]+)*", re.UNICODE)
_MAX_COUNTED_GAP = 2  # characters between a number (or its unit) and the noun it counts


def _key(word: str) -> str:
    # Turkish "İki" casefolds to "i̇ki" (i + combining dot): the lists hold "iki".
    return word.casefold().replace("\u0307", "")


@cache
def _data(lang: str) -> dict:
    data = lexicon._load("figures.json")
    own, common = data.get(lang or "", {}), data["*"]
    return {
        "numbers": {_key(k): v for k, v in own.get("numbers", {}).items()},
        "scales": {_key(k): v for k, v in own.get("scales", {}).items()},
        "percent": own.get("percent", []) + common["percent"],
        "currency": own.get("currency", {}) | common["currency"],
        "article": own.get("article", {"before": [], "after": []}),
    }


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _pattern(lang: str) -> re.Pattern:
    d = _data(lang)
    words = _alt(d["numbers"]) or "(?!)"
    scales = _alt(d["scales"]) or "(?!)"
    percent = _alt(d["percent"])
    money = _alt(d["currency"])
    art_before = _alt(d["article"]["before"]) or "(?!)"
    art_after = _alt(d["article"]["after"]) or "(?!)"
    return re.compile(
        rf"(?:(?P<art_before>(?<!\w)(?:{art_before}))\s*)?"
        rf"(?:(?P<pre>(?<!\w)(?:{percent}|{money}))\s?)?"
        rf"(?:(?P<num>(?<![\d.,٫٬])(?<![A-Za-zА-Яа-яЁё])(?:{_NUMBER})(?![\d]))|(?P<word>(?<!\w)(?:{words})(?!\w)))"
        # A scale word may carry a case ending ("16 мыңнан", "16 binden").
        rf"(?:\s?(?P<scale>(?:{scales}))(?:(?<=\w\w\w)\w{{0,4}})?(?!\w))?"
        rf"(?P<art_after>(?:{art_after})(?!\w))?"
        rf"(?:\s?(?P<post>(?:{percent}|{money})(?!\w)))?",
        re.IGNORECASE,
    )


@cache
def _anchors(lang: str) -> re.Pattern:
    """What every figure holds: a digit or a number word (a cheap scan before the full pattern)."""
    words = _alt(_data(lang)["numbers"])
    return re.compile(rf"\d|(?<!\w)(?:{words})(?!\w)" if words else r"\d", re.IGNORECASE)


# The full pattern may start this far before its digit or number word ("Article ", "US$ ", "yüzde ").
_LEAD = 24


def _matches(text: str, pattern: re.Pattern, anchors: re.Pattern):
    """``pattern.finditer(text)``, searched only around the anchors: most text holds no number."""
    end = 0
    for a in anchors.finditer(text):
        if a.start() < end:
            continue
        m = pattern.search(text, max(end, a.start() - _LEAD), a.end() + 1)
        m = pattern.search(text, m.start()) if m else None  # the same match, no longer cut at the anchor
        if m and m.start() <= a.start() < m.end():
            yield m
            end = m.end()


def parse_number(s: str) -> float | None:
    """The value of a digit string in any script, with thousand groups and a decimal part."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in s)
    m = re.fullmatch(r"(\d{1,3}(?:[^\d]\d{3})+|\d+)(?:[.,٫](\d+))?", digits)
    if not m:
        return None
    whole = re.sub(r"\D", "", m.group(1))
    return float(whole + ("." + m.group(2) if m.group(2) else ""))


def _clock_word_before(text: str, pos: int, lang: str) -> bool:
    """"сағат 11-де", "saat 11'de": the hour of a clock, not a count."""
    words = lexicon._load("figures.json").get(lang or "", {}).get("clock", [])
    w = re.search(r"([^\W\d_]+)\s+$", text[max(0, pos - 20):pos])
    return bool(w) and w.group(1).casefold() in words


def extract(article: Article) -> list[Figure]:
    lang = article.lang or ""
    d = _data(lang)
    stop = lexicon.stopwords(lang)
    pattern = _pattern(lang)
    out = []
    for fname in ("title", "text"):
        text = article.field(fname)
        dates = [(x.start, x.end) for x in article.dates if x.field == fname]
        for m in _matches(text, pattern, _anchors(lang)):
            s, e = m.span()
            if any(ds <= m.start("num" if m.group("num") else "word") < de for ds, de in dates):
                continue
            if m.group("num") and (_TIME_BEFORE.search(text, max(0, m.start("num") - 3), m.start("num"))
                                   or _TIME_AFTER.match(text, m.end("num")) or _clock_word_before(text, m.start("num"), lang)):
                continue
            if text.rfind("<", 0, s) > text.rfind(">", 0, s):
                continue  # inside markup the copy kept ('<seg id="1">')
            if m.group("num"):
                value = parse_number(m.group("num"))
            else:
                value = d["numbers"].get(_key(m.group("word")))
            if value is None:
                continue
            if m.group("scale"):
                value *= d["scales"].get(_key(m.group("scale")), 1)
            unit = None
            if m.group("art_before") or m.group("art_after"):
                unit = "article"
            for g in ("pre", "post"):
                tok = m.group(g)
                if tok:
                    unit = "percent" if tok in d["percent"] or tok.casefold() in map(str.casefold, d["percent"]) else d["currency"].get(tok, d["currency"].get(tok.casefold()))
            counts = None
            if unit is None:
                w = _WORD.match(text, e + (1 if text[e:e + 1] in " \u00a0" else 0))
                if w and w.start() - e <= _MAX_COUNTED_GAP and w.group(0).casefold() not in stop:
                    counts = w.group(0)
            if m.group("word") and counts is None and unit is None:
                continue  # a bare number word ("two of them") counts nothing we can name
            if m.group("num") and unit is None and counts is None and re.fullmatch(r"\d{4}", m.group("num")) and 1800 <= value <= 2100:
                continue  # a year the dates stage did not need
            out.append(Figure(fname, s, e, text[s:e], float(value), unit, counts))
    return out


# -- what a figure counts, as one concept across languages ---------------------------------

# Words either side of a figure that may say what it counts ("killed 164", "164 адам қаза тапты"):
# the nearest concept word wins, ties to the one after (the counted noun comes first there).
_BEFORE, _AFTER = 3, 5
# A figure's words stay inside its clause: "225 адам қаза тапты, 2 000 адам жарақат алды" are two claims.
_SENTENCE_END = re.compile(r"[.!?؟।;,،]\s|\n")
GENERIC = "people"
_MIN_STEM = 3  # shorter stems ("تن") must be the whole word


@cache
def _concepts(lang: str) -> list[tuple[str, str]]:
    """(folded stem, concept) of the language's counted words, longest stem first."""
    stems = [(fold(s).replace(" ", ""), c) for c, ws in _data_counted(lang).items() for s in ws]
    return sorted(((s, c) for s, c in stems if s), key=lambda sc: -len(sc[0]))


def _data_counted(lang: str) -> dict:
    return lexicon._load("figures.json").get(lang or "", {}).get("counted", {})


@cache
def _not_counted(word: str, lang: str) -> bool:
    stems = [fold(s) for s in lexicon._load("figures.json").get(lang or "", {}).get("not_counted", [])]
    return any(w.startswith(s) if len(s) >= _MIN_STEM else w == s for w in variants(fold(word), lang) for s in stems)


@cache
def _concept_of(word: str, lang: str) -> str | None:
    # The word and its base forms: "وإصابة" is "و" + "إصابة", "қазасы" starts as "қаза".
    for w in variants(fold(word), lang):
        for stem, concept in _concepts(lang):
            if w.startswith(stem) if len(stem) >= _MIN_STEM else w == stem:
                return concept
    return None


def concept(text: str, fig: Figure, lang: str, others: list[Figure] = ()) -> str | None:
    """What ``fig`` counts as a concept shared by every language ("dead", "injured", "troops", ...), or None.

    Looks at the counted noun and the words near the number, within its
    sentence and not past another figure; a concept other than the generic
    "people" beats it ("164 people were killed" counts the dead).
    """
    if not _data_counted(lang):
        return None
    if re.match(r"[-–]\d", text[fig.end:fig.end + 2]) or re.search(r"\d[-–]$", text[max(0, fig.start - 2):fig.start]):
        return None  # a score or a range ("31-27 defeat"): no count of anything
    nxt = _WORD.match(text, fig.end + (1 if text[fig.end:fig.end + 1] in " -–\u00a0" else 0))
    if nxt and nxt.start() - fig.end <= 1 and _not_counted(nxt.group(0), lang):
        return None  # "19-летней", "two weeks", "100 فوت": an age, a duration, a measure
    lo = max([o.end for o in others if o.end <= fig.start] + [0])
    hi = min([o.start for o in others if o.start >= fig.end] + [len(text)])
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, fig.start)]
    lo = max([lo] + ends)
    stop = _SENTENCE_END.search(text, fig.end, hi)
    hi = stop.start() + 1 if stop else hi
    after = [m.group(0) for m in _WORD.finditer(text, fig.end, hi)][:_AFTER]
    before = [m.group(0) for m in _WORD.finditer(text, lo, fig.start)][-_BEFORE:][::-1]
    if fig.counts:
        after = [fig.counts] + [w for w in after if w != fig.counts][: _AFTER - 1]
    best: tuple[int, str] | None = None
    generic = None
    for dist in range(max(len(after), len(before))):
        for words in (after, before):
            c = _concept_of(words[dist], lang) if dist < len(words) else None
            if c == GENERIC:
                generic = generic or c
            elif c and best is None:
                best = (dist, c)
        if best:
            break
    return best[1] if best else generic
