"""The five seed articles against a hand-written list of every person, organisation and place.

    python -m newsloom.evaluation.seeds_entities [--seeds DIR] [--show]

The list below was written by reading the articles (Kazakh, Arabic, Persian);
it holds entity names, not article text.  Each gold entity has, per article
that names it, stems of the names it goes by there: a recognised mention is
that entity's when it contains one of them (the longest stem wins, so
"Ұжымдық қауіпсіздік кеңесі" is the council, not the CSTO).  All five articles go
through ``annotate`` with one knowledge base, as ``analyze`` links a corpus.

* recall: of the (entity, article) pairs of the list, the share with a mention;
* identity: of the entities found in two articles or more, the share whose
  mentions carry one entity id in all of them;
* wrong merges: entity ids that hold two gold entities, and single mentions
  that do (other than an organisation named after its place).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from . import CORPORA

KAZ = ["қазақстан"]
# gold id -> (type, {article: [name stems]}); article = the file name's number
GOLD: dict[str, tuple[str, dict[str, list[str]]]] = {
    "Tokayev": ("PER", {"000": ["тоқаев"], "001": ["тоқаев"], "002": ["توقاييف"], "003": ["تاکایف"], "004": ["тоқаев"]}),
    "Kazakhstan": ("LOC", {"000": KAZ, "001": KAZ, "002": ["كازاخستان"], "003": ["قزاقستان"], "004": KAZ}),
    "CSTO": ("ORG", {"000": ["ұқшұ", "ұжымдық қауіпсіздік туралы шарт ұйым", "ұжымдық қауіпсіздік шарты ұйым"],
                     "001": ["ұқшұ"], "002": ["معاهدة الأمن الجماعي", "الأمن الجماعى", "الأمن الجماعي"],
                     "003": ["پیمان امنیت جمعی"], "004": ["ұқшұ", "ұжымдық қауіпсіздік туралы шарт ұйым"]}),
    "CSTO Collective Security Council": ("ORG", {"002": ["مجلس الأمن الجماعي"], "003": ["شورای سران"],
                                                 "004": ["ұжымдық қауіпсіздік кеңес"]}),
    "Security Council of Kazakhstan": ("ORG", {"000": ["қауіпсіздік кеңес"], "002": ["مجلس الأمن"], "003": ["شورای امنیت"]}),
    "National Security Committee": ("ORG", {"002": ["لجنة الأمن القومي"], "003": ["کمیته امنیت ملی"]}),
    "Ministry of Defence of Kazakhstan": ("ORG", {"002": ["وزارة الدفاع", "وزير الدفاع"], "003": ["وزارت دفاع"]}),
    "Russia": ("LOC", {"000": ["ресей"], "002": ["روسيا"], "004": ["ресей"]}),
    "Armenia": ("LOC", {"000": ["армения"], "002": ["أرمينيا", "ارمينيا"], "003": ["ارمنستان"], "004": ["армения"]}),
    "Belarus": ("LOC", {"000": ["беларусь"], "002": ["بيلاروسيا"], "004": ["беларусь"]}),
    "Tajikistan": ("LOC", {"000": ["тәжікстан"], "002": ["طاجيكستان"], "004": ["тәжікстан"]}),
    "Kyrgyzstan": ("LOC", {"000": ["қырғыз республика"], "002": ["قيرغيزستان"], "004": ["қырғызстан"]}),
    "Almaty": ("LOC", {"000": ["алматы"], "001": ["алматы"], "002": ["ألماتي", "الماتي"], "003": ["آلماتی"]}),
    "Nikol Pashinyan": ("PER", {"002": ["باشينيان"], "003": ["پاشینیان"]}),
    "Facebook": ("ORG", {"002": ["فيسبوك"], "003": ["فیس بوک", "فیسبوک"]}),
    "Middle East": ("LOC", {"001": ["таяу шығыс"], "004": ["таяу шығыс"]}),
    "Massaget.kz": ("ORG", {"000": ["massaget"]}),
    "Dikan Kamzabekuly": ("PER", {"000": ["қамзабекұл"]}),
    "Kazakh Gazetteri": ("ORG", {"000": ["қазақ газеттері"]}),
    "Aksai bread factory": ("ORG", {"000": ["ақсай"]}),
    "Almaty Su": ("ORG", {"000": ["алматы су"]}),
    "Zhetigen": ("LOC", {"000": ["жетіген"]}),
    "YouTube": ("ORG", {"000": ["youtube"]}),
    "Zh. Kadyrzhanova": ("PER", {"000": ["қадыржанова"]}),
    "Afghanistan": ("LOC", {"001": ["ауғанстан"]}),
    "European Council": ("ORG", {"001": ["еуропалық кеңес"]}),
    "Charles Michel": ("PER", {"001": ["мишель"]}),
    "Akorda": ("ORG", {"001": ["ақорда"]}),
    "European Union": ("ORG", {"001": ["еуропалық одақ"]}),
    "Central Asia": ("LOC", {"001": ["орталық азия"]}),
    "Nur-Sultan": ("LOC", {"002": ["نور سلطان"]}),
    "Akhbar el-Yom gate": ("ORG", {"002": ["أخبار اليوم", "اخبار اليوم"]}),
    "Fars News Agency": ("ORG", {"003": ["فارس"]}),
    "Dushanbe": ("LOC", {"003": ["دوشنبه"]}),
    "CIS": ("ORG", {"004": ["тмд"]}),
    "Tashkent": ("LOC", {"004": ["ташкент"]}),
    "Uzbekistan": ("LOC", {"004": ["өзбекстан"]}),
    "Azerbaijan": ("LOC", {"004": ["әзірбайжан", "әзербайжан"]}),
    "Georgia": ("LOC", {"004": ["грузия"]}),
    "Sadyr Japarov": ("PER", {"004": ["жапаров"]}),
    "Vladimir Putin": ("PER", {"004": ["путин"]}),
    "Alexander Lukashenko": ("PER", {"004": ["лукашенко"]}),
    "Emomali Rahmon": ("PER", {"004": ["рахмон"]}),
    "Sergei Lebedev": ("PER", {"004": ["лебедев"]}),
    "Shanghai Cooperation Organisation": ("ORG", {"004": ["шанхай ынтымақтастық ұйым"]}),
    "Zhang Ming": ("PER", {"004": ["чжан мин"]}),
}


def _read(path: Path):
    from ..model import Article

    raw = path.read_text(encoding="utf-8", errors="replace")
    lines = raw.splitlines()
    head = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return Article(id=path.name[:3], title=lines[head].strip() if lines else "", text="\n".join(lines[head + 1 :]))


def _gold_of(text: str, doc: str) -> list[str]:
    """Gold entities whose stems the mention holds, longest stem first, nested stems dropped."""
    from ..normalize import fold

    t = fold(text)
    hits = sorted(((len(fold(s)), g) for g, (_, docs) in GOLD.items() for s in docs.get(doc, ()) if fold(s) in t), reverse=True)
    out: list[str] = []
    spans: list[str] = []
    for _, g in hits:
        stems = [fold(s) for s in GOLD[g][1][doc] if fold(s) in t]
        if g not in out and not any(s in longer for s in stems for longer in spans):
            out.append(g)
        spans.extend(stems)
    return out


def run(seeds: Path) -> dict:
    from ..kb import KnowledgeBase
    from ..pipeline import annotate

    kb = KnowledgeBase()
    found: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (gold, doc) -> entity ids of its mentions
    holders: dict[str, set[str]] = defaultdict(set)  # entity id -> gold entities among its mentions
    swallowed = []
    for path in sorted(seeds.glob("*.txt")):
        a = annotate(_read(path), kb)
        for m in a.mentions:
            golds = _gold_of(m.text, a.id)
            # An organisation may be named after its place ("Security Council
            # of Kazakhstan"); any other span holding two entities merged them.
            if len(golds) > 1 and GOLD[golds[0]][0] != "ORG":
                swallowed.append((a.id, m.text, golds))
            for g in golds[:1]:
                found[(g, a.id)][m.entity_id or f"(unlinked {m.text})"] += 1
                if m.entity_id:
                    holders[m.entity_id].add(g)
    pairs = [(g, d) for g, (_, docs) in GOLD.items() for d in docs]
    missed = [p for p in pairs if p not in found]
    recurring, one_id, split = 0, 0, []
    for g, (_, docs) in GOLD.items():
        ids = [set(found[(g, d)]) for d in docs if (g, d) in found]
        if len(ids) < 2:
            continue
        recurring += 1
        if set.intersection(*ids):
            one_id += 1
        else:
            split.append((g, [sorted(x) for x in ids]))
    merges = {eid: sorted(gs) for eid, gs in holders.items() if len(gs) > 1}
    return {"gold_entities": len(GOLD), "pairs": len(pairs), "recall": round(1 - len(missed) / len(pairs), 3),
            "identity": round(one_id / recurring, 3) if recurring else None, "recurring": recurring,
            "wrong_merges": len(merges) + len(swallowed), "missed": missed, "split": split,
            "merged": merges, "swallowed": swallowed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default=str(CORPORA / "seeds"))
    ap.add_argument("--show", action="store_true", help="list misses, split entities and merges")
    args = ap.parse_args(argv)
    seeds = Path(args.seeds)
    if not seeds.is_dir() or not any(seeds.glob("*.txt")):
        raise SystemExit(f"seeds_entities: no seed articles (*.txt) in {seeds}")
    r = run(seeds)
    print(f"{r['gold_entities']} gold entities, {r['pairs']} (entity, article) pairs: recall {r['recall']:.3f}; "
          f"identity {r['identity']} over {r['recurring']} recurring entities; wrong merges {r['wrong_merges']}")
    if args.show:
        for g, d in r["missed"]:
            print(f"  missed   {d} {g}")
        for g, ids in r["split"]:
            print(f"  split    {g}: {ids}")
        for eid, gs in r["merged"].items():
            print(f"  merged   {eid}: {gs}")
        for d, text, gs in r["swallowed"]:
            print(f"  one span {d} {text!r}: {gs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
