"""Letter-pair statistics per language: how much a reading looks like words of some language.

A misread legacy codec still gives letters (Windows-1251 read as KOI8-R is all
Cyrillic), but in pairs no language writes: "лЮЙЕДНМ", "гёѕждне".  The table
holds, for each language a news text in a legacy codec can be in, the log
frequency of every letter pair (word starts and ends included) in its frequent
words: wordfreq's lists (Apache-2.0 code, CC BY-SA 4.0 data) for most languages,
and for Kazakh, which wordfreq lacks, the words of KazNERD (CC BY 4.0,
Yeshpanov et al. 2022).  Rebuild it with

    python -m newsloom.ingest.letters [--kaznerd PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

TABLE = "letter_pairs.json.gz"
WORDFREQ_LANGS = (
    "ru", "uk", "bg", "mk", "ar", "fa", "ur", "tr", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk",
    "hu", "ro", "sl", "sh", "sv", "da", "fi", "lt", "lv",
)
_TOP_WORDS = 30_000
# A pair never seen in a language costs as much as one seen once in ten million.
_UNSEEN = -7.0
_KEEP_ABOVE = -6.5
_WORD = re.compile(r"[^\W\d_]+")


def pairs(word: str) -> list[str]:
    w = f"^{word}$"
    return [w[i : i + 2] for i in range(len(w) - 1)]


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, float]]:
    path = resources.files("newsloom") / "data" / "letters" / TABLE
    with path.open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()))


def fit(text: str, max_pairs: int = 4000) -> tuple[float, str]:
    """Mean log10 frequency of the text's letter pairs in the language they fit best, and that language."""
    counts: Counter = Counter()
    n = 0
    for word in _WORD.findall(text.casefold()):
        for p in pairs(word):
            counts[p] += 1
        n += len(word) + 1
        if n >= max_pairs:
            break
    total = sum(counts.values())
    if not total:
        return 0.0, "und"
    best, best_lang = -math.inf, "und"
    for lang, logp in table().items():
        s = sum(k * logp.get(p, _UNSEEN) for p, k in counts.items()) / total
        if s > best:
            best, best_lang = s, lang
    return best, best_lang


def _word_counts(lang: str, kaznerd: Path | None) -> Counter:
    if lang == "kk":
        counts: Counter = Counter()
        with open(kaznerd, encoding="utf-8") as fh:
            for line in fh:
                token = line.split(" ", 1)[0].strip()
                if token:
                    counts[token.casefold()] += 1
        return counts
    import wordfreq

    words = wordfreq.top_n_list(lang, _TOP_WORDS)
    return Counter({w: wordfreq.word_frequency(w, lang) for w in words})


def build(kaznerd: Path | None) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for lang in WORDFREQ_LANGS + (("kk",) if kaznerd else ()):
        counts: Counter = Counter()
        for word, freq in _word_counts(lang, kaznerd).items():
            if _WORD.fullmatch(word):
                for p in pairs(word):
                    counts[p] += freq
        total = sum(counts.values())
        out[lang] = {p: round(math.log10(k / total), 2) for p, k in counts.items() if math.log10(k / total) > _KEEP_ABOVE}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "ner" / "kaznerd_valid.iob2"
    ap.add_argument("--kaznerd", type=Path, default=default, help="KazNERD IOB2 file, the Kazakh words")
    args = ap.parse_args(argv)
    data = build(args.kaznerd if args.kaznerd.exists() else None)
    target = Path(__file__).resolve().parents[1] / "data" / "letters" / TABLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), mtime=0))
    print(f"{target}: {len(data)} languages, {sum(map(len, data.values())):,} letter pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
