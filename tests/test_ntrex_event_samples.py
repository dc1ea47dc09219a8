import json
from collections import Counter, defaultdict

import pytest

from newsloom.evaluation.ntrex_events import EVENT_GOLD, doc, event_of_doc, event_sample, pairwise

from .conftest import CORPORA

NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"
LANGS = "eng,kaz,rus,arb,fas,tur,kir,uzb".split(",")


@pytest.fixture(scope="module")
def rows():
    if not NTREX.exists():
        pytest.skip("NTREX is not present")
    return [json.loads(line) for line in open(NTREX, encoding="utf-8")]


def test_every_gold_document_is_an_ntrex_document_listed_once(rows):
    ids = {r["doc_id"] for r in rows}
    listed = [d for ev in json.loads(EVENT_GOLD.read_text(encoding="utf-8"))["events"] for d in ev["doc_ids"]]
    assert listed and set(listed) <= ids and len(listed) == len(set(listed))
    label = event_of_doc(sorted(ids))
    assert len(set(label.values())) == len(ids) - len(listed) + len(json.loads(EVENT_GOLD.read_text(encoding="utf-8"))["events"])


def test_cross_sample_holds_each_document_once_and_an_event_in_distinct_languages(rows):
    chosen, gold = event_sample(rows, "cross", LANGS, seed=3)
    assert Counter(r["doc_id"] for r in chosen) == Counter({d: 1 for d in {r["doc_id"] for r in rows}})
    langs_of = defaultdict(list)
    for r in chosen:
        langs_of[gold[f"{r['doc_id']}|{r['lang']}"]].append(r["lang"])
    assert any(len(v) > 1 for v in langs_of.values())
    assert all(len(v) == len(set(v)) for v in langs_of.values())
    # The same seed gives the same sample, another seed another one.
    assert event_sample(rows, "cross", LANGS, seed=3)[0] == chosen
    assert event_sample(rows, "cross", LANGS, seed=4)[0] != chosen


def test_two_sample_holds_each_document_in_two_languages_and_gold_joins_outlets(rows):
    chosen, gold = event_sample(rows, "two", LANGS, seed=0)
    per_doc = defaultdict(set)
    for r in chosen:
        per_doc[r["doc_id"]].add(r["lang"])
    assert all(len(v) == 2 for v in per_doc.values()) and len(per_doc) == len({r["doc_id"] for r in rows})
    # Gold pairs are translations and also different documents of one happening.
    by_doc = {a: doc(a) for a in gold}
    perfect_docs = pairwise(gold, by_doc)
    assert perfect_docs[0] == 1.0 and perfect_docs[1] < 1.0
