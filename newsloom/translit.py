"""Romanisation and script-independent phonetic keys for names.

The key is a consonant skeleton over the anyascii romanisation with letters
merged into classes that different scripts confuse when they borrow a name:
Arabic has no /p/ or /g/, Persian and Arabic write most vowels not at all,
Kazakh қ, Arabic ق and Persian ک all render /k/-like sounds.  So
"Тоқаев", "توقاييف" and "تاکایف" all become ``TKF``.  Short keys collide by
design; the knowledge base confirms a key match with type and context.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_DIGRAPHS = [
    ("tsh", "c"),
    ("zh", "j"),
    ("dj", "j"),
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("ts", "s"),
    ("th", "t"),
    ("ph", "f"),
    ("ck", "k"),
    ("ng", "n"),
]
_CLASSES = str.maketrans(
    {
        "b": "B", "p": "B",
        "f": "F", "v": "F",
        "k": "K", "q": "K", "g": "K", "c": "S",
        "j": "J",
        "s": "S", "z": "S", "x": "K",
        "t": "T", "d": "D",
        "l": "L", "m": "M", "n": "N", "r": "R",
    }
)
_NOT_CONSONANT = re.compile(r"[^BFKJSTDLMNR]")


@lru_cache(maxsize=200_000)
def romanize(text: str) -> str:
    return anyascii(text)


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Consonant-class skeleton of one word (vowels, h, w, y and glottals dropped)."""
    s = romanize(word).lower()
    s = re.sub(r"[^a-z]", "", s)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = s.translate(_CLASSES)
    s = _NOT_CONSONANT.sub("", s)
    return re.sub(r"(.)\1+", r"\1", s)


def name_key(name: str) -> tuple[str, ...]:
    """Skeletons of the words of a multi-word name."""
    return tuple(k for k in (skeleton(w) for w in re.split(r"[\s\-‐–]+", name)) if k)


def slug(name: str) -> str:
    s = romanize(name).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:60] or "x"
