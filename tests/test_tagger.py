"""The shipped NER tagger, its place in the recogniser, and the span scorer."""

import pytest

from newsloom.entities import tagger as tg
from newsloom.entities.recognize import Recognizer
from newsloom.evaluation import ner_eval as ev
from newsloom.model import Article
from newsloom.normalize import clean


def _spans(lang, text):
    t = tg.Tagger(lang)
    ct = clean(text)
    hints = Recognizer(use_tagger=False).lexicon_hints(ct.text, lang)
    return {(ct.text[s.start : s.end], s.type) for s in t.tag(ct.text, hints)}


@pytest.mark.parametrize("lang", ["kk", "ar", "fa"])
def test_models_ship_and_load(lang):
    path = tg.model_path(lang)
    assert path.is_file()
    assert path.stat().st_size < 10_000_000
    assert tg.default_tagger(lang) is not None


def test_kazakh_inflected_person_covers_the_whole_word():
    spans = _spans("kk", "Бүгін Астанада Қасым-Жомарт Тоқаевтың төрағалығымен кеңес өтті.")
    assert ("Қасым-Жомарт Тоқаевтың", "PER") in spans
    assert ("Астанада", "LOC") in spans


def test_arabic_person_and_place():
    spans = _spans("ar", "وقال الرئيس الروسي فلاديمير بوتين في موسكو امس إن المحادثات كانت مفيدة .")
    assert ("فلادیمیر بوتین", "PER") in spans  # clean text folds Arabic yeh to Persian yeh
    assert ("موسکو", "LOC") in spans


def test_persian_model_beside_the_rules_ends_an_organisation_where_its_name_ends():
    text = "جرمی کوربین رهبر حزب کارگر بریتانیا روز گذشته در لندن سخنرانی کرد."
    art = Article(id="t", text=text, lang="fa")
    art.clean["title"] = clean("")
    art.clean["text"] = clean(text)
    rules = {(m.text, m.type) for m in Recognizer(use_tagger=False).recognize(art)}
    both = {(m.text, m.type) for m in Recognizer().recognize(art)}
    # The head-noun rule alone ends the name at the place it holds, not in
    # "روز گذشته" (yesterday); the model, beside it, keeps that end.
    assert ("حزب کارگر بریتانیا", "ORG") in rules
    assert ("حزب کارگر بریتانیا", "ORG") in both and ("جرمی کوربین", "PER") in both


def test_recognizer_uses_the_model_and_keeps_the_base_form():
    text = "Бүгін Астанада Қасым-Жомарт Тоқаевтың төрағалығымен Ұлттық құрылтайдың отырысы өтті."
    art = Article(id="t", text=text, lang="kk")
    art.clean["title"] = clean("")
    art.clean["text"] = clean(text)
    ms = Recognizer().recognize(art)
    per = [m for m in ms if m.type == "PER"]
    assert per, ms
    m = per[0]
    assert text[m.start : m.end] == m.text == "Қасым-Жомарт Тоқаевтың"
    assert m.base == "Қасым-Жомарт Тоқаев"
    # Without the tagger the same recogniser is still usable.
    assert isinstance(Recognizer(use_tagger=False).recognize(art), list)


def test_gazetteer_ids_survive_and_longer_model_spans_win():
    text = "Президент Тоқаев бүгін ҰҚШҰ-ға қатысты мәлімдеме жасады. Ресей мен Қазақстанға көмек келді. Алматы облысында жиын өтті."
    art = Article(id="t", text=text, lang="kk")
    art.clean["title"] = clean("")
    art.clean["text"] = clean(text)
    got = {m.text: (m.type, m.entity_id, m.base) for m in Recognizer().recognize(art)}
    assert got["ҰҚШҰ-ға"][1] == "org:csto"
    assert got["Қазақстанға"] == ("LOC", "country:KZ", "Қазақстан")
    assert got["Тоқаев"][0] == "PER"
    # a region is not its capital city: the model's longer span replaces the gazetteer's
    assert got["Алматы облысында"][0] == "LOC" and got["Алматы облысында"][2] == "Алматы облысы"
    assert "Алматы" not in got


