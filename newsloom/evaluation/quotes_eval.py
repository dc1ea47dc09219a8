"""Who said what, measured two ways.

    python -m newsloom.evaluation.quotes_eval [--docs N] [--no-embed] [--json] [--quotes-out FILE] [--over FILE]

* seeds: every quote of seeds 002 (Arabic) and 003 (Persian) was read by hand
  (``quotes_seeds_gold.json``: offsets only).  Detection P/R/F1 by content
  overlap (a found quote and a gold quote match when they share at least half
  of the shorter one's characters), speaker accuracy on the matched gold
  quotes (the found speaker id is the id of the gold speaker's mention), and
  statement alignment across the two articles: precision and recall of the
  (Arabic quote, Persian quote) pairs said to be one statement.
* NTREX: every English article's quote with a known speaker should be found
  in each translation, with the same speaker id (one knowledge base for all
  versions, as ``analyze`` links a corpus): per language, the share of English
  attributed quotes whose speaker has a quote in the translation ("speaker
  recall"), and the share of the translation's attributed quotes whose
  speaker is an English quote's speaker ("speaker precision").  When the
  English side changes, ``--quotes-out`` of one run and ``--over`` of another
  give recall over the second run's speakers of the quotes the first linked.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from importlib import resources

from . import CORPORA

NTREX_LANGS = ("kaz", "rus", "arb", "fas", "tur")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def seeds(encoder=None) -> dict:
    from ..ingest import iter_articles
    from ..kb import KnowledgeBase
    from ..pipeline import annotate
    from ..statements import align

    gold = json.loads((resources.files("newsloom.evaluation") / "quotes_seeds_gold.json").read_text(encoding="utf-8"))["quotes"]
    paths = sorted(p for seed in ("002", "003") for p in (CORPORA / "seeds").glob(f"{seed}_*.txt"))
    kb = KnowledgeBase()
    arts = {a.id.split("/")[-1][:3]: annotate(a, kb) for a in iter_articles([str(p) for p in paths], [])}
    out: dict = {}
    matched: dict[str, dict[int, int]] = {}  # seed -> found quote index -> gold index
    for seed, art in arts.items():
        g = [q for q in gold if q["seed"] == seed]
        found = art.quotes
        hits_p = sum(any(_overlap((f.start, f.end), (q["start"], q["end"])) for q in g) for f in found)
        speaker_ok, hits_r = 0, 0
        matched[seed] = {}
        for gi, q in enumerate(g):
            fs = [i for i, f in enumerate(found) if _overlap((f.start, f.end), (q["start"], q["end"]))]
            if not fs:
                continue
            hits_r += 1
            want = next((m.entity_id for m in art.mentions if m.start <= q["speaker_at"] < m.end), None)
            speaker_ok += any(found[i].speaker_id == want and want is not None for i in fs)
            for i in fs:
                matched[seed][i] = gi
        out[art.lang] = _prf(hits_p, len(found), hits_r, len(g)) | {
            "found": len(found), "gold": len(g), "speaker_accuracy": round(speaker_ok / hits_r, 3) if hits_r else None}
    ga = [q for q in gold if q["seed"] == "002"]
    gb = [q for q in gold if q["seed"] == "003"]
    gold_pairs = {(i, j) for i, a in enumerate(ga) for j, b in enumerate(gb) if a["statement"] == b["statement"]}
    pairs = align(arts["002"], arts["003"], encoder)
    said = {(matched["002"].get(i), matched["003"].get(j)) for i, j, _ in pairs}
    ok = {p for p in said if p in gold_pairs}
    gold_statements = {q["statement"] for q in ga} & {q["statement"] for q in gb}
    linked = {ga[i]["statement"] for i, j in ok}
    out["statements ar-fa"] = {"pairs_said": len(pairs), "pairs_right": len(ok), "precision": round(len(ok) / len(pairs), 3) if pairs else None,
                               "statements_linked": f"{len(linked)}/{len(gold_statements)}"}
    return out


def ntrex(docs: int = 0, misses=None, over: dict | None = None) -> dict:
    """``over``: doc -> English quotes (field, start, end) another run gave a linked speaker; recall
    is also given over this run's speakers of those quotes, so that more English speakers are told from a loss."""
    from ..kb import KnowledgeBase
    from ..langid import normalize_lang_code
    from ..model import Article
    from ..pipeline import annotate

    rows = [json.loads(line) for line in open(CORPORA / "ntrex" / "ntrex_docs.jsonl", encoding="utf-8")]
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))[: docs or None]
    by = {(r["doc_id"], r["lang"]): r for r in rows}
    kb = KnowledgeBase()
    speakers: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    annotated: dict[tuple[str, str], Article] = {}
    linked_quotes: dict[str, list] = {}
    speakers_over: dict[str, set[str]] = {}
    for lang in ("eng", *NTREX_LANGS):
        for d in doc_ids:
            r = by.get((d, lang))
            if r is None:
                continue
            a = annotate(Article(id=f"{d}|{lang}", title=r.get("title") or "", text=r.get("text") or "", lang=normalize_lang_code(lang)), kb)
            counts[lang] += len(a.quotes)
            if misses is not None:
                annotated[(d, lang)] = a
            speakers[(d, lang)] = {q.speaker_id for q in a.quotes if q.speaker_id}
            if lang == "eng":
                linked_quotes[d] = [[q.field, q.start, q.end] for q in a.quotes if q.speaker_id and not _local_id(q.speaker_id)]
                if over is not None:
                    spans = over.get(d, [])
                    speakers_over[d] = {q.speaker_id for q in a.quotes if q.speaker_id and not _local_id(q.speaker_id)
                                        and any(f == q.field and s < q.end and q.start < e for f, s, e in spans)}
    out = {"eng": {"quotes": counts["eng"], "attributed_speakers": sum(len(speakers[(d, "eng")]) for d in doc_ids),
                   "linked_speakers": sum(not _local_id(s) for d in doc_ids for s in speakers[(d, "eng")])},
           "english_linked_quotes": linked_quotes}
    for lang in NTREX_LANGS:
        en_total = hit_r = tr_total = hit_p = en_linked = hit_linked = 0
        for d in doc_ids:
            en, tr = speakers[(d, "eng")], speakers[(d, lang)]
            en_total += len(en)
            hit_r += len(en & tr)
            tr_total += len(tr)
            hit_p += len(tr & en)
            # An id of the article's own ("PER:Trump", a name the knowledge base did not link) can never
            # be the translation's: recall over the linked English speakers is what quotes can reach.
            linked = {s for s in en if not _local_id(s)}
            en_linked += len(linked)
            hit_linked += len(linked & tr)
        out[lang] = {"quotes": counts[lang], "speaker_recall": round(hit_r / en_total, 3) if en_total else None,
                     "speaker_precision": round(hit_p / tr_total, 3) if tr_total else None,
                     "linked_speaker_recall": round(hit_linked / en_linked, 3) if en_linked else None}
        if over is not None:
            n_over = sum(len(x) for x in speakers_over.values())
            hit_over = sum(len(x & speakers[(d, lang)]) for d, x in speakers_over.items())
            out[lang]["linked_speaker_recall_over"] = round(hit_over / n_over, 3) if n_over else None
            out[lang]["over_speakers"] = n_over
    if misses is not None:
        _dump_misses(misses, doc_ids, annotated, speakers)
    return out


