"""English: silver labels through the Russian translation, the model's span repairs, the hand-read names."""

from collections import Counter

from newsloom.entities.tagger import Span, tokenize
from newsloom.evaluation import ner_eval as ev
from newsloom.evaluation import silver_en
from newsloom.evaluation.names_en import gold_spans
from newsloom.lang import en
from newsloom.model import Mention

RU = "Премьер-министр Зоран Заев встретился с Дональдом Трампом в Афинах."
EN = "Prime Minister Zoran Zaev met Donald Trump in Athens."


def _m(text, line, typ, eid=None, base=""):
    s = line.index(text)
    return Mention("text", s, s + len(text), text, typ, base=base, entity_id=eid)


def _words(line):
    return list(tokenize(line))


def _names(sent):
    return {(" ".join(sent.tokens[i:j]), t) for i, j, t in ev.chunks_of(sent.tags)}


def test_russian_names_are_found_in_the_english_line_by_id_and_by_sound():
    ru = [_m("Зоран Заев", RU, "PER", base="Зоран Заев"), _m("Дональдом Трампом", RU, "PER", base="Дональд Трамп"),
          _m("Афинах", RU, "LOC", "geonames:1", base="Афины")]
    en_ms = [_m("Athens", EN, "LOC", "geonames:1")]
    sent = silver_en._label_line(_words(EN), en_ms, ru, Counter())
    # "Prime Minister" is capitalised but no name: O, as the Russian side says.
    assert _names(sent) == {("Zoran Zaev", "PER"), ("Donald Trump", "PER"), ("Athens", "LOC")}


def test_a_line_is_dropped_when_a_name_is_not_accounted_for():
    stats = Counter()
    # A Russian name with no English words that sound like it.
    ru = [_m("Заев", RU, "PER", base="Заев"), _m("Афинах", RU, "LOC", "geonames:2", base="Афины")]
    assert silver_en._label_line(_words(EN), [], ru, stats) is None
    # An English name the rules linked that no Russian name confirms.
    assert silver_en._label_line(_words(EN), [_m("Athens", EN, "LOC", "geonames:1")], [], stats) is None
    # A rare capitalised word inside the sentence left O: a name both sides missed.
    assert silver_en._label_line(_words("They met Tornillo in a bar."), [], [], stats) is None
    assert stats["Russian name not found"] == 1 and stats["English name not confirmed"] == 1
    assert stats["rare capitalised word left O"] == 1
    assert silver_en._label_line(_words("They met in a bar."), [], [], Counter()).tags == ["O"] * 6


def test_no_held_out_or_hand_read_document_is_trained_on():
    ids = list(dict.fromkeys(__import__("json").loads(line)["doc_id"] for line in open(silver_en.NTREX, encoding="utf-8")))
    train = silver_en.training_docs()
    assert train and not set(train) & set(ids[: silver_en.HELD_OUT])
    assert not set(train) & silver_en.evaluation_docs()
    assert {"rt.com.91334", "cbsnews.248384"} <= silver_en.evaluation_docs()


def _repair(text, *spans):
    out = en.model_spans([Span(text.index(s), text.index(s) + len(s), t) for s, t in spans], text)
    return [(text[sp.start:sp.end], sp.type) for sp in out]


def test_model_persons_lose_titles_and_what_follows_a_possessive():
    assert _repair("Yesterday President Joe Biden spoke.", ("President Joe Biden", "PER")) == [("Joe Biden", "PER")]
    assert _repair("It was likened to Gwyneth Paltrow's Goop brand.", ("Gwyneth Paltrow's Goop", "PER")) == \
        [("Gwyneth Paltrow's", "PER")]
    assert _repair("He met Walid al-Moualem there.", ("Walid", "PER")) == [("Walid al-Moualem", "PER")]
    assert _repair("They walked to John Street.", ("John Street", "PER")) == [("John Street", "LOC")]
    assert _repair("While Livi pressed on.", ("While Livi", "PER")) == [("Livi", "PER")]
    assert _repair("Papers filed at Clark County court.", ("Clark", "PER")) == [("Clark County", "LOC")]


def test_a_lone_model_person_needs_a_full_name_a_title_or_a_listed_surname():
    text = "Cristiano Ronaldo denied it. Ronaldo spoke. Welsh members met. Mr Clark agreed. Grayling left."
    got = _repair(text, ("Cristiano Ronaldo", "PER"), ("Ronaldo spoke", "PER"), ("Welsh", "PER"), ("Clark", "PER"),
                  ("Grayling", "PER"))
    assert got == [("Cristiano Ronaldo", "PER"), ("Ronaldo spoke", "PER"), ("Clark", "PER"), ("Grayling", "PER")]
    assert _repair("The five-time Ballon d'Or winner says.", ("Ballon", "PER")) == []
    # Other types are the model's own.
    assert _repair("Welsh is spoken.", ("Welsh", "ORG")) == [("Welsh", "ORG")]


def test_english_word_features():
    assert "esn" in en.tagger_features("Grayling") and en.tagger_features("Tsouvallaris") == ("ez=0",)
    assert int(en.tagger_features("The")[0][3:]) >= 6 and en.tagger_features("2018") == ()


def test_gold_names_take_the_longest_string_and_ignored_places_count_neither_way():
    text = "Brett Kavanaugh spoke. Kavanaugh's friend, anti-Kavanaugh protesters and Senate Judiciary Committee."
    gold, ignored = gold_spans(text, {"PER": ["Kavanaugh", "Brett Kavanaugh"], "ORG": ["Senate", "Senate Judiciary Committee"],
                                      "ignore": ["anti-Kavanaugh"]})
    assert sorted((text[a:b], t) for (a, b), t in gold.items()) == [
        ("Brett Kavanaugh", "PER"), ("Kavanaugh", "PER"), ("Senate Judiciary Committee", "ORG")]
    assert [text[a:b] for a, b in ignored] == ["anti-Kavanaugh"]


def test_linking_over_another_runs_english_spans_is_the_same_set_when_nothing_changed():
    from newsloom.evaluation.ntrex_linking import run

    first = run(str(silver_en.NTREX), ["tur"], docs=2)
    spans = first["english_spans"]
    assert spans and all(len(x) == 3 for xs in spans.values() for x in xs)
    again = run(str(silver_en.NTREX), ["tur"], docs=2, over=spans)["languages"]["tur"]
    assert again["over_ids"] == first["languages"]["tur"]["matched"] + len(first["languages"]["tur"]["misses"])
    assert again["recall_over"] == first["languages"]["tur"]["recall"]
    # Over no spans at all there is nothing to find.
    assert run(str(silver_en.NTREX), ["tur"], docs=2, over={})["languages"]["tur"]["recall_over"] is None
