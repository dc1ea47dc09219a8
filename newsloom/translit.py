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
_HARD_C = re.compile(r"c(?![eiyh])")
_GREEK_CH = re.compile(r"(?<!s)ch(?=ae|[lmn])")
_CH_LETTERS = re.compile("[ćčçĆČÇ]")
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")
_ARABIC_NG = re.compile(r"nj(?=[^aeiouwy']|$)")
_NOT_CONSONANT = re.compile(r"[^BFKJSTDLMNR]")
_SILENT_GH = re.compile(r"(?<=[aeiouy])gh(?=t|$)")
_X = re.compile("x")


@lru_cache(maxsize=200_000)
def romanize(text: str) -> str:
    return anyascii(text)


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Consonant-class skeleton of one word (vowels, h, w, y and glottals dropped)."""
    # A word that is all vowels but its silent gh ("Hugh", هيو) keeps the gh:
    # a given name without a key would leave its surname unconfirmed.
    return _skeleton(word, True) or _skeleton(word, False)


def _skeleton(word: str, silent_gh: bool) -> str:
    # Slavic ć/č and Turkish ç are ch, which anyascii writes c (hard before a/o/u).
    s = romanize(_CH_LETTERS.sub("ch", word)).lower()
    if _ARABIC_LETTERS.search(word):
        # Arabic writes the English "ng" before a consonant or at the end نج
        # ("بلمينجز", Blemmings), Latin "ng" is N here.
        s = _ARABIC_NG.sub("n", s)
    else:
        s = s.replace("dg", "j")  # "Sturridge" is ستوريدج, "Bridget" بريدجيت
        # English gh is silent after a vowel at the end or before t
        # ("Kavanaugh" كافانو, "Hugh" هيو, "Wright" رايت); other scripts write
        # what is heard.  Latin x inside a word is /ks/ ("Alex" أليكس,
        # Алекс); at its start it stays K: read as S, pinyin towns ("Xintian")
        # took the key of Washington (NTREX, fa).
        if silent_gh:
            s = _SILENT_GH.sub("", s)
        s = s[:1] + _X.sub("ks", s[1:])
    s = re.sub(r"[^a-z]", "", s)
    if word.isascii():
        # Greek ch is /k/ before a consonant or "ae": "Michael" is Майкл and
        # مايكل, "Chloe" Хлоя; elsewhere English ch is ч ("Richard", Ричард).
        s = _GREEK_CH.sub("k", s)
    # Latin c is /k/ except before e, i, y ("Carlos", "Clark", "Christine" vs
    # "Cyril"); the other scripts write it with k.
    s = _HARD_C.sub("k", s.replace("chr", "kr"))
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = s.translate(_CLASSES)
    s = _NOT_CONSONANT.sub("", s)
    return re.sub(r"(.)\1+", r"\1", s)


def name_key(name: str) -> tuple[str, ...]:
    """Skeletons of the words of a multi-word name."""
    return tuple(k for k in (skeleton(w) for w in re.split(r"[\s\-‐–]+", name)) if k)


# What a letter class turns into when another script writes the same name,
# and how cheap that is.  v/w: Latin w has no Cyrillic or Arabic letter and
# Arabic-script و is both /w/ and a vowel, so an F comes and goes ("Widodo",
# "Видодо", "ويدودو"; "Kavanaugh", "كافانو", "کاوانو").  The others are the
# substitutions borrowing makes: Arabic has no /g/ (ج or غ), no /p/ (ب), no
# /v/ (ف); zh is ж, ژ or ج; voiced and voiceless stops alternate.
_CHEAP_INDEL = {"F": 0.3}
_CHEAP_SUB = {
    frozenset("KJ"): 0.4, frozenset("SJ"): 0.4, frozenset("TD"): 0.4,
    frozenset("BF"): 0.4, frozenset("NM"): 0.5, frozenset("KS"): 0.7,
}


@lru_cache(maxsize=200_000)
def key_cost(a: str, b: str) -> float:
    """Edit cost between two skeletons, cheap for the confusions of scripts."""
    if a == b:
        return 0.0
    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + _CHEAP_INDEL.get(ch, 1.0))
    for ca in a:
        cur = [prev[0] + _CHEAP_INDEL.get(ca, 1.0)]
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else _CHEAP_SUB.get(frozenset((ca, cb)), 1.0)
            cur.append(min(prev[j - 1] + sub, prev[j] + _CHEAP_INDEL.get(ca, 1.0), cur[j - 1] + _CHEAP_INDEL.get(cb, 1.0)))
        prev = cur
    return prev[-1]


def deletions(key: str) -> set[str]:
    """``key`` with one letter left out, each way (for finding near keys)."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) > 1 else set()


def slug(name: str) -> str:
    s = romanize(name).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:60] or "x"
