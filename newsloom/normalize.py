"""Text normalisation that keeps a map back to the original characters.

Every later stage works on :class:`CleanText` and reports spans in clean
coordinates; :meth:`CleanText.span` turns them back into offsets of the original
string, which is what the output contract promises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Letter variants that differ between Arabic and Persian typing (and between
# keyboards) but never distinguish two names.  Folding them lets "توقاييف" and
# "توقاییف" meet.  The fold goes towards the Persian forms only for yeh/kaf; it
# is a matching form, never shown to users.
_CHAR_FOLD = {
    "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
    "\u0649": "\u06cc",  # alef maksura -> yeh
    "\u0643": "\u06a9",  # Arabic kaf -> keheh
    "\u0629": "\u0647",  # teh marbuta -> heh
    "\u06c0": "\u0647",  # heh with yeh above
    "\u0623": "\u0627",  # alef with hamza above
    "\u0625": "\u0627",  # alef with hamza below
    "\u0622": "\u0627",  # alef with madda
    "\u0671": "\u0627",  # alef wasla
    "\u0624": "\u0648",  # waw with hamza
    "\u0626": "\u06cc",  # yeh with hamza
    "\u200c": " ",  # ZWNJ: Persian writes affixes with it; split them off
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    # Latin schwa and other look-alikes typed into Kazakh text.
    "\u0259": "\u04d9",
    "\u018f": "\u04d8",
    "\u04a5": "\u04a3",  # ӊ (Khakas/old) -> ң
    "\u04a4": "\u04a2",
    "\u0138": "\u049b",  # kra sometimes used for қ
}
_DROP = set(
    "\u0640"  # tatweel
    "\u200b\u200d\u200e\u200f\u2060\ufeff"  # zero-width and direction marks
)
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})

# Latin letters that look like Cyrillic ones; mixed into a Cyrillic word they
# are almost always typing accidents (common in Kazakh sites that lack fonts).
_LATIN_TO_CYR = str.maketrans("aceopxyiACEHKMOPTXBI", "асеорхуіАСЕНКМОРТХВІ")
_CYR_WORD_WITH_LATIN = re.compile(r"\w*[\u0400-\u04ff]\w*")


@dataclass
class CleanText:
    """A normalised string with, per character, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]
    original_length: int
    removed_lines: list[tuple[int, int, str]] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the clean span [start, end)."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else self.original_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _fold_char(ch: str) -> str:
    if ch in _DROP or _ARABIC_MARKS.match(ch):
        return ""
    ch = _CHAR_FOLD.get(ch, ch)
    return ch.translate(_DIGITS)


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern, re.Pattern]:
    """Character classes for the fast paths, built once from the Unicode tables.

    ``plain``: runs of characters that :func:`clean` copies one for one (no
    fold, no drop, not combining, so each is a unit of its own).
    ``latinish``: characters whose lower case sorts between "a" and "z", the
    test the Cyrillic repair has always used (it includes "İ" and the Kelvin sign).
    """
    from .startup_cache import cached

    plain, latinish = cached("char-classes", _char_classes)
    return re.compile(plain), re.compile(latinish)


def _char_classes() -> tuple[str, str]:
    # A walk over all of Unicode: about a second and a half.
    special = set(_CHAR_FOLD) | _DROP | {chr(c) for c in _DIGITS}
    latinish = []
    for cp in range(0x110000):
        c = chr(cp)
        if unicodedata.combining(c) or _ARABIC_MARKS.match(c):
            special.add(c)
        if "a" <= c.lower() <= "z":
            latinish.append(c)
    return f"[^{_char_class(special)}]+", f"[{_char_class(latinish)}]"


def _char_class(chars) -> str:
    """The body of a regex character class holding exactly ``chars``."""
    cps = sorted(map(ord, chars))
    parts, k = [], 0
    while k < len(cps):
        m = k
        while m + 1 < len(cps) and cps[m + 1] == cps[m] + 1:
            m += 1
        lo, hi = chr(cps[k]), chr(cps[m])
        parts.append(re.escape(lo) if k == m else f"{re.escape(lo)}-{re.escape(hi)}")
        k = m + 1
    return "".join(parts)


def clean(original: str, boilerplate: list[tuple[int, int, str]] | None = None) -> CleanText:
    """Normalise ``original``; character ranges in ``boilerplate`` are left out.

    Each grapheme (a base character and its combining marks) is NFC-normalised
    as a unit, so composed output characters still map to whole original spans.
    """
    plain, latinish = _tables()
    skip = sorted(boilerplate or [])
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n, k = 0, len(original), 0
    while i < n:
        while k < len(skip) and skip[k][1] <= i:
            k += 1
        if k < len(skip) and skip[k][0] <= i < skip[k][1]:
            # Keep a line break where a boilerplate line was so that the text on
            # either side does not fuse into one sentence.
            out.append("\n")
            starts.append(i)
            ends.append(skip[k][1])
            i = skip[k][1]
            continue
        # Fast path, for nearly all text: a run that comes out as it went in.
        # A run that is NFC as a whole is NFC character by character, and its
        # last character is left to the unit loop when a combining mark follows.
        limit = skip[k][0] if k < len(skip) else n
        m = plain.match(original, i, limit)
        if m:
            j = m.end()
            if j < n and unicodedata.combining(original[j]) and not _ARABIC_MARKS.match(original[j]):
                j -= 1
            if j > i and unicodedata.is_normalized("NFC", original[i:j]):
                out.append(original[i:j])
                starts.extend(range(i, j))
                ends.extend(range(i + 1, j + 1))
                i = j
                continue
        j = i + 1
        while j < n and unicodedata.combining(original[j]) and not _ARABIC_MARKS.match(original[j]):
            j += 1
        unit = original[i:j]
        unit = unicodedata.normalize("NFC", unit) if len(unit) > 1 or ord(unit) > 0x7F else unit
        for ch in unit:
            folded = _fold_char(ch)
            for c in folded:
                out.append(c)
                starts.append(i)
                ends.append(j)
        i = j
    text = "".join(out)
    if latinish.search(text) and _has_cyrillic(text):
        text = _CYR_WORD_WITH_LATIN.sub(_fix_mixed_word, text)
    return CleanText(text, starts, ends, n, list(skip))


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def _fix_mixed_word(m: re.Match[str]) -> str:
    word = m.group(0)
    cyr = sum("\u0400" <= c <= "\u04ff" for c in word)
    # Only repair words that are mostly Cyrillic; "iPhone-ы" stays as it is.
    if cyr * 2 > len(word):
        return word.translate(_LATIN_TO_CYR)
    return word


