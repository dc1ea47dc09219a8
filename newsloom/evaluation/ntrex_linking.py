"""Cross-script entity linking on NTREX: translations name the same entities.

    python -m newsloom.evaluation.ntrex_linking [--langs kaz,rus,arb,fas,tur] [--docs N] [--json] [--show N]
        [--spans-out FILE] [--over FILE]

Every NTREX document is a translation of one English article, so the names in
its Kazakh, Russian, Arabic or Persian version are (almost always) the names of
the English version.  All versions go through the real pipeline with one
knowledge base, the way ``analyze`` links a corpus.  Per language:

* recall: of the entity ids found in the English version, the share that is
  also found in that language's version of the same document;
* precision: of the ids found in that language's version, the share that is
  also in the English version (translators add and drop a few names, so
  neither number can reach 1 exactly);

broken down by type, with how many English ids there were at all and how
many of them were found ("matched": comparable between versions whose
English side finds different names, where a ratio alone is not).

Wrong merges are counted separately.  An id found in a translation but not
in its English original, while the id *is* an English entity of another
document and an English entity of the same type is left unmatched in this
document, most likely absorbed the name of that other entity: "merges" counts
those among the knowledge base's own ids (people), "gaz?" among gazetteer ids
(a place or organisation list matched something else, or English missed the
name), "extras" the ones with nothing of the type unmatched (English missed
the name or the translator added it).  ``--show N`` lists them.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict

from . import CORPORA

TYPES = ("PER", "ORG", "LOC")
_GAZETTEER = ("country:", "geonames:", "org:")


def _ids(article, kb) -> dict[str, set[str]]:
    """type -> entity ids found in the article."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in article.mentions:
        if m.entity_id:
            ent = kb.entities.get(m.entity_id)
            out[ent.type if ent else m.type].add(m.entity_id)
    return out


def _names(article, eid: str) -> list[str]:
    return sorted({m.base or m.text for m in article.mentions if m.entity_id == eid})


def _linked_spans(article) -> list[list]:
    return [[m.field, m.start, m.end] for m in article.mentions if m.entity_id]


def run(corpus: str, langs: list[str], english: str = "eng", docs: int = 0, over: dict | None = None) -> dict:
    """``over``: doc -> English spans (field, start, end) another run linked; recall is also given over
    the entities this run finds at those spans, so that a larger English side is told from a loss."""
    from ..kb import KnowledgeBase
    from ..model import Article
    from ..entities.recognize import default_recognizer
    from ..pipeline import annotate

    rows = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    present = {r["lang"] for r in rows}
    missing = [lang for lang in [english, *langs] if lang not in present]
    if missing:
        raise SystemExit(f"ntrex_linking: languages not in {corpus}: {', '.join(missing)} (it has {', '.join(sorted(present))})")
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))
    if docs:
        doc_ids = doc_ids[:docs]
    by = {(r["doc_id"], r["lang"]): r for r in rows}
    kb = KnowledgeBase()
    annotated: dict[tuple[str, str], object] = {}
    # English first, then one language after another: each translation meets a
    # knowledge base that already holds the whole English corpus, as a store
    # that has been running for a while would.
    started = time.perf_counter()
    link_seconds = 0.0
    for lang in [english, *langs]:
        for d in doc_ids:
            r = by.get((d, lang))
            if r is None:
                continue
            a = Article(id=f"{d}|{lang}", title=r.get("title") or "", text=r.get("text") or "", lang=lang)
            annotate(a)
            t = time.perf_counter()
            kb.link(a, default_recognizer().gazetteer.canonical)
            link_seconds += time.perf_counter() - t
            annotated[(d, lang)] = a
    seconds = time.perf_counter() - started

    en_ids = {d: _ids(annotated[(d, english)], kb) for d in doc_ids if (d, english) in annotated}
    english_anywhere: set[str] = set()
    for ids in en_ids.values():
        for s in ids.values():
            english_anywhere |= s

    # The entities of this run at the spans another run's English linked: the "same" English entity set.
    en_over: dict[str, set[str]] = {}
    if over is not None:
        for d in en_ids:
            spans = {tuple(x) for x in over.get(d, [])}
            en_over[d] = {m.entity_id for m in annotated[(d, english)].mentions if m.entity_id
                          and any(f == m.field and a < m.end and m.start < b for f, a, b in spans)}
    result: dict = {"documents": len(en_ids), "english": english,
                    "english_spans": {d: _linked_spans(annotated[(d, english)]) for d in en_ids}, "seconds": round(seconds, 1),
                    "link_articles_per_second": round(len(annotated) / link_seconds, 1) if link_seconds else None,
                    "english_ids": {t: sum(len(ids.get(t, ())) for ids in en_ids.values()) for t in TYPES},
                    "languages": {}}
    for lang in langs:
        hit, total_en, total_l, hit_l = Counter(), Counter(), Counter(), Counter()
        misses, merges, extras, hits = [], [], [], []
        for d, eids in en_ids.items():
            a = annotated.get((d, lang))
            if a is None:
                continue
            lids = _ids(a, kb)
            l_all = set().union(*lids.values()) if lids else set()
            e_all = set().union(*eids.values()) if eids else set()
            for t in TYPES:
                e, lo = eids.get(t, set()), lids.get(t, set())
                total_en[t] += len(e)
                total_l[t] += len(lo)
                hit[t] += len(e & l_all)
                hit_l[t] += len(lo & e_all)
                hits.extend((d, x) for x in sorted(e & l_all))
                for eid in sorted(e - l_all):
                    misses.append({"doc": d, "type": t, "id": eid, "english": _names(annotated[(d, english)], eid)})
                unmatched = sorted({n for x in e - l_all for n in _names(annotated[(d, english)], x)})
                for eid in sorted(lo - e_all):
                    if eid in english_anywhere:
                        item = {"doc": d, "type": t, "id": eid, "names": _names(a, eid), "english_here": unmatched}
                        # With an English entity of the type left unmatched, the
                        # name most likely belongs to it; without, English
                        # missed the name or the translator added it.
                        (merges if unmatched else extras).append(item)
        if over is not None:
            pairs = [(d, x) for d, xs in en_over.items() if (d, lang) in annotated for x in xs]
            found_over = sum(1 for d, x in pairs if x in set().union(*_ids(annotated[(d, lang)], kb).values() or [set()]))
        per_type = {
            t: {"english": total_en[t], "recall": _ratio(hit[t], total_en[t]), "found": total_l[t], "precision": _ratio(hit_l[t], total_l[t])}
            for t in TYPES
        }
        result["languages"][lang] = {
            "recall": _ratio(sum(hit.values()), sum(total_en.values())),
            "matched": sum(hit.values()),
            "precision": _ratio(sum(hit_l.values()), sum(total_l.values())),
            "by_type": per_type,
            **({"recall_over": _ratio(found_over, len(pairs)), "over_ids": len(pairs)} if over is not None else {}),
            # Gazetteer ids are fixed by the name lists; only the knowledge
            # base's own ids (people) can be merged by linking.
            "wrong_merges": sum(1 for m in merges if not m["id"].startswith(_GAZETTEER)),
            "gazetteer_mismatches": sum(1 for m in merges if m["id"].startswith(_GAZETTEER)),
            "merges": merges,
            "known_extras": len(extras),
            "extras": extras,
            "misses": misses,
            "hits": hits,
        }
    result["kb_conflicts"] = _conflicting_people(kb)
    return result