def test_bio_chunks_follow_conll():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER", "B-LOC", "B-LOC"]
    assert ev.chunks_of(tags) == {(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "PER"), (7, 8, "LOC"), (8, 9, "LOC")}


def test_span_scores_on_a_hand_made_example():
    gold = {(0, 2, "PER"), (3, 4, "LOC"), (6, 7, "ORG")}
    # one exact hit, one wrong boundary, one wrong type, one spurious
    pred = {(0, 2, "PER"), (3, 5, "LOC"), (6, 7, "LOC"), (9, 10, "ORG"), (11, 12, "NORP")}
    c = ev.Counts.new()
    c.add(gold, pred)
    p, r, f, n = c.prf()
    assert (c.tp["PER"], c.fp["LOC"], c.fn["LOC"], c.fp["ORG"], c.fn["ORG"]) == (1, 2, 1, 1, 1)
    assert n == 3
    assert p == pytest.approx(1 / 4)  # NORP is outside the evaluation
    assert r == pytest.approx(1 / 3)
    assert f == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))
    assert c.prf("PER")[2] == 1.0


def test_corpus_reader_maps_tags_and_cuts_unbroken_files(tmp_path):
    f = tmp_path / "ane.txt"
    f.write_text("قال O\nبوتين B-PERS\n. O\nفي O\nموسكو B-LOC\nمعرض B-MISC\n. O\n", encoding="utf-8")
    sents = ev.read_corpus(f)
    assert [s.tags for s in sents] == [["O", "B-PER", "O"], ["O", "B-LOC", "O", "O"]]
    k = tmp_path / "kaz.iob2"
    k.write_text("Тоқаев B-PERSON\nАстанаға B-GPE\nҰҚШҰ B-ORGANISATION\nқазақ B-NORP\n\nАлатау B-LOCATION\n", encoding="utf-8")
    assert [s.tags for s in ev.read_corpus(k)] == [["B-PER", "B-LOC", "B-ORG", "O"], ["B-LOC"]]


def test_token_spans_map_back_to_corpus_tokens():
    sents = [ev.Sentence(["Ержан", "Астанаға", "келді"], ["B-PER", "B-LOC", "O"])]
    text, offsets = ev.layout(sents)
    s = text.index("Астанаға")
    assert ev.to_token_spans([(0, 5, "PER"), (s, s + 8, "LOC")], offsets) == [{(0, 1, "PER"), (1, 2, "LOC")}]



def test_word_clusters_cache_is_what_run_time_computes():
    from newsloom.entities.clusters import Clusters, _WordVectors

    cl = Clusters()
    vec = _WordVectors()
    import numpy as np

    words = sorted(cl.cache)[::9000][:20]
    for w in words:
        k = int(np.argmax(cl.centroids @ vec(w)))
        assert cl.cache[w][2] == k, w
    fresh = Clusters()
    word = "тоқаевтың"  # no Kazakh in the cache: assigned at run time, the same every time
    assert word not in fresh.cache
    c = fresh.of(word)
    assert all(x >= 0 for x in c) and Clusters().of(word) == c
    # Nested: a fine cluster always falls in the same coarser ones.
    p256, p64 = cl.parents
    assert c[1] == p256[c[2]] and c[0] == p64[c[1]]


def test_cluster_features_reach_the_tagger():
    own, ctx = tg._word_features("وبطهران", "ar")
    assert any(f.startswith("c1k=") for f in own) and any(f.startswith("sc256=") for f in own)
    assert any(f.startswith("c256=") for f in ctx)
    own, _ = tg._word_features(",", "kk")
    assert not any(f.startswith("c") and "=" in f and f[:2] in ("c6", "c2", "c1") for f in own)


def test_short_quoted_runs_are_marked():
    toks = tg.tokenize("«Қазақстан темір жолы» ҰК АҚ және «Хабар» арнасы: «бұл сөз ұзақ сөйлем болып келеді және жабылмайды")
    q = dict(zip([t[2] for t in toks], tg._quoted(toks)))
    assert q["Қазақстан"] == "B" and q["темір"] == "I" and q["жолы"] == "E" and q["Хабар"] == "BE"
    assert q["ҰК"] == "" and q["бұл"] == ""  # an unclosed quote marks nothing


