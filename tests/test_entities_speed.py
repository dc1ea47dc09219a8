"""The shortcuts recognition and linking take for speed: remembered steps, Viterbi laid out differently, early refusals.

Each must give what the plain computation gives; benchmarks/check_entities_same.py
checks the whole output on NTREX and the seeds.
"""

from collections import Counter

import numpy as np
import pytest

from newsloom.entities import recognize, slovnet_exec, tagger
from newsloom.entities.cues import word_tokens
from newsloom.kb import KnowledgeBase
from newsloom.model import Article, Mention


def _counting_variants(monkeypatch):
    calls = Counter()
    real = recognize.variants

    def counted(word, lang):
        calls[word] += 1
        return real(word, lang)

    monkeypatch.setattr(recognize, "variants", counted)
    return calls


def test_a_word_s_first_gazetteer_step_is_looked_up_once_and_is_the_plain_one(monkeypatch):
    rec = recognize.Recognizer(use_tagger=False)
    calls = _counting_variants(monkeypatch)
    first = rec._root_children("лондонда", "kk")
    again = rec._root_children("лондонда", "kk")
    assert first is again and calls["лондонда"] == 1
    root = rec.gazetteer.root
    plain = [root[v] for v in recognize.variants("лондонда", "kk") if v in root]
    assert [node for node, _ in first] == plain and plain


def test_a_word_s_first_title_step_is_remembered_per_trie(monkeypatch):
    trie = {"president": {"\0": True}}
    other = {"minister": {"\0": True}}
    calls = _counting_variants(monkeypatch)
    toks = word_tokens("President Tokayev said")
    assert recognize._match_trie(trie, toks, 0, "en", "President Tokayev said") == 1
    assert recognize._match_trie(trie, toks, 0, "en", "President Tokayev said") == 1
    assert calls["president"] == 1
    # Another trie asks afresh: the memo is the trie's own.
    assert recognize._match_trie(other, toks, 0, "en", "President Tokayev said") == -1


def test_gazetteer_matches_as_before_on_a_sentence():
    rec = recognize.Recognizer(use_tagger=False)
    text = "Премьер-министр Великобритании прилетел в Лондон из Нью-Йорка."
    toks = word_tokens(text)
    found = []
    rec._find_gazetteer(toks, text, "ru", found, [False] * len(toks))
    ids = [f[5] for f in found]
    assert "country:GB" in ids and any(i.startswith("geonames:") for i in ids)


def _textbook_viterbi(em, tr):
    n, k = em.shape
    if n == 0:
        return []
    score, back = em[0], []
    for v in range(1, n):
        cand = score[:, None] + tr
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + em[v]
    path = [int(score.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("coarse", [True, False])
def test_slovnet_viterbi_is_the_textbook_one_ties_included(coarse):
    rng = np.random.default_rng(7)
    for _ in range(300):
        n, k = int(rng.integers(0, 40)), int(rng.integers(1, 9))
        if coarse:  # half-steps: ties everywhere
            em = (rng.integers(-3, 3, (n, k)) * 0.5).astype(np.float32)
            tr = (rng.integers(-2, 2, (k, k)) * 0.5).astype(np.float32)
        else:
            em = (rng.normal(size=(n, k)) * 40).astype(np.float32)
            tr = rng.normal(size=(k, k)).astype(np.float32)
        assert slovnet_exec.viterbi(em, tr) == _textbook_viterbi(em, tr)


@pytest.mark.parametrize("lang", ["kk", "ar"])
def test_crf_batched_viterbi_is_each_sentence_s_textbook_path(lang):
    if not tagger.has_model(lang):
        pytest.skip("model not shipped")
    tg = tagger.Tagger(lang)
    text = {"kk": "Қасым-Жомарт Тоқаев Астанада сөйледі. Ол Мәскеуге барды.\nБұл жаңалық",
            "ar": "قال الرئيس في القاهرة. وزار باريس أمس.\nخبر"}[lang]
    toks = tagger.tokenize(text)
    sents = list(tagger._sentences(toks, text))
    assert len({len(s) for s in sents}) > 1  # sentences of different lengths: the prefix batching is exercised
    tags = [tagger.hint_tags(s, None) for s in sents]
    batched = tg._viterbi(sents, tags, text, lang)
    for sent, sent_tags, got in zip(sents, tags, batched):
        e, _, _ = tg._emissions([sent], [sent_tags], text, lang, np.array([len(sent)]))
        assert got == [tg.labels[k] for k in _textbook_viterbi(e, tg._trans)]


class _Unread(Counter):
    def __getitem__(self, key):
        raise AssertionError("company counted for a candidate refused whatever the company")


def test_a_candidate_without_agreeing_given_names_is_refused_before_its_company_is_counted():
    kb = KnowledgeBase()
    a = Article(id="a", text="Boris Johnson", lang="en")
    a.mentions.append(Mention("text", 0, 13, "Boris Johnson", "PER", base="Boris Johnson"))
    kb.link(a)
    eid = a.mentions[0].entity_id
    kb.entities[eid].context = _Unread()
    surname = kb._name_keys("Johnson", "en")[1][-1]
    assert kb.candidates(surname, set(), {"country:GB"}, need_given=True) == []
    # With the given name, the same person, and then the company is read.
    kb.entities[eid].context = Counter()
    given = set(kb._name_keys("Boris Johnson", "en")[1][:-1])
    assert [c.eid for c in kb.candidates(surname, given, {"country:GB"}, need_given=True)] == [eid]
