"""The cached tokeniser gives razdel's tokens, offsets and all, on any text."""

import random

from razdel import tokenize as razdel_tokenize

from newsloom.entities.ru_tokens import tokenize

# Pieces that exercise razdel's rules at a gap with no space (dashes, floats, fractions,
# underscores, punctuation runs, smiles, other symbols) and the ones that read past a space.
ALPHABET = list("аБвЁxY19 .,-—_/\\!?…:;\"«»()*+%$@#'’Δσ\n\t") + ["--", "...", ":)", "5,5", "1/2", " - ", "a-b", "yahoo!"]


def _razdel(text):
    return [(t.start, t.stop, t.text) for t in razdel_tokenize(text)]


def test_same_tokens_as_razdel_on_random_text():
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 25)))
        assert tokenize(text) == _razdel(text), text


def test_same_tokens_as_razdel_on_news_sentences():
    for text in ("В 2021-2022 гг. курс вырос на 3,5% (до 74,2 руб.) — сообщил ЦБ РФ.",
                 "Сказал он: «Нет!..» и ушёл… Фото: А.Иванов / ТАСС :-)",
                 "  ", "", "x - y -z w- 1 /2 3/ 4"):
        assert tokenize(text) == _razdel(text), text


def test_a_run_splits_by_its_neighbours():
    # "-б" is one token after a word and two after punctuation: the cache must key on the neighbour.
    assert [t[2] for t in tokenize("а -б")] == ["а", "-б"]
    assert [t[2] for t in tokenize(". -б")] == [".", "-", "б"]
