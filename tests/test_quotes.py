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


def test_kazakh_quote_closed_with_the_opening_mark():
    (q,) = quotes("“Жағдай күн сайын ушығып бара жатыр“, – деді Ерлан Қарин.", "kk")
    assert q.text == "Жағдай күн сайын ушығып бара жатыр" and q.cue.text == "деді"


def test_russian_verbs_of_saying_in_every_gender_and_number():
    (q,) = quotes("«Мы готовы к переговорам в любой момент», — прокомментировала Мария Захарова.", "ru")
    assert q.cue.text == "прокомментировала" and q.text.startswith("Мы готовы")
    (q,) = quotes("Мария Захарова заявила журналистам, что переговоры продолжатся в пятницу.", "ru")
    assert q.kind == "indirect" and q.cue.text == "заявила" and q.text.startswith("переговоры")
    # "что" far from the verb is not what the verb reports.
    assert quotes("Министр призвал беженцев вернуться домой, несмотря на то, что война идёт восьмой год.", "ru") == []


def test_russian_direct_speech_closed_by_a_dash_over_two_lines():
    qs = quotes("«Нет, нет, мы не уйдём отсюда.\nЭто наша земля и наш город, — заявил Иван Петров.", "ru")
    assert [q.text for q in qs] == ["Нет, нет, мы не уйдём отсюда.", "Это наша земля и наш город"]
    assert {q.cue.text for q in qs} == {"заявил"}


def test_quotation_over_several_lines_is_one_quote_a_line_with_the_closing_cue():
    text = '"I think this is a very good idea.\nI would have bought one for myself.\nThis is a genius product," Anna Kowalski wrote.'
    qs = quotes(text, "en")
    assert [q.text for q in qs] == ["I think this is a very good idea.", "I would have bought one for myself.", "This is a genius product,"]
    assert all(q.cue and q.cue.text == "wrote" for q in qs)


def test_english_reported_clause_without_that():
    (q,) = quotes("John Smith said the talks would resume next week in Geneva.", "en")
    assert q.kind == "indirect" and q.text.startswith("the talks") and q.speaker_name == "John Smith"
    # A time or place after the verb is not what was said, and "the claims" is a noun.
    assert quotes("John Smith said on Friday.", "en") == []
    assert all(q.cue.text != "claims" for q in quotes("The claims were reported by three newspapers last year.", "en"))


def test_single_quotation_marks_but_not_apostrophes():
    (q,) = quotes("'We will not give up on this city,' John Smith said.", "en")
    assert q.text == "We will not give up on this city," and q.speaker_name == "John Smith"
    assert quotes("Trump'ın açıklaması ve Ankara'nın yanıtı bekleniyor.", "tr") == []


def test_speaker_introduced_by_a_colon_without_a_verb():
    (q,) = quotes("Питер Мерчи, тренер: «Стоит отдать должное сопернику, они играли лучше нас».", "ru")
    assert q.cue.text == ":" and q.speaker_mention and q.speaker_mention.text == "Питер Мерчи"


def test_subjectless_verb_takes_the_person_named_just_before():
    qs = quotes('Teknik direktör Peter Murchie maçtan sonra konuştu.\n"Şimdiye kadar yenilmedik ve bu yüzden çok mutluyuz," dedi.', "tr")
    assert qs[-1].speaker_name == "Peter Murchie"


def test_he_is_the_person_named_since_the_previous_quote():
    text = ('"The storm destroyed most of the houses on the coast," said Angela Merkel.\n'
            "Emmanuel Macron had visited two of the towns.\n"
            '"I think that means the messages were never delivered," he said.')
    qs = quotes(text, "en")
    assert qs[0].speaker_name == "Angela Merkel" and qs[-1].speaker_name == "Emmanuel Macron"


def test_words_that_name_no_one_are_not_speakers():
    (q,) = quotes('Another commented: "Such an out of touch advert for young mothers."', "en")
    assert q.speaker_id is None
    (q,) = quotes('The notice for the meeting on Friday stated that "we want the meetings to be inclusive and productive."', "en")
    assert q.speaker_id is None or "Friday" not in q.speaker_name


def test_statements_pair_one_to_one_best_first():
    import numpy as np

    from newsloom.model import Quote
    from newsloom.statements import align

    def art(n):
        a = Article(id=f"a{n}", text="")
        a.quotes = [Quote("text", 0, 1, f"quote {i}", "direct", None, "per:x", "X", None) for i in range(2)]
        return a

    # a1 is b0's best match but takes b1; a0 then still gets b0, which "mutual best" lost.
    va = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    vb = np.array([[0.90, 0.91], [0.0, 0.95]], dtype=np.float32)
    assert {(i, j) for i, j, _ in align(art(0), art(1), va=va, vb=vb)} == {(0, 0), (1, 1)}


