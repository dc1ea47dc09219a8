"""compare: what the encoder reads of each article, the pair evidence built from it, the evaluation's vector cache."""

from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np

from newsloom.compare import CHUNK_CHARS, MAX_CHUNKS, FEATURES, _TextMemo, _whole, article_chunks, compare_pairs
from newsloom.embed import SemanticSpace
from newsloom.model import Article


class HashEncoder:
    """Deterministic bag-of-words vectors: texts sharing words are close, and each call is counted."""

    name = "test/hash-bow"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        out = []
        for t in texts:
            self.seen.append(t)
            v = np.zeros(64)
            for w in t.lower().split():
                v[int(hashlib.md5(w.strip(".,").encode()).hexdigest(), 16) % 64] += 1.0
            out.append(list(v / (np.linalg.norm(v) or 1.0)))
        return out


def _words(n: int, stem: str = "word") -> str:
    return " ".join(f"{stem}{i}" for i in range(n))


def test_chunks_start_with_the_headline_and_never_cut_a_word():
    text = _words(400)  # about 2,700 characters
    pieces = article_chunks(Article(id="a", title="A headline", text=text))
    assert pieces[0].startswith("A headline. word0 ")
    assert 1 < len(pieces) <= MAX_CHUNKS
    assert all(len(p) <= CHUNK_CHARS for p in pieces[1:])
    # Read back in order, the pieces are the text's first words, none cut in two.
    joined = " ".join(pieces)[len("A headline. "):].split()
    assert joined == text.split()[: len(joined)]


def test_chunks_of_short_and_odd_articles():
    assert article_chunks(Article(id="a", title="Only a title", text="")) == ["Only a title"]
    assert article_chunks(Article(id="a", title="", text="  short   text ")) == ["short text"]
    long_word = "x" * (MAX_CHUNKS * CHUNK_CHARS)
    pieces = article_chunks(Article(id="a", title="", text=long_word))
    assert "".join(pieces) == long_word and all(len(p) <= CHUNK_CHARS for p in pieces)
    assert len(article_chunks(Article(id="a", title="t", text=_words(5000)))) == MAX_CHUNKS


def test_memo_encodes_each_distinct_piece_once():
    enc = HashEncoder()
    memo = _TextMemo(enc)
    views = [["a b", "c d"], ["a b"], ["c d", "e f"]]
    mats = memo.matrices(views)
    assert sorted(enc.seen) == ["a b", "c d", "e f"]
    assert [m.shape[0] for m in mats] == [2, 1, 2]
    assert np.allclose(mats[0][0], mats[1][0])
    memo.matrices([["a b", "e f"]])
    assert len(enc.seen) == 3


def test_best_match_average_sees_a_short_article_inside_a_long_one():
    rng = np.random.default_rng(1)
    pieces = rng.standard_normal((4, 32))
    space = SemanticSpace({})
    doc, bma, best = _whole(space, pieces, pieces[:1], "en", "en", centred=False)
    assert best > 0.999
    # The short article is the long one's first piece: every short piece has its
    # exact match, so the best-match average beats the cosine of the means.
    assert bma > doc
    unrelated = rng.standard_normal((1, 32))
    assert _whole(space, pieces, unrelated, "en", "en", centred=False)[1] < bma


def test_compare_uses_the_whole_article_not_only_its_lead():
    enc = HashEncoder()
    lead = _words(90, "lead")  # a shared opening of about 650 characters
    a = Article(id="p/a", title="", text=lead + " " + _words(150, "storm"))
    same_rest = Article(id="q/a", title="", text=lead + " " + _words(150, "storm"))
    other_rest = Article(id="r/a", title="", text=lead + " " + _words(150, "market"))
    kept: list = []
    compare_pairs([("same", a, same_rest), ("other", a, other_rest)], enc, keep=kept, model=None)
    x = {pid: feats for pid, _, _, feats in kept}
    assert set(FEATURES) <= set(x["same"])
    assert x["same"]["pieces"] >= 2
    # The first pieces are equal in both pairs; the rest of the text tells them apart.
    assert abs(x["same"]["cos_raw"] - x["other"]["cos_raw"]) < 1e-6
    assert x["same"]["doc_raw"] > x["other"]["doc_raw"] + 0.1
    assert x["same"]["bma_raw"] > x["other"]["bma_raw"] + 0.1


def test_evaluation_vector_cache_keeps_numbers_not_texts(tmp_path):
    from newsloom.evaluation.semeval import VectorCache

    path = str(tmp_path / "v.npz")
    enc = HashEncoder()
    cache = VectorCache(enc, path, flush_every=1)
    first = cache.encode(["a secret text", "another one"])
    cache.flush()
    again = VectorCache(enc, path)
    assert np.allclose(again.encode(["another one", "a secret text"]), first[::-1])
    assert enc.seen == ["a secret text", "another one"]
    raw = open(path, "rb").read()
    assert b"secret" not in raw and "secret".encode("utf-32-le") not in raw


def test_main_country_counts_cities_for_their_country():
    from newsloom.compare import main_country

    country_of = {"geonames:1526384": "KZ", "geonames:524901": "RU"}
    assert main_country(Counter({"geonames:1526384": 2, "country:RU": 1, "per:x": 5}), country_of) == "KZ"
    assert main_country(Counter({"country:KZ": 1, "geonames:524901": 1}), country_of) is None  # a tie
    assert main_country(Counter({"per:x": 3}), country_of) is None
