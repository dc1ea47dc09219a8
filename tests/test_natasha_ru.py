"""Russian recognition through natasha, its base forms, and the FactRuEval scorer."""

import json

from newsloom.entities import ru_extents
from newsloom.entities.natasha_ru import names
from newsloom.entities.recognize import Recognizer
from newsloom.evaluation import factrueval
from newsloom.model import Article
from newsloom.normalize import clean


def _recognize(text, lang="ru"):
    art = Article(id="t", text=text, lang=lang)
    art.clean["title"] = clean("")
    art.clean["text"] = clean(text)
    return Recognizer().recognize(art)


def test_names_are_found_with_their_nominative():
    got = {m.text: (m.type, m.base) for m in _recognize(
        "Иск Билла Клинтона поддержали в Демократической партии, а посол Соединенных Штатов промолчал.")}
    assert got["Билла Клинтона"] == ("PER", "Билл Клинтон")
    assert got["Демократической партии"] == ("ORG", "Демократическая партия")
    assert got["Соединенных Штатов"][0] == "LOC"


def test_sentence_initial_names_and_capitalised_organisations():
    got = [(m.text, m.type) for m in _recognize("В матче забил Дэниел Старридж, а Белый дом молчит. Эден Азар не играл.")]
    assert ("Дэниел Старридж", "PER") in got and ("Белый дом", "ORG") in got and ("Эден Азар", "PER") in got


def test_an_organisation_keeps_the_place_it_is_of():
    got = {m.text: (m.type, m.base) for m in _recognize("Решение Министерства сельского хозяйства Германии удивило фермеров.")}
    assert got["Министерства сельского хозяйства Германии"] == ("ORG", "Министерство сельского хозяйства Германии")


def test_lists_and_parentheses_split_names():
    got = [(s.type, s.base) for s in names("Среди стран: Бахрейн • Барбадос • Бермуды. Об этом сообщил Комитет защиты журналистов (КЗЖ).")]
    assert ("LOC", "Бахрейн") in got and ("LOC", "Бермуды") in got
    assert ("ORG", "Комитет защиты журналистов") in got and ("ORG", "КЗЖ") in got


def test_empty_and_odd_text():
    assert names("") == [] and names(" \n\t ") == []
    assert names("\x00\x01 ### 123 ... ?!") == []
    assert _recognize("«»«» „“ • • ()") == []


def test_counted_descriptors_extend_a_name():
    rules = ru_extents.Extents(descriptors={"партия": {"ORG": "ORG"}})
    text = "Лидер партии «Яблоко» выступил."
    spans = {text[s.start : s.end]: s.base for s in names(text, rules)}
    assert spans == {"партии «Яблоко»": "Яблоко"}
    assert {text[s.start : s.end] for s in names(text, ru_extents.Extents())} == {"Яблоко"}


def test_fit_learns_a_descriptor_only_where_the_gold_has_it():
    tokens, pieces = __import__("newsloom.entities.natasha_ru", fromlist=["raw_pieces"]).raw_pieces(
        "Лидер партии «Яблоко» выступил. Член партии «Яблоко» промолчал.")
    gold = {(p.i - 2, p.j + 1, "ORG") for p in pieces}
    assert ru_extents.fit([(tokens, pieces, gold)]).descriptors == {"партия": {"ORG": "ORG"}}
    assert ru_extents.fit([(tokens, pieces, set())]).descriptors == {}


def test_scorer_keeps_outermost_mentions_without_geo_adjectives(tmp_path):
    text = "Глава мэрии Москвы и подмосковного района Сергей Собянин."
    ents = [
        {"start": 6, "end": 18, "type": "ORG", "text": "мэрии Москвы"},
        {"start": 12, "end": 18, "type": "LOC", "text": "Москвы"},
        {"start": 21, "end": 34, "type": "LOC", "text": "подмосковного", "geo_adj": True},
        {"start": 42, "end": 56, "type": "PER", "text": "Сергей Собянин"},
    ]
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"]
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text, "entities": ents}, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    docs = factrueval.read_documents(path)
    assert len(docs) == 1
    assert factrueval.gold_spans(docs[0]) == {(6, 18, "ORG"), (42, 56, "PER")}
    counts, _ = factrueval.score(docs, lambda t: {(42, 56, "PER"), (12, 18, "LOC")})
    assert counts.prf("PER")[2] == 1.0 and counts.prf("ORG")[1] == 0.0 and counts.prf("LOC")[0] == 0.0


def test_scorer_refuses_a_missing_or_empty_file(tmp_path, capsys):
    assert factrueval.main(["--file", str(tmp_path / "none.jsonl")]) == 1
    (tmp_path / "e.jsonl").write_text("\n", encoding="utf-8")
    assert factrueval.main(["--file", str(tmp_path / "e.jsonl")]) == 1
    assert "error:" in capsys.readouterr().err


def test_our_slovnet_executor_gives_slovnets_own_tags_and_paths():
    import numpy as np

    from newsloom.entities.natasha_ru import _fast, _models
    from newsloom.entities.slovnet_exec import viterbi

    _, ner_api, morph_api, _ = _models()
    ner, morph = _fast()
    words = "Вчера Билл Клинтон прилетел в Москву , где его встретил министр иностранных дел России .".split()
    ours = ner.net.forward([ner.net.ids(words)])[0]
    enc = next(iter(ner_api.infer.encoder([words])))
    theirs = ner_api.infer.model(enc.word_id, enc.shape_id, enc.pad_mask)[0]
    assert np.allclose(ours, theirs, atol=1e-3)
    crf = ner_api.infer.model.head.crf
    rng = np.random.default_rng(0)
    for n in (1, 2, 7, 40):
        em = (rng.normal(size=(n, ours.shape[1])) * 3).astype(np.float32)
        assert viterbi(em, ner.net.transitions) == crf.decode(em[None], np.ones((1, n), bool))[0].tolist()
    # Morphology on a window around the name is what the whole sentence gives it.
    whole = list(morph_api.map([words]))[0].tokens
    tags = morph.tag(words, [(1, 3)])
    assert set(tags) == {1, 2} and all(tags[k] == (whole[k].pos, whole[k].feats) for k in (1, 2))


def test_first_layer_memo_gives_the_same_scores_when_full_or_too_small():
    import numpy as np

    from newsloom.entities.natasha_ru import _fast

    ner, _ = _fast()
    net = ner.net
    a = "Вчера Билл Клинтон прилетел в Москву , где его встретил министр иностранных дел России .".split()
    b = "Глава МИД Германии Анналена Бербок посетила Киев и Одессу в пятницу .".split()
    want = [net.forward([net.ids(w)])[0] for w in (a, b)]
    saved = net._memo, net._slot.copy(), net._used
    try:
        # A memo of four rows: every call empties it, and a call with more new words than it holds grows it.
        net._memo, net._used = np.zeros((4, net._memo.shape[1]), np.float32), 1
        net._slot[:] = -1
        for _ in range(2):
            got = [net.forward([net.ids(w)])[0] for w in (a, b)]
            assert all(np.allclose(x, y, atol=1e-4) for x, y in zip(got, want))
        both = net.forward([net.ids(a), net.ids(b)])
        assert all(np.allclose(x, y, atol=1e-4) for x, y in zip(both, want))
    finally:
        net._memo, net._slot, net._used = saved
