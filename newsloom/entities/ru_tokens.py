"""razdel's tokenisation, the same tokens at a fraction of the cost.

razdel builds a record per atom and per gap between atoms and asks its rules
at every gap, for every text anew.  But a gap with white space in it always
splits, and its rules look at most one atom past white space (the dash,
underscore, float and fraction rules read the second atom before or after a
gap, and only its type).  So a run of non-space characters tokenises the same
wherever it stands, given the types of the atoms either side of it; most runs
are one atom (a word) and need no rule at all, and the rest are tokenised by
razdel once per (type before, run, type after) and remembered.
"""

from __future__ import annotations

import re

from razdel import tokenize as _razdel_tokenize
from razdel.segmenters.tokenize import ATOM

_RUN = re.compile(r"\S+")
# An atom of each type, to stand for a neighbour when razdel tokenises a run alone.
_STAND_IN = {"RU": "а", "LAT": "a", "INT": "1", "PUNCT": ".", "OTHER": "∆"}
_LIMIT = 100_000


class _Cache:
    def __init__(self) -> None:
        self.atoms: dict[str, tuple] = {}  # run -> (first atom type, last atom type, one atom?)
        self.split: dict[tuple, tuple] = {}  # (type before, run, type after) -> token (start, stop) in the run

    def info(self, run: str) -> tuple:
        got = self.atoms.get(run)
        if got is None:
            ms = list(ATOM.finditer(run))
            got = (ms[0].lastgroup, ms[-1].lastgroup, len(ms) == 1)
            if len(self.atoms) > _LIMIT:
                self.atoms.clear()
            self.atoms[run] = got
        return got

    def pieces(self, before, run: str, after) -> tuple:
        key = (before, run, after)
        got = self.split.get(key)
        if got is None:
            left = _STAND_IN[before] + " " if before else ""
            text = left + run + (" " + _STAND_IN[after] if after else "")
            a, b = len(left), len(left) + len(run)
            got = tuple((t.start - a, t.stop - a) for t in _razdel_tokenize(text) if a <= t.start and t.stop <= b)
            if len(self.split) > _LIMIT:
                self.split.clear()
            self.split[key] = got
        return got


_cache = _Cache()


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, text) of razdel's tokens of ``text``."""
    runs = [(m.start(), m.group(0)) for m in _RUN.finditer(text)]
    info = [_cache.info(r) for _, r in runs]
    out = []
    last = len(runs) - 1
    for k, (start, run) in enumerate(runs):
        if info[k][2]:
            out.append((start, start + len(run), run))
            continue
        before = info[k - 1][1] if k > 0 else None
        after = info[k + 1][0] if k < last else None
        for a, b in _cache.pieces(before, run, after):
            out.append((start + a, start + b, run[a:b]))
    return out
