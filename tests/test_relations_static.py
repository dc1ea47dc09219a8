"""Sentence confirmation with static candidates and encoder checks (relations.confirm with ``check``)."""

import json

import numpy as np
import pytest

from newsloom.analyze import _Sentences
from newsloom.embed import default_encoder
from newsloom.relations import Relation, aligned_sentences, confirm

from .conftest import CORPORA

NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"


@pytest.fixture(scope="module")
def docs():
    if not NTREX.is_file():
        pytest.skip("../shared/corpora/ntrex is not present")
    by = {}
    for line in open(NTREX, encoding="utf-8"):
        r = json.loads(line)
        by.setdefault(r["doc_id"], {})[r["lang"]] = r["text"]
    return list(by.values())


def _judge(a_text, b_text):
    enc = default_encoder()
    if enc is None:
        pytest.skip("no encoder")
    a, b = _Sentences(a_text), _Sentences(b_text)
    calls = []

    def check(i, j):
        calls.append((i, j))
        return float(a.e5(enc, i) @ b.e5(enc, j))

    rel = confirm(Relation("a", "b", "shared passage", 0.0, []), False, a.texts, a.static, b.texts, b.static, check=check)
    return rel, calls, a, b


def test_translation_confirmed_with_few_encoder_calls(docs):
    rel, calls, a, b = _judge(docs[1]["eng"], docs[1]["rus"])
    assert rel is not None and rel.kind == "translation"
    assert len(rel.evidence) >= 3
    # The encoder saw a handful of sentences, not the articles.
    assert len(calls) <= 8 and len(a._e5) + len(b._e5) < len(a.texts) + len(b.texts)


def test_different_articles_are_not_confirmed(docs):
    rel, calls, _, _ = _judge(docs[1]["eng"], docs[2]["rus"])
    assert rel is None and 0 < len(calls) <= 8


def test_order_term_prefers_the_diagonal():
    v = np.eye(3, dtype=np.float32)
    v2 = np.array([[1, 0, 0], [0, 1, 0], [0, 0.75, 0.66]], dtype=np.float32)
    v2 /= np.linalg.norm(v2, axis=1, keepdims=True)
    s = ["x", "y", "z"]
    # b's last sentence is nearest a's second: unaligned by cosine alone, aligned with the order term.
    assert [p[:2] for p in aligned_sentences(s, v, s, v2, threshold=0.0)] == [(0, 0), (1, 1)]
    assert [p[:2] for p in aligned_sentences(s, v, s, v2, threshold=0.0, order=1.0)] == [(0, 0), (1, 1), (2, 2)]