def _conflicting_people(kb) -> list[dict]:
    """Person entities whose English names carry contradicting given names."""
    from ..translit import name_key

    out = []
    for ent in kb.entities.values():
        if ent.type != "PER":
            continue
        full = {n for (lang, _, n) in ent.names if lang == "en" and len(name_key(n)) >= 2}
        givens = {name_key(n)[0] for n in full}
        if len(givens) > 1:
            out.append({"id": ent.id, "english": sorted(full)})
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _fmt(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(CORPORA / "ntrex" / "ntrex_docs.jsonl"))
    ap.add_argument("--langs", default="kaz,rus,arb,fas,tur", help="NTREX language codes, as in the file's 'lang' field")
    ap.add_argument("--english", default="eng", help="the English version to compare against (eng, eng-GB, eng-US)")
    ap.add_argument("--docs", type=int, default=0, help="only the first N documents (0 = all)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and wrong merges per language")
    ap.add_argument("--spans-out", metavar="FILE", help="write the English spans this run linked (for --over)")
    ap.add_argument("--over", metavar="FILE", help="also give recall over the entities at the English spans another run linked (its --spans-out)")
    args = ap.parse_args(argv)
    over = json.load(open(args.over, encoding="utf-8")) if args.over else None
    res = run(args.corpus, args.langs.split(","), args.english, args.docs, over)
    spans = res.pop("english_spans")
    if args.spans_out:
        with open(args.spans_out, "w", encoding="utf-8") as f:
            json.dump(spans, f)
    if args.json:
        if not args.show:
            for v in res["languages"].values():
                v.pop("misses")
                v.pop("extras")
                v.pop("hits")
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    en = res["english_ids"]
    print(f"{res['documents']} documents; English ids: " + ", ".join(f"{t} {en[t]}" for t in TYPES) + f" (total {sum(en.values())})")
    head = f"{'lang':6} {'matched':>7} {'recall':>7} {'prec':>7} " + " ".join(f"{t + ' R':>7} {t + ' P':>7}" for t in TYPES) + f" {'merges':>7} {'gaz?':>5} {'extras':>7}"
    print(head)
    print("-" * len(head))
    for lang, v in res["languages"].items():
        bt = v["by_type"]
        print(f"{lang:6} {v['matched']:>7} {_fmt(v['recall']):>7} {_fmt(v['precision']):>7} "
              + " ".join(f"{_fmt(bt[t]['recall']):>7} {_fmt(bt[t]['precision']):>7}" for t in TYPES)
              + f" {v['wrong_merges']:>7} {v['gazetteer_mismatches']:>5} {v['known_extras']:>7}")
    if over is not None:
        print("over the entities at the other run's English linked spans: "
              + ", ".join(f"{lang} {_fmt(v['recall_over'])} ({v['over_ids']})" for lang, v in res["languages"].items()))
    print(f"person entities with contradicting English given names: {len(res['kb_conflicts'])}")
    print(f"{res['seconds']} s in all; linking alone {res['link_articles_per_second']} articles/s")
    if args.show:
        for lang, v in res["languages"].items():
            print(f"\n== {lang}: misses")
            for m in v["misses"][: args.show]:
                print(f"  {m['doc']:14} {m['type']} {m['id']:40} {' | '.join(m['english'])}")
            print(f"== {lang}: wrong merges")
            for m in v["merges"][: args.show]:
                print(f"  {m['doc']:14} {m['type']} {m['id']:40} {' | '.join(m['names'])}   (English here, unmatched: {' | '.join(m['english_here'])})")
            print(f"== {lang}: ids of other English documents, nothing of the type unmatched here")
            for m in v["extras"][: args.show]:
                print(f"  {m['doc']:14} {m['type']} {m['id']:40} {' | '.join(m['names'])}")
        for c in res["kb_conflicts"][: args.show]:
            print(f"  conflict {c['id']}: {' | '.join(c['english'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