def test_a_stray_closing_mark_does_not_make_a_quote():
    (q,) = quotes("Владимир Путин сказал, что переговоры продолжатся в Женеве на следующей неделе.»", "ru")
    assert q.kind == "indirect" and q.speaker_name == "Владимир Путин"


def test_verb_final_speaker_after_the_verb():
    (q,) = quotes("Тергеу бюросы айыптауларды тексеретінін білгендіктен осылай істедім деді Джефф Флейк.", "kk")
    assert q.kind == "indirect" and q.text.endswith("істедім") and q.speaker_mention.text == "Джефф Флейк"


def test_attribution_closing_a_sentence_without_marks():
    qs = quotes("Angela Merkel arrived in Paris on Monday.\nPrices will rise sharply next year, the chancellor said.\n"
                "It would be impossible to hold more stock at the plant, she said, and so production would stop.", "en")
    assert [q.text for q in qs] == ["Prices will rise sharply next year", "It would be impossible to hold more stock at the plant"]
    assert {q.speaker_name for q in qs} == {"Angela Merkel"} and qs[1].speaker_mention.text == "she"
    (q,) = quotes("Talks will resume next week, said John Smith, a spokesman for the ministry.", "en")
    assert q.text == "Talks will resume next week" and q.speaker_name == "John Smith"
    (q,) = quotes("Сергей Лавров прилетел в Анкару.\nПереговоры продолжатся на следующей неделе, сказал министр.", "ru")
    assert q.text == "Переговоры продолжатся на следующей неделе" and q.speaker_name == "Сергей Лавров"
    # A subordinate clause before the verb is no attribution.
    assert not [q for q in quotes("The tone was different from last year, when he told the Assembly about it.", "en")]


def test_pronoun_next_to_the_cue_is_the_speaker_not_whom_he_told():
    qs = quotes('Greg Clark visited the plant on Monday.\n"We need to have a deal with the union," he told BBC Radio 4.', "en")
    assert qs[-1].speaker_mention.text == "he" and qs[-1].speaker_name == "Greg Clark"
    # A pronoun opening the reported clause is its subject, not the speaker's.
    qs = quotes("Kathryn Mayorga met Cristiano Ronaldo in 2009.\nMayorga also claims she went to the police the next day.", "en")
    assert qs[-1].speaker_mention.text == "Mayorga"


def test_a_title_with_an_indefinite_article_is_someone_unnamed():
    qs = quotes('Greg Clark visited the plant.\n"We need a deal," Mr Clark said.\n'
                'A government spokesperson said: "We have put forward a precise and credible plan."', "en")
    assert qs[0].speaker_name and qs[-1].speaker_id is None


def test_a_subject_the_recogniser_missed_opens_the_reported_sentence():
    qs = quotes('Ri Yong Ho told the annual General Assembly that North Korea had taken "significant goodwill measures".\n'
                '"However, we do not see any response from them," he said.\n"It is a pipe dream," Ri said.', "en")
    ids = {q.speaker_id for q in qs}
    assert len(ids) == 1 and None not in ids and qs[0].speaker_name == "Ri Yong Ho"  # one person in the long and the short name
    # A capitalised word opening a sentence is no name unless it is capitalised mid-sentence too.
    assert not [q for q in quotes("Officials met on Friday and said that the weather would be fine tomorrow.", "en") if q.speaker_id]


def test_a_run_of_quotes_keeps_its_speaker_past_a_name_inside_it():
    text = ('"We have called upon the community to help," Walid al-Moualem said.\n"They are politicizing it.\n'
            'Donald Trump will not decide for us in this matter."\n"The war on terror is almost over in our country," the diplomat added.')
    qs = quotes(text, "en")
    assert len(qs) == 4 and len({q.speaker_id for q in qs}) == 1 and "Moualem" in qs[0].speaker_name
    # A person named after the run, before the description, is who the description is.
    qs = quotes('"We have called upon the community to help," Walid al-Moualem said.\nAngela Merkel, 64, praised the talks.\n'
                '"I am a happy woman and all is good," the veteran politician added.', "en")
    assert qs[-1].speaker_name == "Angela Merkel"


def test_russian_reflexive_and_present_verbs_of_saying():
    qs = quotes("Патриция Шредер решила баллотироваться.\n«Это решение не было как следует обдумано», — признавалась она мне.\n"
                "«Я что для них, уцененный товар, что ли?», — удивлялась она.\n«Вы бы подумали, что у меня нервный срыв», — вспоминает г-жа Шредер.", "ru")
    assert [q.cue.text for q in qs] == ["признавалась", "удивлялась", "вспоминает"]
    assert len({q.speaker_id for q in qs}) == 1 and qs[0].speaker_name == "Патриция Шредер"