def _local_id(sid: str) -> bool:
    return sid[:4] in ("PER:", "ORG:")


def _dump_misses(out, doc_ids, annotated, speakers) -> None:
    """Each English speaker a translation lacks: the English quotes, and what the translation has of that speaker."""
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for lang in NTREX_LANGS:
        for d in doc_ids:
            en, tr = annotated.get((d, "eng")), annotated.get((d, lang))
            if en is None or tr is None:
                continue
            for sid in sorted(speakers[(d, "eng")] - speakers[(d, lang)]):
                named = [m for m in tr.mentions if m.entity_id == sid]
                if not named:
                    # An id of the article's own ("PER:Mr. Adams") cannot be the translation's: a linking question.
                    why = "not named in translation, speaker unlinked in English" if _local_id(sid) else "not named (linked) in translation"
                else:
                    near = [q for q in tr.quotes if any(m.field == q.field and abs(m.start - q.start) < 300 or q.start <= m.start < q.end + 150 for m in named)]
                    why = "quote found near the speaker, other speaker" if any(q.speaker_id for q in near) else \
                          "quote found near the speaker, no speaker" if near else "no quote found near the speaker"
                tally[(lang, why)] += 1
                print(f"## {lang} {d} speaker {sid} named in translation: {sorted({m.text for m in named}) or 'NO'} -- {why}", file=out)
                for q in en.quotes:
                    if q.speaker_id == sid:
                        print(f"   en [{q.kind}] {q.cue.text if q.cue else '-'} | {' '.join(q.text.split())[:150]}", file=out)
                for q in tr.quotes:
                    print(f"   {lang} [{q.kind}] {q.cue.text if q.cue else '-'} -> {q.speaker_id} ({q.speaker_name}) | {' '.join(q.text.split())[:150]}", file=out)
    print("== misses by class", file=out)
    for (lang, why), n in sorted(tally.items()):
        print(f"{lang} {n:3} {why}", file=out)


