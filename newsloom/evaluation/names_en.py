"""English names against a hand-read list: NTREX English documents (``names_en_gold.json``).

    python -m newsloom.evaluation.names_en [--misses]

Every string the gold lists for a document is a gold mention wherever it
stands in the document's text as a whole word, longest strings first (so
"Brett Kavanaugh" is one mention, not two); an ``ignore`` string covers its
places too, and a recognised mention that overlaps one counts neither way.
Scored as spans (exact extent, with and without the type) and as names (a
document's distinct gold strings, found when one of its places is
recognised exactly), for the recogniser as ``annotate`` runs it and, in the
same run, for the rules alone (what English had before its model).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from . import CORPORA

GOLD = Path(__file__).resolve().parent / "names_en_gold.json"
NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"
TYPES = ("PER", "ORG", "LOC")
_POSSESSIVE = re.compile(r"(?:['’]s?|\.)$")


def gold_spans(text: str, entry: dict) -> tuple[dict[tuple[int, int], str], list[tuple[int, int]]]:
    """(span -> type, ignored spans) of one document's text."""
    items = [(s, t) for t in TYPES for s in entry.get(t, [])] + [(s, "ignore") for s in entry.get("ignore", [])]
    items.sort(key=lambda x: -len(x[0]))
    taken = [False] * len(text)
    gold: dict[tuple[int, int], str] = {}
    ignored: list[tuple[int, int]] = []
    for s, t in items:
        for m in re.finditer(r"(?<![\w\-])" + re.escape(s) + r"(?![\w\-]\w)(?!\w)", text):
            a, b = m.span()
            if any(taken[a:b]):
                continue
            for x in range(a, b):
                taken[x] = True
            (ignored.append((a, b)) if t == "ignore" else gold.__setitem__((a, b), t))
    return gold, ignored


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """A mention's span without the possessive or a full stop the gold leaves out ("Kavanaugh's", "U.S.")."""
    m = _POSSESSIVE.search(text[a:b])
    return (a, b - len(m.group(0))) if m and b - len(m.group(0)) > a else (a, b)


def score(docs: dict, texts: dict[str, str], recognize) -> dict:
    c = Counter()
    misses: list[str] = []
    for d, entry in docs.items():
        text = texts[d]
        gold, ignored = gold_spans(text, entry)
        pred: dict[tuple[int, int], str] = {}
        for m in recognize(d, text):
            if m.field != "text" or m.type not in TYPES:
                continue
            a, b = _trimmed(text, m.start, m.end)
            if any(a < y and x < b for x, y in ignored):
                continue
            pred[(a, b)] = m.type
        for span, t in pred.items():
            c["pred"] += 1
            if span in gold:
                c["untyped tp"] += 1
                c["tp"] += gold[span] == t
            if gold.get(span) != t:
                misses.append(f"  {d:24} extra  {t} {text[span[0]:span[1]]!r}"
                              + (f" (gold {gold[span]})" if span in gold else ""))
        c["gold"] += len(gold)
        for span, t in gold.items():
            if span not in pred:
                misses.append(f"  {d:24} missed {t} {text[span[0]:span[1]]!r}")
        names = {text[a:b] for a, b in gold}
        found = {text[a:b] for a, b in gold if (a, b) in pred}
        c["names"] += len(names)
        c["names found"] += len(found)
        said = {text[a:b] for a, b in pred}
        c["names said"] += len(said)
        c["names said right"] += len(said & names)
    return {"counts": c, "misses": misses}


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, c: Counter) -> str:
    p, r, f = _prf(c["tp"], c["pred"], c["gold"])
    up, ur, uf = _prf(c["untyped tp"], c["pred"], c["gold"])
    np_, nr, _ = _prf(c["names said right"], c["names said"], c["names"])
    return (f"{name:18} spans P {p:.3f} R {r:.3f} F1 {f:.3f} | untyped P {up:.3f} R {ur:.3f} F1 {uf:.3f}"
            f" | names R {nr:.3f} ({c['names found']}/{c['names']}) P {np_:.3f}")


def main(argv: list[str] | None = None) -> int:
    from ..entities.recognize import Recognizer, default_recognizer
    from ..model import Article
    from ..pipeline import prepare

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--corpus", default=str(NTREX))
    ap.add_argument("--misses", action="store_true", help="list every missed and extra mention")
    args = ap.parse_args(argv)
    docs = json.loads(Path(args.gold).read_text(encoding="utf-8"))["docs"]
    texts = {}
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["lang"] == "eng" and r["doc_id"] in docs:
                texts[r["doc_id"]] = r["text"]

    def runner(rec):
        def recognize(d, text):
            art = Article(id=d, text=text, lang="en")
            prepare(art)
            return rec.recognize(art)
        return recognize

    systems = [("rules alone", Recognizer(use_tagger=False)), ("recogniser", default_recognizer())]
    for name, rec in systems:
        res = score(docs, texts, runner(rec))
        print(report(name, res["counts"]))
        if args.misses:
            print("\n".join(res["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