_FOLD_TABLE = {ord(k): v for k, v in _CHAR_FOLD.items()}
_FOLD_TABLE.update({ord(c): None for c in _DROP})
_FOLD_TABLE.update(_DIGITS)


def fold(text: str) -> str:
    """Matching form of a short string (a name): what :func:`clean` gives, case-folded.

    No offsets are needed here, so it takes the fast path over whole strings.
    """
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text)).translate(_FOLD_TABLE)
    if _has_cyrillic(text) and _tables()[1].search(text):
        text = _CYR_WORD_WITH_LATIN.sub(_fix_mixed_word, text)
    return casefold(text)


def casefold(text: str) -> str:
    """``str.casefold`` without the dot that Turkish "İ" leaves ("i̇"), which would split the word."""
    return text.casefold().replace("\u0307", "")


# --- boilerplate -------------------------------------------------------------

# Line-level patterns for what news sites wrap around articles.  They are
# removed from analysis only; the stored original keeps them.
_BOILERPLATE = [
    r"^(фото|photo|фото:|сурет|суретте|عکس|صورة|الصورة|fotoğraf|foto|rasm)\b.{0,80}$",
    r"^(صورة أرشيفية|عکس از|عکس:|фото из архива|архивное фото|file photo)\W*$",
    r"^\d[\d\s.,]*\s*(/\s*)?(оқылды|просмотр\w*|views?|бет қаралды|بازدید|مشاهدة|مشاهدات|görüntülenme|okundu)\W*$",
    r"^(оқылды|просмотров|views|بازدید|مشاهدة)\W*$",
    # Unanchored: a leading ".{0,60}" would change nothing for search() but
    # made it retry 60 lengths at every position, most of annotate's time.
    r"(youtube|telegram|instagram|facebook|tiktok|whatsapp|вконтакте|twitter).{0,40}"
    r"(жазылыңыз|подпис\w+|subscribe|اشترك|عضو شوید|بپیوندید|abone olun|obuna bo)\W*.{0,40}$",
    r"^.{0,80}(жазылыңыз|подписывайтесь|subscribe to our|اشترك في|abone olun)\W*$",
    r"^(اقرأ أيضا|اقرأ أيضًا|اقرأ ايضا|اقرا أيضا|بیشتر بخوانید|بخوانید|читайте также|читайте тоже|оқи отырыңыз|толығырақ|read also|read more|see also|also read|ayrıca okuyun)\b.*$",
    r"^(مشاركة|شارك|الكلمات الدالة|الكلمات المفتاحية|كلمات دالة|برچسب ها|برچسب‌ها|کلیدواژه|انتهای پیام|поделиться|теги|тегтер|бөлісу|кілт сөздер|share|tags|keywords|etiketler|paylaş)\W*[:：]?.{0,120}$",
    r"^(©|copyright|\(c\)).{0,120}$",
    r"^(источник|дереккөз|source|منبع|المصدر|kaynak)\s*[:：].{0,100}$",
]
# One alternation would be tried at every position of a line, ^ or not;
# anchored patterns go through match() once, the rest through search().
_BOILERPLATE_START = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE if p.startswith("^")), re.IGNORECASE)
_BOILERPLATE_ANY = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE if not p.startswith("^")), re.IGNORECASE)
_LINE_RE = re.compile(r"[^\n]*(?:\n|$)")


def boilerplate_lines(text: str, title: str = "") -> list[tuple[int, int, str]]:
    """Character ranges of lines that are site furniture, with the reason."""
    found: list[tuple[int, int, str]] = []
    title_key = _squash(title)
    for m in _LINE_RE.finditer(text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        if title_key and _squash(stripped) == title_key:
            found.append((start, end, "repeated title"))
        elif len(stripped) <= 200 and (_BOILERPLATE_START.match(stripped) or _BOILERPLATE_ANY.search(stripped)):
            found.append((start, end, "boilerplate"))
    return found


def _squash(s: str) -> str:
    return re.sub(r"\W+", "", s.casefold())


# --- sentences and tokens ----------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?؟۔。])[\"»”'\)]*\s+|\n\s*\n|\n(?=\s*[–—-]\s)|\n")
WORD_RE = re.compile(r"\w+(?:[-'’ʻ‘]\w+)*", re.UNICODE)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; good enough for locating quotes and evidence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        end = m.start()
        if text[pos:end].strip():
            s = pos + len(text[pos:end]) - len(text[pos:end].lstrip())
            spans.append((s, end))
        pos = m.end()
    if text[pos:].strip():
        s = pos + len(text[pos:]) - len(text[pos:].lstrip())
        spans.append((s, len(text.rstrip())))
    return spans


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