@pytest.mark.parametrize("lang,text", [
    ("kk", "Бүгін Астанада Қасым-Жомарт Тоқаевтың төрағалығымен «Қазақстан темір жолы» ұлттық компаниясының отырысы өтті."),
    ("ar", "وقال الرئيس الروسي فلاديمير بوتين في موسكو امس إن وزارة الخارجية «الروسية» رحبت بالاتفاق ."),
])
def test_numpy_tagger_gives_crfsuite_labels(lang, text):
    # The tagger scores bias, bigrams and rare features its own way; CRFsuite on
    # the training form of the same sentence is the reference.
    import pycrfsuite

    ct = clean(text)
    hints = Recognizer(use_tagger=False).lexicon_hints(ct.text, lang)
    toks = tg.tokenize(ct.text)
    ref = pycrfsuite.Tagger()
    with __import__("importlib").resources.as_file(tg.model_path(lang)) as p:
        ref.open(str(p))
        want = ref.tag(tg.features(toks, lang, hints, ct.text))
    tagger = tg.Tagger(lang)
    assert tagger.tag_tokens(toks, hints, ct.text) == want
    assert any(x != "O" for x in want)
    # Scores, not only labels: every training-form feature's weight, summed per token.
    import numpy as np

    e, _, _ = tagger._emissions([toks], [tg.hint_tags(toks, hints)], ct.text, lang, np.array([len(toks)]))
    zero = np.zeros(len(tagger.labels))
    expect = np.array([sum((tagger._weights.get(x, zero) for x in f), zero) for f in tg.features(toks, lang, hints, ct.text)])
    assert np.allclose(e, expect)


def test_a_model_with_cluster_features_scores_them_and_one_without_skips_them(tmp_path):
    import numpy as np

    from newsloom.evaluation.train_ner import train

    sents = [("Бүгін Астанада Тоқаев сөз сөйледі .", ["O", "B-LOC", "B-PER", "O", "O", "O"]),
             ("وقال بوتين في موسكو امس .", ["O", "B-PER", "O", "B-LOC", "O", "O"])]
    data = []
    for text, labels in sents:
        toks = tg.tokenize(clean(text).text)
        data.append((tg.features(toks, "kk" if text[0] < "ؠ" else "ar"), labels))
    path = str(tmp_path / "m.crfsuite")
    train(data, path, {"c1": 0.0, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    t = tg.Tagger("kk", path)
    assert t._clustered and any(k.startswith("c1k=") for k in t._weights)
    toks = tg.tokenize(clean(sents[1][0]).text)
    e, _, _ = t._emissions([toks], [tg.hint_tags(toks, None)], "", "ar", np.array([len(toks)]))
    zero = np.zeros(len(t.labels))
    expect = np.array([sum((t._weights.get(x, zero) for x in f), zero) for f in tg.features(toks, "ar")])
    assert np.allclose(e, expect)
    plain = [([[x for x in f if not x.startswith(tg._CLUSTER_FEATURES)] for f in xs], y) for xs, y in data]
    train(plain, path, {"c1": 0.0, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    assert not tg.Tagger("kk", path)._clustered


def test_arabic_script_words_people_bear_are_marked():
    def own(word, lang):
        return set(tg._word_features(clean(word).text, lang)[0])

    # A listed politician's surname, in Arabic and in Persian letters.
    assert "sn" in own("خاتمي", "ar") and "sn" in own("کلینتون", "fa")
    # A foreign name from the transliteration pairs, also behind a proclitic
    # and in Persian letters ("پوتین" is read as Arabic "بوتين").
    assert "tn" in own("بوتين", "ar") and "tn" in own("وبوتين", "ar") and "tn" in own("پوتین", "fa")
    # Given names and verbs are no surnames; a verb is no name word.
    assert "sn" not in own("محمد", "ar") and not {"sn", "tn"} & own("قال", "ar")
    neighbour = tg._word_view(clean("كلينتون").text, "ar")[0][3]  # as the word after sees it
    assert "-1:sn" in neighbour
