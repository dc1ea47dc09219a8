"""Whether entity recognition and linking give exactly the same output as another checkout.

    python benchmarks/check_entities_same.py --write /tmp/main.jsonl      # in the reference checkout
    python benchmarks/check_entities_same.py --against /tmp/main.jsonl    # in the changed one

A speed change to the recogniser, gazetteer, cues, tagger or knowledge base
must not move one mention: this writes every mention (field, offsets, text,
type, base, source, entity id after linking) of NTREX articles in seven
languages and of the seed articles, all linked in one knowledge base in
corpus order, one JSON line an article, and compares two such files line by
line.  Exit status 1 when they differ.

Runs under PYTHONHASHSEED=0 (it starts itself again so): linking reads some
sets in iteration order, so that two processes of the same code can differ.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NTREX, load_ntrex  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
LANGS = "eng,kaz,rus,arb,fas,tur,ukr"


def articles(n: int, langs: str):
    from newsloom.evaluation.seeds_entities import _read
    from newsloom.model import Article

    for r in load_ntrex(NTREX, langs.split(","), n):
        yield Article(id=f"{r['doc_id']}|{r['lang']}", title=r["title"], text=r["text"], lang=r["lang"])
    for path in sorted(SEEDS.glob("*.txt")):
        yield _read(path)


def lines(n: int, langs: str):
    from newsloom import pipeline
    from newsloom.kb import KnowledgeBase

    kb = KnowledgeBase()
    for a in articles(n, langs):
        pipeline.prepare(a)
        kb.link(a, pipeline.default_recognizer().gazetteer.canonical)
        yield json.dumps({"id": a.id, "lang": a.lang, "mentions": [
            [m.field, m.start, m.end, m.text, m.type, m.base, m.source, m.entity_id] for m in a.mentions]},
            ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=420, help="NTREX articles (languages interleaved per document)")
    ap.add_argument("--langs", default=LANGS)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", help="write the output here")
    g.add_argument("--against", help="compare with this earlier output")
    args = ap.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    got = list(lines(args.n, args.langs))
    if args.write:
        Path(args.write).write_text("\n".join(got) + "\n", encoding="utf-8")
        print(f"{len(got)} articles, {sum(len(json.loads(x)['mentions']) for x in got)} mentions -> {args.write}")
        return 0
    want = Path(args.against).read_text(encoding="utf-8").splitlines()
    differ = [(w, g) for w, g in zip(want, got) if w != g]
    for w, g in differ[:5]:
        print("want", w[:400], "\ngot ", g[:400], "\n")
    same = not differ and len(want) == len(got)
    print(f"{len(got)} articles ({len(want)} in {args.against}): {'identical' if same else f'{len(differ)} differ'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
