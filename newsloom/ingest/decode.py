"""Bytes -> text: byte order marks, UTF-8/16/32, declared charsets and legacy single-byte codecs.

A legacy codec cannot be recognised from its bytes alone: Windows-1251 read as
KOI8-R is still a sequence of Cyrillic letters.  What tells them apart is the
*language* each reading yields, so every candidate reading is judged by the
language identifier (how sure it is that the text is some language at all) and
by the shape of its words (controls, symbols glued to letters, case flips and
scripts mixed inside one word are what mojibake looks like).  A charset that
the document or the HTTP header declares is believed unless its reading is
clearly worse than the best one; a reading that wins only narrowly is returned
with a warning, never silently.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Readings tried when a text is not UTF-8, in order of preference when two of
# them give the same text (the common Windows code page before its ISO twin).
LEGACY_CODECS = (
    "cp1251", "cp1256", "cp1254", "cp1252", "cp1250", "kz1048", "koi8-r", "koi8-u", "mac-cyrillic", "cp866",
    "iso8859-5", "iso8859-6", "iso8859-9", "iso8859-3", "iso8859-2", "iso8859-15", "iso8859-1",
)

# Labels as browsers resolve them (WHATWG Encoding): pages that say Latin-1 or
# ISO-8859-9 are written in the Windows superset, and a page cannot be UTF-16
# if its declaration was readable as ASCII.
_LABEL_ALIASES = {
    "iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
    "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8", "utf-32": "utf-8",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# How much better than the declared reading another one must score before the
# declaration is overruled, and how far ahead a guess must be to go unflagged.
_OVERRULE_MARGIN = 0.35
_CONFIDENT_MARGIN = 0.15
# Readings are scored on a bounded sample so that a huge file costs no more
# than a long article; the sample keeps the lines with non-ASCII bytes, which
# are the only ones where the readings differ.
_SAMPLE_BYTES = 16_000


class BadInput(Exception):
    pass


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    # Set when the reading is a guess that a reader should be told about.
    warning: str | None = None


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Read ``data`` as text.

    ``declared`` is a charset from outside the bytes (an HTTP header); a
    declaration inside an HTML or XML head is found here.  Raises
    :class:`BadInput` for data that is not text in any encoding.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            text = body.decode(codec, errors="replace")
            return Decoded(text, codec + "-bom", _damage_warning(text, codec))
    wide = _wide_unicode(data)
    if wide is not None:
        return wide
    if b"\0" in data[:4096] or _control_ratio(data[:4096]) > 0.1:
        raise BadInput("binary data, not text")
    declared = normalize_label(declared) or normalize_label(declared_charset(data))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3:
            # Cut in the middle of a multi-byte character: still UTF-8.
            return Decoded(data[: e.start].decode("utf-8"), "utf-8", "cut inside a character; last bytes dropped")
        if _mostly_utf8(data):
            text = data.decode("utf-8", errors="replace")
            return Decoded(text, "utf-8", f"damaged UTF-8 ({text.count(chr(0xFFFD))} bytes unreadable)")
    return _best_legacy(data, declared)


def normalize_label(label: str | None) -> str | None:
    """A charset label as a Python codec name, or None when it names none."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except (LookupError, ValueError):  # ValueError: a NUL inside the label (found by fuzzing WARC headers)
        return None
    return _LABEL_ALIASES.get(name, name)


