"""Silver English NER data: NTREX's English lines, labelled through their Russian translations.

    python -m newsloom.evaluation.silver_en [--out PATH]

English has no open NER corpus here that may train a shipped model, but
every NTREX (CC BY-SA 4.0) English article has a Russian translation, line
by line, and Russian names are found well offline (natasha, inside the
Russian recogniser).  Russian also writes what English capitalises and is
no name in lower case (валлийский, Welsh; воскресенье, Sunday), so an English
capitalised word that no Russian name accounts for is, most of the time,
rightly ``O``.  Each Russian name of a line is looked for in the English line:

* by entity id: the English rules linked a mention to the same gazetteer
  entry (Greece, country:GR);
* by sound: English capitalised words whose consonant skeletons
  (:func:`newsloom.translit.skeleton`) are near the Russian name's words
  ("Zaev" / "Заев"), which is how foreign names reach Russian.

A line is kept only when every Russian name was found again and nothing
the English rules linked or named is left unconfirmed, so that what the
silver data calls ``O`` is no name the Russian side missed.

Documents of the held-out half (:data:`HELD_OUT`, the first ones in the
file) and every document an evaluation file reads by hand are never used:
the NTREX figures are reported on those.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from . import CORPORA
from . import ner_eval as ev
from .silver_fa import _by_line, _line_spans

NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"
# The first documents of NTREX (file order) are never trained on: the NTREX
# figures (ntrex_linking --docs 60, quotes_eval --docs 60) are theirs.
HELD_OUT = 60
_HERE = Path(__file__).resolve().parent
EVAL_FILES = (_HERE / "quotes_ntrex_gold.json", _HERE / "names_en_gold.json")
MAX_COST = 0.34  # of the Russian skeleton's length, as for Persian
# Words this common in English are capitalised for the sentence or a title
# ("The", "President"), not for a name of their own.
COMMON_ZIPF = 4.5
# A capitalised word inside a sentence rarer than this in English is a name
# ("Tornillo", "Bellator") when no Russian name explains it: such lines are left out.
RARE_ZIPF = 3.0


def evaluation_docs() -> set[str]:
    out: set[str] = set()
    for path in EVAL_FILES:
        if path.is_file():
            docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
            out |= {d["doc"] for d in docs} if isinstance(docs, list) else set(docs)
    return out


def training_docs(corpus: Path = NTREX) -> list[str]:
    ids = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)["doc_id"]
            if d not in ids:
                ids.append(d)
    skip = evaluation_docs()
    return [d for d in ids[HELD_OUT:] if d not in skip]


@lru_cache(maxsize=1)
def _rules():
    from ..entities.recognize import Recognizer

    return Recognizer(use_tagger=False)


def _prepare(text: str, lang: str, rules: bool):
    from ..entities.recognize import default_recognizer
    from ..model import Article
    from ..pipeline import prepare

    art = Article(id="silver", text=text, lang=lang)
    prepare(art)
    # English: the rules only, never a model trained on this data itself.
    art.mentions = (_rules() if rules else default_recognizer()).recognize(art)
    return art


def _skel(word: str) -> str:
    from ..translit import skeleton

    return skeleton(word)


def _near(ru_key: str, en_word: str) -> bool:
    from ..translit import key_cost

    if len(ru_key) < 2:
        return False
    key = _skel(re.split(r"[’']s$", en_word)[0])
    return bool(key) and key_cost(ru_key, key) <= MAX_COST * len(ru_key)


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _common(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.casefold(), "en") >= COMMON_ZIPF


def _project(ru_mention, words, taken) -> tuple[int, int] | None:
    """English token run that sounds like the Russian name: each capitalised word near one of its words."""
    # "Премьер-лига": each part of a hyphenated name is a word in English.
    keys = [_skel(p) for w in re.findall(r"\w+(?:-\w+)*", ru_mention.base or ru_mention.text) if w[:1].isupper()
            for p in w.split("-")]
    keys = [k for k in keys if len(k) >= 2]
    if not keys:
        return None
    n = len(words)
    hit = [not taken[i] and _capital(words[i][2]) and any(_near(k, words[i][2]) for k in keys) for i in range(n)]
    best = None
    i = 0
    while i < n:
        if not hit[i]:
            i += 1
            continue
        j = i
        while j < n and hit[j]:
            j += 1
        if best is None or j - i > best[1] - best[0]:
            best = (i, j)
        i = j
    if best is None:
        return None
    i, j = best
    if ru_mention.type == "PER":
        # A given name the translation writes differently ("Gjorge" / "Георге")
        # still opens the name: a listed given name or a rare capitalised word.
        from .. import lexicon

        given = lexicon.given_names("Latn")
        while i > 0 and not taken[i - 1] and _capital(words[i - 1][2]) \
                and (words[i - 1][2].casefold() in given or not _common(words[i - 1][2])) and j - i < 4:
            i -= 1
    elif ru_mention.type == "ORG":
        # Translated words of a name ("League" / "лига" aside) do not sound
        # alike; the capitals around the matched ones are the rest of it.
        while j < n and not taken[j] and _capital(words[j][2]) and j - i < 6:
            j += 1
        while i > 0 and not taken[i - 1] and _capital(words[i - 1][2]) and not _starts_sentence(words, i - 1) and j - i < 6:
            i -= 1
    return i, j


def _starts_sentence(words, i: int) -> bool:
    return i == 0 or words[i - 1][2] in (".", "!", "?", ":", '"', "“", "‘", "'")


def _unexplained_name(words, tags) -> bool:
    """A capitalised word inside a sentence left O that is rare in English: a name no side confirmed."""
    for i, (w, t) in enumerate(zip(words, tags)):
        word = w[2]
        if t == "O" and _capital(word) and word != "I" and not _starts_sentence(words, i) and not word.isupper():
            from wordfreq import zipf_frequency

            if zipf_frequency(re.split(r"[’']s$", word)[0].casefold(), "en") < RARE_ZIPF:
                return True
    return False


def silver(corpus: Path = NTREX, stats: Counter | None = None, docs: list[str] | None = None) -> list[ev.Sentence]:
    from ..entities.tagger import tokenize

    keep = set(training_docs(corpus) if docs is None else docs)
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["doc_id"] in keep and r["lang"] in ("eng", "rus"):
                texts[r["doc_id"]][r["lang"]] = r["text"]
    stats = stats if stats is not None else Counter()
    out: list[ev.Sentence] = []
    for d in [d for d in texts if len(texts[d]) == 2]:
        en_text, ru_text = texts[d]["eng"], texts[d]["rus"]
        en_lines, ru_lines = _line_spans(en_text), _line_spans(ru_text)
        if len(en_lines) != len(ru_lines):
            stats["doc misaligned"] += 1
            continue
        en = _prepare(en_text, "en", rules=True)
        ru = _prepare(ru_text, "ru", rules=False)
        en_by, ru_by = _by_line(en.mentions, en_lines), _by_line(ru.mentions, ru_lines)
        for k, (a, b) in enumerate(en_lines):
            words = [(s + a, e + a, w) for s, e, w in tokenize(en_text[a:b])]
            sent = _label_line(words, en_by.get(k, []), ru_by.get(k, []), stats)
            if sent is not None:
                out.append(sent)
    return out


def _label_line(words, en_ms, ru_ms, stats: Counter) -> ev.Sentence | None:
    if not words:
        return None
    stats["lines"] += 1
    n = len(words)
    tags = ["O"] * n
    taken = [False] * n

    def tokens_of(s: int, e: int) -> tuple[int, int] | None:
        idx = [i for i, w in enumerate(words) if w[0] < e and w[1] > s]
        return (idx[0], idx[-1] + 1) if idx else None

    def put(i: int, j: int, typ: str) -> bool:
        if any(taken[i:j]):
            return False
        for x in range(i, j):
            tags[x] = ("B-" if x == i else "I-") + typ
            taken[x] = True
        return True

    en_left = list(en_ms)
    # Nested Russian mentions (a country inside an organisation's name) are
    # the outer name's words in English too: only outermost ones are labelled.
    outer = [m for m in ru_ms if not any(o is not m and o.start <= m.start and m.end <= o.end
                                         and (o.start, o.end) != (m.start, m.end) for o in ru_ms)]
    pending = []
    for rm in outer:
        same = [m for m in en_left if rm.entity_id and m.entity_id == rm.entity_id]
        if same:
            for m in same:
                span = tokens_of(m.start, m.end)
                if span is None or not put(*span, rm.type):
                    stats["overlap"] += 1
                    return None
                en_left.remove(m)
            stats["by id"] += 1
        else:
            pending.append(rm)
    for rm in pending:
        span = _project(rm, words, taken)
        if span is None:
            if any(taken[x] for m in en_ms if m.entity_id and m.entity_id == rm.entity_id
                   for x in range(*(tokens_of(m.start, m.end) or (0, 0)))):
                continue  # a second Russian mention of a name already placed
            stats["Russian name not found"] += 1
            return None
        # An English mention over the projected words confirms them, and a
        # linked one gives its extent ("Republic of North Macedonia").
        for m in [m for m in en_left if (fs := tokens_of(m.start, m.end)) and fs[0] < span[1] and fs[1] > span[0]]:
            fs = tokens_of(m.start, m.end)
            if m.type == rm.type and fs[0] <= span[0] and span[1] <= fs[1] and not any(taken[fs[0]:fs[1]]):
                span = fs
            en_left.remove(m)
        if not put(*span, rm.type):
            stats["overlap"] += 1
            return None
        stats["by sound"] += 1
    # What the English rules found and no Russian name confirmed: a name
    # natasha missed (or the rules' mistake); either way O would be a guess.
    for m in en_left:
        span = tokens_of(m.start, m.end)
        if span and not any(taken[span[0]:span[1]]):
            stats["English name not confirmed"] += 1
            return None
    if _unexplained_name(words, tags):
        stats["rare capitalised word left O"] += 1
        return None
    stats["kept"] += 1
    stats["kept names"] += sum(t.startswith("B-") for t in tags)
    return ev.Sentence([w[2] for w in words], tags)


def main(argv: list[str] | None = None) -> int:
    from .silver_fa import cli

    return cli(argv, __doc__, silver)


if __name__ == "__main__":
    sys.exit(main())
