"""The clusterer, the embedding space, relations and compare, on small hand-made inputs."""

import json
from collections import Counter
from datetime import date

import numpy as np
import pytest

from newsloom.cli import main
from newsloom.embed import SemanticSpace
from newsloom.events import Clusterer, Features
from newsloom.relations import local_alignment, relation


def _feats(ents, lang="en", emb=None, published=None, numbers=()):
    seq = list(ents)
    return Features(Counter(seq), set(numbers), None, published, emb, lang, seq, list(numbers))


def test_language_centring_lets_a_translation_beat_a_same_language_neighbour():
    rng = np.random.default_rng(0)
    dim = 32
    lang_offset = {"ar": rng.normal(size=dim) * 3, "fa": rng.normal(size=dim) * 3}
    story, other = rng.normal(size=dim), rng.normal(size=dim)
    # Means as a corpus of each language would give them.
    space = SemanticSpace({k: v / np.linalg.norm(v) for k, v in lang_offset.items()})
    space.counts = {k: 1000.0 for k in lang_offset}
    ar_story = lang_offset["ar"] + story
    fa_story = lang_offset["fa"] + story
    fa_other = lang_offset["fa"] + other
    raw = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    # Raw vectors: the unrelated Persian text is closer to the Persian translation's neighbourhood.
    assert raw(fa_story, fa_other) > raw(fa_story, ar_story)
    centred = lambda a, la, b, lb: float(space.vector(a, la) @ space.vector(b, lb))  # noqa: E731
    assert centred(fa_story, "fa", ar_story, "ar") > centred(fa_story, "fa", fa_other, "fa")


def test_space_without_a_prior_does_not_centre_on_a_handful_of_articles():
    space = SemanticSpace({})
    v = [1.0, 0.0, 0.0]
    space.observe(v, "pl")
    assert np.allclose(space.vector(v, "pl"), v)  # one article is not a language mean
    back = SemanticSpace.from_json(json.loads(json.dumps(space.to_json())))
    assert back.counts == space.counts


def test_online_clusterer_groups_by_entities_and_respects_time():
    cl = Clusterer("ev-", window_days=4)
    a, _, _ = cl.add("a", _feats(["per:x", "org:y", "loc:z"], published=date(2022, 1, 6)))
    b, score, reasons = cl.add("b", _feats(["per:x", "org:y", "loc:z"], lang="fa", published=date(2022, 1, 7)))
    assert a == b and score >= 0.5 and any("shared entities" in r for r in reasons)
    c, _, _ = cl.add("c", _feats(["per:x", "org:y", "loc:z"], published=date(2022, 3, 1)))
    assert c != a, "two months later is another event"
    d, _, _ = cl.add("d", _feats(["per:q", "org:w"], published=date(2022, 1, 6)))
    assert d not in (a, c)


def test_semantic_candidates_find_an_event_without_shared_entities():
    rng = np.random.default_rng(1)
    cl = Clusterer("ev-", window_days=4, space=SemanticSpace({}))
    base = rng.normal(size=16)
    for i in range(30):
        cl.add(f"noise{i}", _feats([], emb=list(rng.normal(size=16))))
    first, _, _ = cl.add("a", _feats([], emb=list(base)))
    again, score, _ = cl.add("b", _feats([], emb=list(base + rng.normal(size=16) * 0.05)))
    assert again == first and score > 0.9
    cl.forget(first)
    assert first not in cl.clusters


def test_semantic_candidates_are_searched_inside_the_time_window_only():
    rng = np.random.default_rng(2)
    cl = Clusterer("ev-", window_days=4, space=SemanticSpace({}))
    cl.SEMANTIC_CANDIDATES = 3
    base = rng.normal(size=16)
    # Near-duplicates from last year would take every candidate slot if the
    # search ignored time; they cannot join this week's event anyway.
    for i in range(10):
        cl.add(f"old{i}", _feats([f"x:{i}"], emb=list(base + rng.normal(size=16) * 0.01), published=date(2021, 1 + i, 1)))
    now, _, _ = cl.add("now", _feats([], emb=list(base + rng.normal(size=16) * 0.2), published=date(2022, 1, 6)))
    x = cl.space.vector(list(base), "en")
    f = _feats([], emb=list(base), published=date(2022, 1, 7))
    assert list(cl._semantic_candidates(x, f)) == [now]
    assert now not in cl._semantic_candidates(x)  # without a date every row is searched
    undated = _feats([], emb=list(base))
    assert len(cl._semantic_candidates(x, undated)) == 3