_DECLARATION = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or an XML prolog declares in the first bytes."""
    m = _DECLARATION.search(data[:4096])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace")


def _damage_warning(text: str, codec: str) -> str | None:
    bad = text.count("\ufffd")
    return f"damaged {codec} ({bad} unreadable characters)" if bad else None


def _wide_unicode(data: bytes) -> Decoded | None:
    """UTF-16 or UTF-32 without a byte order mark, recognised by how its reading looks.

    Text in these has a zero or a small block number in every other byte (every
    fourth for UTF-32), which no 8-bit text has; of the readings that decode,
    the one that looks most like text in one script wins.
    """
    head = data[:4096]
    if len(head) < 4 or (b"\0" not in head and _control_ratio(head) <= 0.1):
        return None
    best: tuple[float, str, str] | None = None
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % unit:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        quality = _shape_score(text[:_SAMPLE_BYTES])
        if quality > 0.5 and (best is None or quality > best[0]):
            best = (quality, text, codec)
    if best is None:
        return None
    return Decoded(best[1], best[2])


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    return text.count("\ufffd") < max(3, len(text) // 200)


def _sample(data: bytes) -> bytes:
    if len(data) <= _SAMPLE_BYTES:
        return data
    lines = [line for line in data.split(b"\n") if any(b >= 0x80 for b in line)]
    out, size = [], 0
    for line in lines:
        out.append(line[:_SAMPLE_BYTES])
        size += len(out[-1])
        if size >= _SAMPLE_BYTES:
            break
    return b"\n".join(out) or data[:_SAMPLE_BYTES]


def _best_legacy(data: bytes, declared: str | None) -> Decoded:
    sample = _sample(data)
    order = ([declared] if declared else []) + [c for c in LEGACY_CODECS if c != declared]
    readings: dict[str, str] = {}  # sample text -> first codec giving it
    scores: dict[str, float] = {}
    for codec in order:
        try:
            text = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if text not in readings:
            readings[text] = codec
            scores[codec] = reading_score(text)
    if not scores:
        text = data.decode("utf-8", errors="replace")
        return Decoded(text, "utf-8", "no known encoding reads it; unreadable bytes replaced")
    ranked = sorted(scores, key=lambda c: -scores[c])
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else float("-inf")
    warning = None
    if declared in scores and declared != best and scores[declared] >= scores[best] - _OVERRULE_MARGIN:
        best = declared
    elif declared and declared != best:
        why = "does not read it" if declared not in scores else "reads worse"
        warning = f"declared {declared} {why}; read as {best}"
    elif declared != best and scores[best] - runner_up < _CONFIDENT_MARGIN:
        warning = f"encoding uncertain: read as {best} (next best {ranked[1]})"
    return Decoded(data.decode(best, errors="replace"), best, warning)


def reading_score(text: str) -> float:
    """How much a reading looks like text in a language: about -1.5 for clean text, far lower for junk.

    Its shape (see :func:`_shape_score`) plus the mean log10 frequency of its
    letter pairs in the language they fit best.
    """
    from .letters import fit

    return _shape_score(text) + fit(text)[0]


_WORD = re.compile(r"[^\W\d_]+")


def _shape_score(text: str) -> float:
    """1 minus what mojibake leaves: controls, stray symbols, case flips and mixed scripts inside words."""
    if not text:
        return 0.0
    bad = 0
    for c in text:
        cat = unicodedata.category(c)
        if cat in ("Cc", "Co", "Cn", "Cs") and c not in "\t\n\r\f":
            bad += 1
        elif c == "\ufffd":
            bad += 1
    words = _WORD.findall(text)
    odd_words = sum(1 for w in words if _odd_word(w))
    glued = len(_GLUED_SYMBOL.findall(text))
    n_words = max(1, len(words))
    return 1.0 - 5 * bad / len(text) - 1.5 * odd_words / n_words - 2 * glued / n_words


# A symbol or box-drawing character between two letters is a letter misread.
# Apostrophes, hyphens, dots and joiners do sit inside words; nothing else does.
_GLUED_SYMBOL = re.compile(r"(?<=[^\W\d_])[^\w\s'’ʼ\-.\u200c\u200d](?=[^\W\d_])")


def _odd_word(word: str) -> bool:
    if len(word) < 2:
        return False
    # Lower case followed by upper case inside a word: KOI8/Windows swaps flip case.
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        return True
    return len({_script(c) for c in word}) > 1


@lru_cache(maxsize=4096)
def _script(c: str) -> str:
    if c.isascii():
        return "LATIN"
    name = unicodedata.name(c, "")
    return name.split(" ", 1)[0] if name else "?"