def _same_name(found: str | None, aliases: list[str]) -> bool:
    """A found speaker name is a gold one when a word of each agrees up to its case ending ("Муалема" / "Муалем")."""
    if not found:
        return False
    fw = [w.casefold() for w in found.replace("-", " ").split() if len(w) >= 2]
    for alias in aliases:
        for g in (w.casefold() for w in alias.replace("-", " ").split() if len(w) >= 2):
            if any(f == g or (min(len(f), len(g)) >= 4 and f[:max(4, min(len(f), len(g)) - 2)] == g[:max(4, min(len(f), len(g)) - 2)]) for f in fw):
                return True
    return False


def gold(misses=None) -> dict:
    """The hand-read NTREX gold (``quotes_ntrex_gold.json``): detection P/R/F1 and speaker accuracy per language and split."""
    from ..kb import KnowledgeBase
    from ..langid import normalize_lang_code
    from ..model import Article
    from ..pipeline import annotate

    g = json.loads((resources.files("newsloom.evaluation") / "quotes_ntrex_gold.json").read_text(encoding="utf-8"))["docs"]
    rows = {(r["doc_id"], r["lang"]): r for r in map(json.loads, open(CORPORA / "ntrex" / "ntrex_docs.jsonl", encoding="utf-8"))}
    kb = KnowledgeBase()
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in g:
        r = rows[(d["doc"], d["lang"])]
        a = annotate(Article(id=f"{d['doc']}|{d['lang']}", title=r.get("title") or "", text=r.get("text") or "",
                             lang=normalize_lang_code(d["lang"])), kb)
        spans = [(a.text.index(q["text"]), a.text.index(q["text"]) + len(q["text"]), q["speaker"]) for q in d["quotes"]]
        found = [q for q in a.quotes if q.field == "text"]
        for key in (d["lang"], f"{d['lang']} {d['split']}"):
            t = tally[key]
            t["found"] += len(found)  # the gold reads the text only: a title's quote is neither right nor wrong
            t["gold"] += len(spans)
            t["tp_p"] += sum(any(_overlap((f.start, f.end), s[:2]) for s in spans) for f in found)
            for s, e, speaker in spans:
                fs = [f for f in found if _overlap((f.start, f.end), (s, e))]
                if not fs:
                    continue
                t["tp_r"] += 1
                names = [n for f in fs for n in (f.speaker_name, f.speaker_mention.text if f.speaker_mention else None)]
                if speaker:
                    t["named"] += 1
                    ok = any(_same_name(n, speaker) for n in names)
                    t["named_ok"] += ok
                else:
                    t["unnamed"] += 1
                    ok = all(f.speaker_id is None for f in fs)
                    t["unnamed_ok"] += ok
                if misses is not None and not ok and key == d["lang"]:
                    f = fs[0]
                    print(f"WRONG {d['doc']} {d['lang']} {d['split']} gold={speaker} got={f.speaker_id} "
                          f"mention={f.speaker_mention.text if f.speaker_mention else None} cue={f.cue.text if f.cue else None}"
                          f" | {' '.join(a.text[s:e].split())[:120]}", file=misses)
            if misses is not None and key == d["lang"]:
                for s, e, speaker in spans:
                    if not any(_overlap((f.start, f.end), (s, e)) for f in found):
                        print(f"MISSED {d['doc']} {d['lang']} {d['split']} gold={speaker} | {' '.join(a.text[s:e].split())[:120]}", file=misses)
                for f in found:
                    if not any(_overlap((f.start, f.end), sp[:2]) for sp in spans):
                        print(f"EXTRA {d['doc']} {d['lang']} {d['split']} got={f.speaker_id} | {' '.join(f.text.split())[:120]}", file=misses)
    out = {}
    for key, t in sorted(tally.items()):
        out[key] = _prf(t["tp_p"], t["found"], t["tp_r"], t["gold"]) | {
            "found": t["found"], "gold": t["gold"],
            "speaker_accuracy": round((t["named_ok"] + t["unnamed_ok"]) / t["tp_r"], 3) if t["tp_r"] else None,
            "named_speaker_accuracy": round(t["named_ok"] / t["named"], 3) if t["named"] else None}
    return out


