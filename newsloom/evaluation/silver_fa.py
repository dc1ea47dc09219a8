"""Silver Persian NER data: NTREX's Persian translations, labelled through their English originals.

    python -m newsloom.evaluation.silver_fa [--out PATH] [--stats]

No annotated Persian may train a shipped model (ArmanPersoNER is for
evaluation only), but NTREX (CC BY-SA 4.0) gives every English article in
Persian (``fas``) and Dari (``prs``), line by line.  Names are easy in
English (capitals); each one the English recogniser finds in a line is looked
for in the same line of the translation:

* by entity id: the Persian recogniser linked a mention to the same gazetteer
  entry ("ایالات متحده", country:US);
* by sound: a run of Persian words whose consonant skeletons
  (:func:`newsloom.translit.skeleton`) are near the English words'
  ("Pashinyan" / "پاشینیان"), which is how foreign names reach Persian.

A line is kept only when every English name was found again and every name
the Persian rules found was confirmed by the English side, so that what the
silver data calls ``O`` is no name it missed.  The output is in the
``token TAG`` format :mod:`.ner_eval` reads, for :mod:`.train_ner`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from . import CORPORA
from . import ner_eval as ev

NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"
PERSIAN = {"fas": "fa", "prs": "fa"}
# A ZWNJ joins the parts of one word ("خرم‌آباد", "می‌شود"), as in Persian corpora.
WORD = re.compile(r"\w+(?:[\u200c\-'’]\w+)*|[^\w\s\u200c]", re.UNICODE)
# Persian attaches these to a borrowed name ("ترامپ‌ها", "آمریکایی"); they do not sound in English.
_STRIP = ("های", "ها", "ی", "ای")
COMMON_ZIPF = 4.0  # wordfreq: about once in 10,000 words
MAX_COST = 0.34  # of the English skeleton's length: one class slip in three letters


def _skel(word: str) -> str:
    from ..translit import skeleton

    return skeleton(word)


def _near(en_key: str, fa_word: str) -> bool:
    from wordfreq import zipf_frequency

    from ..translit import key_cost

    # Short skeletons and words of running prose ("این", this; "برنامه",
    # programme) sound like some English name by chance.
    if len(en_key) < 2 or (not fa_word.isascii() and zipf_frequency(fa_word, "fa") >= COMMON_ZIPF):
        return False
    forms = [fa_word] + [fa_word[: -len(s)] for s in _STRIP if fa_word.endswith(s) and len(fa_word) - len(s) >= 3]
    return any(key_cost(en_key, _skel(f)) <= MAX_COST * len(en_key) for f in forms if _skel(f))


def _line_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _by_line(mentions, lines) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for m in mentions:
        if m.field != "text" or m.type not in ev.TYPES:
            continue
        for k, (a, b) in enumerate(lines):
            if a <= m.start < b:
                out[k].append(m)
                break
    return out


@lru_cache(maxsize=1)
def _rules():
    from ..entities.recognize import Recognizer

    return Recognizer(use_tagger=False)


def _prepare(text: str, lang: str):
    from ..model import Article
    from ..pipeline import prepare

    art = Article(id="silver", text=text, lang=lang)
    prepare(art)
    # The lexicons and rules only: labels from the Persian model would feed
    # the model its own mistakes when it is trained again.
    art.mentions = _rules().recognize(art)
    return art


def _project(en_mention, words: list[tuple[int, int, str]], taken: list[bool]) -> tuple[int, int, bool] | None:
    """Token run of the Persian line that sounds like the English name (its surname at least), and whether all of it does."""
    en_words = [w for w in re.findall(r"\w+", en_mention.text) if w[:1].isupper()]
    if not en_words:
        return None
    keys = [_skel(w) for w in en_words]
    n = len(words)
    best = None
    for i in range(n):
        if taken[i]:
            continue
        j, k = i, 0
        while j < n and k < len(keys) and not taken[j] and _near(keys[k], words[j][2]):
            j, k = j + 1, k + 1
        if k == len(keys):
            if best is None or not best[2] or j - i > best[1] - best[0]:
                best = (i, j, True)
        elif best is None and en_mention.type == "PER" and _near(keys[-1], words[i][2]):
            # A person is often named by the surname alone in the translation.
            best = (i, i + 1, len(keys) == 1)
    return best


def silver(corpus: Path = NTREX, stats: Counter | None = None) -> list[ev.Sentence]:
    docs: dict[str, dict[str, str]] = defaultdict(dict)
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["lang"] == "eng" or r["lang"] in PERSIAN:
                docs[r["doc_id"]][r["lang"]] = r["text"]
    stats = stats if stats is not None else Counter()
    out: list[ev.Sentence] = []
    for doc in docs.values():
        if "eng" not in doc:
            continue
        en = _prepare(doc["eng"], "en")
        en_lines = _line_spans(doc["eng"])
        en_by_line = _by_line(en.mentions, en_lines)
        for code in PERSIAN:
            if code not in doc:
                continue
            text = doc[code]
            fa = _prepare(text, PERSIAN[code])
            lines = _line_spans(text)
            if len(lines) != len(en_lines):
                stats["doc misaligned"] += 1
                continue
            fa_by_line = _by_line(fa.mentions, lines)
            for k, (a, b) in enumerate(lines):
                sent = _label_line(text[a:b], a, en_by_line.get(k, []), fa_by_line.get(k, []), stats)
                if sent is not None:
                    out.append(sent)
    return out


def _label_line(line: str, base: int, en_ms, fa_ms, stats: Counter) -> ev.Sentence | None:
    words = [(m.start() + base, m.end() + base, m.group(0)) for m in WORD.finditer(line)]
    if not words:
        return None
    stats["lines"] += 1
    tags = ["O"] * len(words)
    taken = [False] * len(words)

    def tokens_of(s: int, e: int) -> tuple[int, int] | None:
        idx = [n for n, w in enumerate(words) if w[0] < e and w[1] > s]
        return (idx[0], idx[-1] + 1) if idx else None

    def put(i: int, j: int, typ: str) -> None:
        for n in range(i, j):
            tags[n] = ("B-" if n == i else "I-") + typ
            taken[n] = True

    fa_left = list(fa_ms)
    for em in en_ms:
        same = [m for m in fa_left if em.entity_id and m.entity_id == em.entity_id]
        if same:
            for m in same:
                span = tokens_of(m.start, m.end)
                if span and not any(taken[span[0] : span[1]]):
                    put(*span, em.type)
                fa_left.remove(m)
            stats["by id"] += 1
            continue
        found = _project(em, words, taken)
        if found is None:
            stats["English name not found"] += 1
            return None
        span, whole = found[:2], found[2]
        # A Persian mention over the projected words confirms them; where the
        # sound matched only part of the English name its extent is taken.
        for m in [m for m in fa_left if (fs := tokens_of(m.start, m.end)) and fs[0] < span[1] and fs[1] > span[0]]:
            if m.type != em.type:
                stats["type conflict"] += 1
                return None
            if not whole:
                fs = tokens_of(m.start, m.end)
                span = (min(span[0], fs[0]), max(span[1], fs[1]))
            fa_left.remove(m)
        if any(taken[span[0] : span[1]]):
            stats["overlap"] += 1
            return None
        put(*span, em.type)
        stats["by sound"] += 1
    if fa_left:
        stats["Persian name not confirmed"] += 1
        return None
    stats["kept"] += 1
    stats["kept names"] += sum(t.startswith("B-") for t in tags)
    return ev.Sentence([w[2] for w in words], tags)


def write(sents: list[ev.Sentence], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            for tok, tag in zip(s.tokens, s.tags):
                f.write(f"{tok} {tag}\n")
            f.write("\n")


def main(argv: list[str] | None = None) -> int:
    return cli(argv, __doc__, silver)


def cli(argv: list[str] | None, doc: str, make) -> int:
    """The command line of a silver-data module: ``make(corpus, stats)`` gives its sentences."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(NTREX))
    ap.add_argument("--out", help="write the silver sentences here (token TAG lines)")
    args = ap.parse_args(argv)
    stats: Counter = Counter()
    sents = make(Path(args.corpus), stats)
    types = Counter(t[2:] for s in sents for t in s.tags if t.startswith("B-"))
    print(f"{len(sents)} sentences, {sum(len(s.tokens) for s in sents)} tokens, names {dict(types)}", file=sys.stderr)
    print(", ".join(f"{k} {v}" for k, v in stats.most_common()), file=sys.stderr)
    if args.out:
        write(sents, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