def test_local_alignment_finds_the_shared_block():
    a = ["x", "k", "a", "b", "c", "d", "y"]
    b = ["q", "a", "b", "c", "z", "d"]
    matches, a0, a1, b0, b1 = local_alignment(a, b)
    assert matches == 4 and a[a0:a1][:3] == ["a", "b", "c"] and b[b0:b1][-1] == "d"
    assert local_alignment([], b)[0] == 0


def test_relation_kinds():
    names = ["p:1", "c:2", "o:3", "p:1", "l:4", "o:3", "c:5", "l:6"]
    same = relation("a", _feats(names, lang="ar"), None, "b", _feats(names, lang="fa"), None)
    assert same.kind == "translation" and same.score == 1.0
    copy = relation("a", _feats(names, lang="ru"), None, "b", _feats(names, lang="ru"), None)
    assert copy.kind == "near-copy"
    assert relation("a", _feats(names[:3], lang="ar"), None, "b", _feats(names[:3], lang="fa"), None) is None
    shuffled = ["l:6", "c:5", "o:3", "l:4", "p:1", "o:3", "c:2", "p:1"]
    assert relation("a", _feats(names, lang="ar"), None, "b", _feats(shuffled, lang="fa"), None) is None


def test_compare_cli_scores_pairs_and_reports_bad_lines(tmp_path, capsys):
    kk = "Қазақстан Президенті Қасым-Жомарт Тоқаев Алматыда ҰҚШҰ басшыларымен кездесті. Кездесу 1300 адамның қатысуымен өтті."
    ru = "Президент Казахстана Касым-Жомарт Токаев встретился в Алматы с руководством ОДКБ. Во встрече участвовали 1300 человек."
    other = "Футбольный клуб «Спартак» проиграл «Зениту» в Санкт-Петербурге со счётом 0:2 в субботу."
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join([
        json.dumps({"id": "same", "a": {"title": "", "text": kk}, "b": {"title": "", "text": ru}}, ensure_ascii=False),
        json.dumps({"id": "diff", "a": {"title": "", "text": kk}, "b": {"title": "", "text": other}}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "empty", "a": {"text": ""}, "b": {"text": "x"}}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["compare", str(pairs), "--out", str(out), "--no-embed", "--quiet"]) == 1  # bad lines reported
    res = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(res) == {"same", "diff"}
    assert 0.0 <= res["diff"]["score"] < res["same"]["score"] <= 1.0
    assert res["same"]["same_event"] and not res["diff"]["same_event"]
    assert any("shared" in r for r in res["same"]["reasons"])
    err = capsys.readouterr().err
    assert ":3:" in err and ":4:" in err


def test_event_date_is_when_it_happened_not_the_furthest_date(tmp_path, seeds_dir):
    from newsloom.events import happened_on

    # looking ahead to a handover does not move the summit; old background stays out too
    assert happened_on([date(2025, 1, 1), date(2024, 11, 28)]) == date(2024, 11, 28)
    assert happened_on([date(1991, 12, 16), date(2024, 11, 28)]) == date(2024, 11, 28)
    assert happened_on([]) is None
    seed = next(seeds_dir.glob("004_*"))
    (tmp_path / seed.name).write_text(seed.read_text(encoding="utf-8") + "\nСаммит 2024 жылғы 28 қарашада Астанада өтті.\n", encoding="utf-8")
    db = tmp_path / "d.db"
    assert main(["analyze", str(tmp_path / seed.name), "--db", str(db), "-q", "--no-embed"]) == 0
    import sqlite3

    first, last = sqlite3.connect(db).execute("SELECT first, last FROM clusters WHERE kind='event'").fetchone()
    assert (first, last) == ("2024-11-28", "2024-11-28")


def test_a_translation_needs_both_sides_covered():
    names = [f"e{i}" for i in range(14)]
    full = _feats(names, "en")
    short = _feats(names[:6], "ru")  # a short report naming the first half, in order
    rel = relation("a", full, None, "b", short, None)
    assert rel is not None and rel.kind == "shared passage"
    assert relation("a", full, None, "b", _feats(names, "ru"), None).kind == "translation"


def test_learned_compare_is_calibrated_and_uses_its_features():
    from newsloom.compare import FEATURES, combination, probability

    model = combination()
    assert model is not None and {"cos", "cos_raw"} <= set(model["weights"]) <= set(FEATURES)
    base = {k: model["mean"][k] for k in model["weights"]}
    p0 = probability(model, base)
    assert 0.0 < p0 < 1.0
    # More semantic similarity never lowers p(same event).
    closer = dict(base, cos=base["cos"] + 0.3, cos_raw=base["cos_raw"] + 0.1)
    assert probability(model, closer) > p0
    # Years apart: lower.
    assert probability(model, dict(base, dates_apart=6.0)) < p0
    # Far apart in meaning: below the decision.
    assert probability(model, dict(base, cos=-0.2, cos_raw=0.7, entities=0.0, main=0.0, numbers=0.0)) < 0.5


def test_compare_with_the_encoder_decides_at_one_half():
    from newsloom.compare import compare_pairs
    from newsloom.embed import default_encoder
    from newsloom.model import Article

    enc = default_encoder()
    if enc is None:
        pytest.skip("no encoder")
    kk = "Қазақстан Президенті Қасым-Жомарт Тоқаев Алматыда ҰҚШҰ басшыларымен кездесті. Кездесу 1300 адамның қатысуымен өтті."
    ru = "Президент Казахстана Касым-Жомарт Токаев встретился в Алматы с руководством ОДКБ. Во встрече участвовали 1300 человек."
    other = "Футбольный клуб «Спартак» проиграл «Зениту» в Санкт-Петербурге со счётом 0:2 в субботу."
    pairs = [("same", Article(id="s/a", title="", text=kk), Article(id="s/b", title="", text=ru)),
             ("diff", Article(id="d/a", title="", text=kk), Article(id="d/b", title="", text=other))]
    res = {r["id"]: r for r in compare_pairs(pairs, enc)}
    assert res["same"]["same_event"] == (res["same"]["score"] >= 0.5) and res["same"]["same_event"]
    assert not res["diff"]["same_event"] and res["diff"]["score"] < res["same"]["score"]


def test_vectors_of_another_encoder_in_one_store_do_not_break_grouping():
    """A store grouped with e5 (384 dimensions) before, then the static table (128): old clusters found by entities."""
    rng = np.random.default_rng(0)
    cl = Clusterer("ev-", window_days=4, space=SemanticSpace({}))
    old = Features(Counter({"loc:kz": 2, "per:tokayev": 1, "org:csto": 1}), {"1300"}, None, date(2024, 5, 1),
                   embedding=list(rng.standard_normal(384)), lang="kk")
    cid, _, _ = cl.add("old", old)
    new = Features(Counter({"loc:kz": 2, "per:tokayev": 1, "org:csto": 1}), {"1300"}, None, date(2024, 5, 1),
                   embedding=list(rng.standard_normal(128)), lang="ru")
    cid2, score, _ = cl.add("new", new)
    assert cid2 == cid and score > 0.5
    c = cl.clusters[cid]
    assert len(c.vector_sum) == 128 and c.n_vectors == 1
    third = Features(Counter({"loc:fr": 1}), set(), None, date(2024, 5, 1), embedding=list(rng.standard_normal(128)), lang="en")
    assert cl.add("third", third)[0] != cid


def test_one_languages_reports_need_more_than_their_shared_language_to_be_one_event():
    from newsloom.events import Cluster

    cl = Clusterer("ev-", window_days=4, space=SemanticSpace({}))
    x = np.array([1.0, 0.0], dtype=np.float32)
    near = np.array([0.45, (1 - 0.45**2) ** 0.5], dtype=np.float32)
    scores = {}
    for lang in ("kk", "ar"):
        c = Cluster("c")
        c.absorb("m", _feats(["per:x"], lang=lang), near)
        scores[lang] = cl.score(_feats(["per:x"], lang="kk"), c, x)[0]
    # The same cosine and the same cast: a Kazakh report beside Kazakh ones scores less than beside an Arabic one.
    assert scores["kk"] < scores["ar"]