def test_kazakh_quotation_opened_with_the_closing_mark_and_an_attribution_before_a_colon():
    (q,) = quotes("”Энергия қысым жасау құралы бола алмайтындығы жөнінде пікіріміз ортақ деген сенімдемін” деп атап өтті "
                  "Ресейдің Энергетика Министрі Александр Новак Мәскеуде өткен кездесуінен соң.", "kk")
    assert q.text.startswith("Энергия") and q.text.endswith("сенімдемін") and q.speaker_name == "Александр Новак"
    (q,) = quotes("Жалпыұлттық өмірді сақтандыру кәсібінің вице-президенті Холли Снидэрдің айтуынша: “Адамдар өз отбасысы "
                  "мүшелерінің күтімін қалайды, бірақ олар бір-бірімен ол жайлы сөйлесу үшін қадамдар жасап жатқан жоқ”.", "kk")
    assert q.cue.text == "айтуынша" and q.speaker_mention.text.startswith("Холли")


def test_nested_quotations_one_closing_mark_and_straight_marks():
    (q,) = quotes("Ри Ён Хо выступил в ООН.\n«США настаивают на том, что «сначала должна быть произведена денуклеаризация», "
                  "и даже возражают против «объявления об окончании войны», — говорит Ри Ён Хо.", "ru")
    assert q.text.startswith("США настаивают") and q.text.endswith("окончании войны") and q.cue.text == "говорит"
    (q,) = quotes('"The U.S. insists on the "denuclearization-first" and even objects to the "declaration of the end of war,"" '
                  'Walid al-Moualem said.', "en")
    assert q.text.startswith("The U.S. insists") and q.text.endswith('end of war,"') and "Moualem" in q.speaker_name


def test_the_subject_not_the_names_it_spoke_of():
    qs = quotes("Сергей Лавров прибыл в Нью-Йорк.\n«Мы готовы к переговорам», — сказал Лавров.\n"
                "Вместо этого министр заострил внимание на встречах между Владимиром Путиным и Реджепом Эрдоганом и добавил: "
                "«Эти встречи дали больше, чем все переговоры в Женеве».", "ru")
    assert qs[-1].speaker_id == qs[0].speaker_id
    (q,) = quotes("Дональд Трамп, который угрожал Северной Корее, похвалил Владимира Путина, но сказал, что санкции останутся в силе.", "ru")
    assert q.speaker_name == "Дональд Трамп"  # "Владимира Путина" is in the accusative
    qs = quotes("Mike Pompeo flew to Seoul.\nPompeo met Sergei Lavrov on the sidelines and said afterwards that he would visit Moscow again.", "en")
    assert qs[-1].speaker_mention.text == "Pompeo"


def test_a_state_and_an_organisation_by_its_noun_speak():
    (q,) = quotes("China and Russia argue that the Security Council should reward Pyongyang for the steps taken.", "en")
    assert q.speaker_id in ("country:CN", "country:RU")
    qs = quotes("The farmer was found dead near a sty at the market in Guizhou, China's state media reported.", "en")
    assert not any((q.speaker_id or "").startswith("country:") for q in qs)
    # The organisation the article is about: named most so far, not merely last.
    qs = quotes("Gazprom shares rose in Moscow.\nGazprom signed a deal with Microsoft.\n"
                "Gas exports to Europe will fall sharply next winter, the company said.", "en")
    assert qs[-1].speaker_name == "Gazprom"
    (q,) = quotes("Пётр Иванов выступил.\nПредставитель правительства говорит: «Мы разработали точный и надежный план».", "ru")
    assert q.speaker_id is None


def test_statements_speakers_veto_only_when_the_knowledge_base_tells_them_apart():
    import numpy as np

    from newsloom.model import Quote
    from newsloom.statements import align

    def art(lang, speaker):
        a = Article(id=f"{lang}-{speaker}", text="", lang=lang)
        a.quotes = [Quote("text", 0, 1, "quote", "direct", None, speaker, speaker, None)]
        return a

    def paired(a, b, cos):
        return bool(align(a, b, va=np.array([[1.0, 0.0]], dtype=np.float32),
                          vb=np.array([[cos, (1 - cos * cos) ** 0.5]], dtype=np.float32)))

    # An unlinked English name ("PER:…") says nothing about who speaks in Arabic script.
    assert paired(art("en", "PER:Moualem"), art("ar", "per:q1"), 0.87)
    # In one language two names are two people.
    assert not paired(art("en", "PER:Moualem"), art("en", "PER:Lavrov"), 0.87)
    # Two linked speakers veto a paraphrase, not a translation: one attribution is then wrong.
    assert not paired(art("en", "per:q2"), art("ar", "per:q1"), 0.87)
    assert paired(art("en", "per:q2"), art("ar", "per:q1"), 0.90)
