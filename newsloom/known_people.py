"""People the knowledge base knows before it reads anything: politicians with Wikidata ids.

The shipped list (``data/kb/politicians.tsv.gz``, Wikidata via EveryPolitician,
CC0) holds one row per person: the Wikidata id, then ``lang:name`` cells for
every language Wikidata has a label in.  It gives the knowledge base two
things: a stable, look-up-able id (``per:Q157``) for these people, and their
names in Cyrillic, Arabic and Persian script, written the way those languages
write them, which no transliteration rule has to guess.

    python -m newsloom.known_people ../shared/corpora/names/politicians/politicians_names.tsv

rebuilds the shipped file from the source TSV.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

# Kyrgyz and Tatar labels are few and sometimes surname-first without a comma
# ("Миттеран Франсуа"), which would read the surname as a given name.
LANGS = ("en", "ru", "kk", "fa", "ar", "tr", "uz", "az", "uk")
_QUALIFIER = re.compile(r"\s*\([^)]*\)")


def _natural_order(name: str) -> str:
    """"Раббани, Бурхануддин" (Russian Wikidata's sort form) -> "Бурхануддин Раббани"."""
    name = _QUALIFIER.sub("", name).strip()
    if name.count(",") == 1:
        surname, given = (p.strip() for p in name.split(","))
        name = f"{given} {surname}"
    return name if "," not in name else ""


def _script(name: str) -> str:
    from .langid import detect_script

    return detect_script(name)


def build(source: str, target: Path) -> int:
    """Write the shipped list from the politicians TSV; returns the number of people kept."""
    kept = 0
    with open(source, encoding="utf-8", newline="") as f, gzip.open(target, "wt", encoding="utf-8") as out:
        out.write("# Wikidata via EveryPolitician, CC0. wikidata_id, then lang:name cells\n")
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            cells = []
            for lang in LANGS:
                name = _natural_order(row.get(lang) or "")
                # A one-word label has no given name to confirm a match with.
                if len(name.split()) >= 2:
                    cells.append(f"{lang}:{name}")
            # Labels in two languages, one of them in another script than Latin:
            # someone known beyond one country's lists.  A Latin-only "Tom Daley"
            # or "Paul Newman" is as likely the diver or the actor as the MP.
            scripts = {_script(c.split(":", 1)[1]) for c in cells}
            if len(cells) >= 2 and scripts - {"Latn"} and re.fullmatch(r"Q\d+", row["wikidata_id"]):
                out.write("\t".join([row["wikidata_id"], *cells]) + "\n")
                kept += 1
    return kept


@lru_cache(maxsize=1)
def politicians() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(Wikidata id, ((lang, name), ...)) for every shipped politician."""
    out = []
    with resources.files("newsloom").joinpath("data/kb/politicians.tsv.gz").open("rb") as raw:
        for line in gzip.open(raw, "rt", encoding="utf-8"):
            if line.startswith("#"):
                continue
            qid, *cells = line.rstrip("\n").split("\t")
            out.append((qid, tuple(tuple(c.split(":", 1)) for c in cells)))
    return tuple(out)


@lru_cache(maxsize=1)
def listed_surnames() -> frozenset[str]:
    """Last words of every listed name, in matching form ("ترامب"): words a person bears."""
    from .normalize import fold

    return frozenset(fold(name.split()[-1]) for _, cells in politicians() for _, name in cells if name.split())


@lru_cache(maxsize=4)
def listed_given_names(script: str) -> frozenset[str]:
    """First words of the listed names written in ``script`` (matching form, lower case): given names people bear."""
    from .langid import detect_script
    from .normalize import fold

    out = set()
    for _, cells in politicians():
        for _, name in cells:
            words = name.split()
            if len(words) >= 2 and len(words[0]) >= 3 and detect_script(words[0]) == script and words[0][:1].isupper():
                out.add(fold(words[0]).casefold())
    return frozenset(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m newsloom.known_people POLITICIANS_TSV")
    target = Path(__file__).parent / "data" / "kb" / "politicians.tsv.gz"
    print(f"{build(sys.argv[1], target)} people -> {target}")
