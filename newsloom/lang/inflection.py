"""Candidate base forms of an inflected word, the language-independent part.

Names are stored in their base form; a word in running text may carry case
endings, clitics or suffixes.  Instead of a stemmer that must be right, each
language (its module in this package) generates every plausible base and the
lexicon decides which exists: over-generation is cheap, a wrong cut is not.
"""

from __future__ import annotations


class Endings:
    """A set of suffixes, looked up by length: a word ends in at most one suffix of each length."""

    def __init__(self, suffixes) -> None:
        self.set = frozenset(suffixes)
        self.lengths = sorted({len(x) for x in self.set}, reverse=True)


def strip_chain(word: str, endings: Endings, min_stem: int, depth: int = 3) -> list[str]:
    """Stems left by cutting up to ``depth`` endings in a row (longest first), each leaving ``min_stem`` letters."""
    out: list[str] = []
    frontier = [word]
    suffixes, lengths = endings.set, endings.lengths
    for _ in range(depth):
        nxt = []
        for w in frontier:
            for k in lengths:
                if len(w) - k >= min_stem and w[-k:] in suffixes:
                    stem = w[:-k]
                    if stem not in out:
                        out.append(stem)
                        nxt.append(stem)
        frontier = nxt
        if not frontier:
            break
    return out


def script_of(word: str) -> str:
    """"Cyrl" if ``word`` has a Cyrillic letter, else "Arab" if an Arabic-script one, else "Latn"."""
    if any("\u0400" <= c <= "\u04ff" for c in word):
        return "Cyrl"
    if any("\u0600" <= c <= "\u06ff" for c in word):
        return "Arab"
    return "Latn"
