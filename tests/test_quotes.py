"""Who said what: quotation styles, reported speech, speakers through names, titles and pronouns."""

import json
from importlib import resources

import pytest

from newsloom.kb import KnowledgeBase
from newsloom.model import Article
from newsloom.pipeline import annotate
from newsloom.quotes import extract, find


def quotes(text, lang):
    a = annotate(Article(id="t", text=text, lang=lang), KnowledgeBase())
    for q in a.quotes:
        assert a.field(q.field)[q.start:q.end] == q.text
        assert q.cue is None or a.field(q.cue.field)[q.cue.start:q.cue.end] == q.cue.text
    return a.quotes


@pytest.mark.parametrize("open_, close", [('"', '"'), ("«", "»"), ("„", "“"), ("“", "”"), ("‹", "›")])
def test_every_quotation_mark_style(open_, close):
    text = f"{open_}The talks will go on next week in Geneva,{close} Joe Biden said."
    (q,) = quotes(text, "en")
    assert q.kind == "direct" and q.text == "The talks will go on next week in Geneva,"
    assert q.cue.text == "said" and q.speaker_name == "Joe Biden"


def test_quote_split_by_reporting_clause_and_multi_sentence():
    text = "“This is a good day,” Angela Merkel told reporters, “for all of Europe. We are ready.”"
    qs = quotes(text, "en")
    assert [q.text for q in qs] == ["This is a good day,", "for all of Europe. We are ready."]
    assert {q.speaker_name for q in qs} == {"Angela Merkel"}


def test_indirect_speech_with_its_speaker():
    (q,) = quotes("Владимир Путин заявил, что переговоры продолжатся в Женеве на следующей неделе.", "ru")
    assert q.kind == "indirect" and q.text.startswith("переговоры") and q.speaker_name == "Владимир Путин"
    (q,) = quotes("По словам Сергея Лаврова, встреча пройдёт в пятницу утром.", "ru")
    assert q.cue.text == "По словам" and q.speaker_id and q.text.startswith("встреча")
    (q,) = quotes("وقال وزير الخارجية سيرغي لافروف، إن المحادثات ستستأنف الأسبوع المقبل في جنيف.", "ar")
    assert q.kind == "indirect" and q.text.startswith("المحادثات") and q.speaker_mention.text == "سيرغي لافروف"
    (q,) = quotes("به گفته عباس عراقچی، مذاکرات هفته آینده در ژنو از سر گرفته خواهد شد.", "fa")
    assert q.speaker_mention.text == "عباس عراقچی" and q.text.startswith("مذاکرات")


def test_verb_final_reported_clause_keeps_the_speaker_out_of_the_content():
    (q,) = quotes("Қасым-Жомарт Тоқаев еліміздегі төтенше жағдай тағы бір апта сақталады деп мәлімдеді.", "kk")
    assert q.cue.text == "деп мәлімдеді" and q.speaker_mention.text == "Қасым-Жомарт Тоқаев"
    assert q.text.startswith("еліміздегі") and q.text.endswith("сақталады")
    (q,) = quotes('Recep Tayyip Erdoğan, "Bu süreç kararlılıkla devam edecek" dedi.', "tr")
    assert q.kind == "direct" and q.speaker_name == "Recep Tayyip Erdoğan"


def test_pronoun_and_subjectless_verb_continue_the_previous_speaker():
    qs = quotes("به گفته عباس عراقچی، مذاکرات هفته آینده از سر گرفته خواهد شد.\nوی افزود: ما آماده گفتگو هستیم و این فرصت را از دست نمی دهیم.", "fa")
    assert qs[1].kind == "direct" and qs[1].speaker_mention.text == "وی" and qs[1].speaker_id == qs[0].speaker_id
    qs = quotes("وقال وزير الخارجية سيرغي لافروف، إن المحادثات ستستأنف في جنيف.\nوأضاف أن الوفد الروسي سيصل يوم الأحد.", "ar")
    assert qs[1].speaker_id == qs[0].speaker_id and qs[1].speaker_mention is None


def test_unknown_speaker_stays_null_and_names_in_marks_are_not_quotes():
    (q,) = quotes("“Nobody will be left behind and nobody will be forgotten here,” a banner read.", "en")
    assert q.speaker_id is None and q.cue is None
    assert quotes("The «Unbreakable Brotherhood 2024» exercise ended.", "en") == []


@pytest.mark.parametrize("text", ["", '"', '«««', '" " " "', "said: " * 2000, "«" + "word " * 50000])
def test_bad_input_gives_a_result_not_a_traceback(text):
    assert isinstance(find(text, "en"), list)
    assert isinstance(extract(Article(id="t", text=text, lang="ru")), list)


def test_seeds_quotes_and_speakers_match_the_hand_gold(seeds_dir):
    from newsloom.evaluation.quotes_eval import seeds

    result = seeds(None)
    assert result["fa"]["f1"] >= 0.9 and result["ar"]["f1"] >= 0.75
    assert result["fa"]["speaker_accuracy"] >= 0.9 and result["ar"]["speaker_accuracy"] >= 0.9


def test_gold_points_into_the_seed_articles(seeds_dir):
    from newsloom.ingest import iter_articles

    gold = json.loads((resources.files("newsloom.evaluation") / "quotes_seeds_gold.json").read_text(encoding="utf-8"))["quotes"]
    arts = {a.id.split("/")[-1][:3]: a for a in iter_articles([str(p) for p in sorted(seeds_dir.glob("00[23]_*.txt"))], [])}
    for q in gold:
        text = arts[q["seed"]].text
        assert 0 <= q["start"] < q["end"] <= len(text) and q["speaker_at"] < len(text)


def test_annotate_record_contract(seeds_dir):
    from newsloom.ingest import iter_articles

    (a,) = iter_articles([str(next(seeds_dir.glob("003_*.txt")))], [])
    rec = annotate(a, KnowledgeBase()).to_record()
    assert rec["quotes"] and rec["figures"]
    for q in rec["quotes"]:
        assert set(q) == {"field", "start", "end", "text", "kind", "speaker", "cue"}
        assert a.field(q["field"])[q["start"]:q["end"]] == q["text"]
        if q["speaker"]:
            assert set(q["speaker"]) == {"id", "name", "mention"}
    for f in rec["figures"]:
        assert set(f) == {"field", "start", "end", "text", "value", "unit", "counts"}


def test_store_lists_one_statement_in_two_languages(seeds_dir, tmp_path):
    from newsloom.cli import main

    db = str(tmp_path / "s.db")
    seeds = [str(p) for p in sorted(seeds_dir.glob("00[23]_*.txt"))]
    assert main(["analyze", *seeds, "--db", db, "-q"]) == 0
    from newsloom.statements import entity_quotes, event_figures, statements
    from newsloom.store import Store

    store = Store(db)
    try:
        found = statements(store.db)
        both = [s for s in found if set(s["languages"]) == {"ar", "fa"}]
        assert both, found
        for s in both:
            assert s["speaker"] and len({q["article_id"] for q in s["quotes"]}) == 2
        speaker = both[0]["speaker"]["id"]
        assert all(s["speaker"]["id"] == speaker for s in entity_quotes(store.db, speaker)["quotes_by"])
        event = store.query("SELECT event_id FROM articles LIMIT 1")[0]["event_id"]
        assert any(line.startswith("article: 4 in") for line in event_figures(store.db, event)["figures_matched"])
    finally:
        store.close()
    assert main(["quotes", "--db", db, "--entity", speaker]) == 0
