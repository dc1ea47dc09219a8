"""One statement across languages, measured on NTREX's line-aligned translations.

    python -m newsloom.evaluation.statements_eval [--docs N] [--langs kaz,rus,...] [--no-embed]

NTREX translations keep the English article's lines (paragraphs) one to one,
so a quote of the English article and a quote of its translation are one
statement when they sit on the same line -- no hand labels needed.  Every
English article and each translation are annotated with one knowledge base
(as ``analyze`` links a corpus), their quotes aligned by
``statements.align``, and per language:

* precision: the share of pairs said to be one statement that sit on one line;
* recall: the share of English quotes on a line where the translation has a
  quote too that are paired with a quote of that line;
* the encoder's work: quotes encoded, and seconds spent in ``align``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

from . import CORPORA

LANGS = ("kaz", "rus", "arb", "fas", "tur")


def _line(article, q) -> tuple[str, int]:
    body = article.title if q.field == "title" else article.text
    return q.field, body.count("\n", 0, q.start)


class _Counting:
    """An encoder that counts the texts it is asked for."""

    def __init__(self, encoder) -> None:
        self.encoder, self.name, self.texts = encoder, encoder.name, 0

    def encode(self, texts):
        self.texts += len(texts)
        return self.encoder.encode(texts)


def evaluate(docs: int = 0, langs=LANGS, encoder=None) -> dict:
    from ..kb import KnowledgeBase
    from ..langid import normalize_lang_code
    from ..model import Article
    from ..pipeline import annotate
    from ..statements import align

    rows = [json.loads(line) for line in open(CORPORA / "ntrex" / "ntrex_docs.jsonl", encoding="utf-8")]
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))[: docs or None]
    by = {(r["doc_id"], r["lang"]): r for r in rows}
    kb = KnowledgeBase()
    arts = {}
    for lang in ("eng", *langs):
        for d in doc_ids:
            r = by.get((d, lang))
            if r is not None:
                arts[(d, lang)] = annotate(Article(id=f"{d}|{lang}", title=r.get("title") or "", text=r.get("text") or "",
                                                   lang=normalize_lang_code(lang)), kb)
    counting = _Counting(encoder) if encoder is not None else None
    out = {}
    for lang in langs:
        said = right = reachable = found = 0
        seconds = 0.0
        before = counting.texts if counting else 0
        for d in doc_ids:
            en, tr = arts.get((d, "eng")), arts.get((d, lang))
            if en is None or tr is None or not en.quotes or not tr.quotes:
                continue
            tr_lines = {_line(tr, q) for q in tr.quotes}
            t0 = time.process_time()
            pairs = align(en, tr, counting)
            seconds += time.process_time() - t0
            linked = defaultdict(set)
            for i, j, _ in pairs:
                said += 1
                ok = _line(en, en.quotes[i]) == _line(tr, tr.quotes[j])
                right += ok
                if ok:
                    linked[i].add(j)
            for i, q in enumerate(en.quotes):
                if _line(en, q) in tr_lines:
                    reachable += 1
                    found += bool(linked[i])
        p = right / said if said else 0.0
        r = found / reachable if reachable else 0.0
        out[lang] = {"pairs_said": said, "precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "reachable": reachable,
                     "quotes_encoded": (counting.texts - before) if counting else 0, "align_cpu_s": round(seconds, 2)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=0, help="NTREX documents (default all 123)")
    ap.add_argument("--langs", default=",".join(LANGS))
    ap.add_argument("--no-embed", action="store_true", help="align on names, numbers and speakers only")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from ..embed import default_encoder

    result = evaluate(args.docs, tuple(args.langs.split(",")), None if args.no_embed else default_encoder())
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"{'lang':5} {'said':>5} {'P':>6} {'R':>6} {'F1':>6} {'reach':>6} {'encoded':>8} {'align s':>8}")
        for lang, m in result.items():
            print(f"{lang:5} {m['pairs_said']:5} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['reachable']:6} "
                  f"{m['quotes_encoded']:8} {m['align_cpu_s']:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