def figures(docs: int = 0, out=None) -> dict:
    """Conflicting figures on NTREX: the six versions of one document are one event reporting the same numbers,
    so every conflict flagged among them is a false alarm (or a translator's slip, which ``out`` lists to read);
    matched claims are the figures found alike in two or more languages."""
    from ..kb import KnowledgeBase
    from ..langid import normalize_lang_code
    from ..model import Article
    from ..pipeline import annotate
    from ..statements import figure_claims

    rows = [json.loads(line) for line in open(CORPORA / "ntrex" / "ntrex_docs.jsonl", encoding="utf-8")]
    doc_ids = list(dict.fromkeys(r["doc_id"] for r in rows))[: docs or None]
    by = {(r["doc_id"], r["lang"]): r for r in rows}
    kb = KnowledgeBase()
    total = {"docs": 0, "claims": 0, "matched": 0, "conflicts": 0, "docs_with_conflict": 0, "multilingual_claims": 0}
    for d in doc_ids:
        arts = []
        for lang in ("eng", *NTREX_LANGS):
            r = by.get((d, lang))
            if r is None:
                continue
            a = annotate(Article(id=f"{d}|{lang}", title=r.get("title") or "", text=r.get("text") or "", lang=normalize_lang_code(lang)), kb)
            arts.append((a.id, a.lang, a.title, a.text, a.figures))
        claims = figure_claims(arts)
        total["docs"] += 1
        total["claims"] += len(claims["figures"])
        total["matched"] += len(claims["figures_matched"])
        total["conflicts"] += len(claims["figures_conflicting"])
        total["docs_with_conflict"] += bool(claims["figures_conflicting"])
        total["multilingual_claims"] += sum(len(c["languages"]) >= 2 for c in claims["figures"])
        if out is not None:
            for c in claims["figures_conflicting"]:
                print(f"CONFLICT {d}: {c}", file=out)
    total["conflict_rate"] = round(total["conflicts"] / total["claims"], 3) if total["claims"] else None
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=0, help="NTREX documents (default all 123)")
    ap.add_argument("--no-embed", action="store_true", help="align statements on names and numbers only")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--gold-only", action="store_true", help="only the hand-read NTREX English/Russian gold")
    ap.add_argument("--figures", metavar="FILE", help="only the NTREX figures check; write every conflict flagged to FILE")
    ap.add_argument("--misses", metavar="FILE", help="write every English quote speaker a translation misses, with the translation's quotes "
                    "(with --gold-only: every gold quote missed or wrongly attributed, and every quote the gold lacks)")
    ap.add_argument("--quotes-out", metavar="FILE", help="write where the English quotes with a linked speaker are (for --over)")
    ap.add_argument("--over", metavar="FILE", help="also give speaker recall over this run's speakers of the English quotes "
                    "another run linked (its --quotes-out)")
    args = ap.parse_args(argv)
    from ..embed import default_encoder

    if args.figures:
        result = {"ntrex figures": {"all": figures(args.docs, open(args.figures, "w", encoding="utf-8"))}}
    elif args.gold_only:
        result = {"ntrex gold": gold(open(args.misses, "w", encoding="utf-8") if args.misses else None)}
    else:
        over = json.load(open(args.over, encoding="utf-8")) if args.over else None
        result = {"seeds": seeds(None if args.no_embed else default_encoder()), "ntrex gold": gold(),
                  "ntrex": ntrex(args.docs, open(args.misses, "w", encoding="utf-8") if args.misses else None, over)}
        linked = result["ntrex"].pop("english_linked_quotes")
        if args.quotes_out:
            with open(args.quotes_out, "w", encoding="utf-8") as f:
                json.dump(linked, f)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for part, rows in result.items():
            print(f"== {part}")
            for k, v in rows.items():
                print(f"  {k:18} {json.dumps(v, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
