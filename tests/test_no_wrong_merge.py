"""The wrong merges of issue 9, end to end (recognition, then linking), in the languages they were seen in.

A given name alone never links to a place or to another person; people who
share only a surname stay apart; a new entity's id and name come from the
nominative; an acronym links only to what its own language abbreviates; a
common word capitalised by its sentence is no town.
"""

from newsloom.entities.recognize import default_recognizer
from newsloom.kb import KnowledgeBase
from newsloom.model import Article
from newsloom.pipeline import annotate


def _linked(kb, lang, text, aid="a"):
    a = Article(id=aid, text=text, lang=lang)
    annotate(a, None)
    kb.link(a, default_recognizer().gazetteer.canonical)
    return a


def _by_text(a):
    return {m.text: (m.type, m.entity_id) for m in a.mentions}


def test_a_given_name_inside_a_persons_name_is_no_town():
    kb = KnowledgeBase()
    a = _linked(kb, "ru", "Владимир Путин встретился с Владимиром Гройсманом. Позже Владимир Познер "
                          "взял интервью у Владимира Путина. Путин улетел во Владимир.")
    people = {m.entity_id for m in a.mentions if m.type == "PER"}
    assert len(people) == 3
    town = next(m.entity_id for m in a.mentions if m.text == "Владимир" and m.type == "LOC")
    # The town is named once, alone; none of the people's given names became it.
    assert [m.text for m in a.mentions if m.entity_id == town] == ["Владимир"]
    assert {n for (_, _, n) in kb.entities[town].names} == {"Владимир"}


def test_a_bare_given_name_is_the_person_of_the_article_not_a_town():
    kb = KnowledgeBase()
    a = _linked(kb, "ru", "Камала Харрис выступила в Вашингтоне. Харрис заявила, что Камала не уйдет.")
    got = [(m.text, m.type, m.entity_id) for m in a.mentions]
    harris = _by_text(a)["Камала Харрис"][1]
    assert ("Камала", "PER", harris) in got
    assert not any((eid or "").startswith("geonames:") and text.startswith("Камал") for text, _, eid in got)
    b = _linked(kb, "uk", "Президент привітав Камалу Гарріс у Вашингтоні.", "b")
    assert _by_text(b)["Камалу Гарріс"][0] == "PER"
    assert _by_text(b)["Вашингтоні"][0] == "LOC"


def test_a_shared_surname_with_other_given_names_is_another_person():
    kb = KnowledgeBase()
    a = _linked(kb, "ru", "Билл Клинтон выступил в Нью-Йорке, а Хиллари Клинтон промолчала.")
    b = _linked(kb, "uk", "Вчора Хілларі Клінтон приїхала до Вашингтона.", "b")
    bill, hillary = _by_text(a)["Билл Клинтон"][1], _by_text(a)["Хиллари Клинтон"][1]
    assert bill != hillary
    assert _by_text(b)["Хілларі Клінтон"][1] == hillary


def test_ids_and_names_come_from_the_nominative():
    kb = KnowledgeBase(known_people=False)
    a = _linked(kb, "uk", "Вчора подзвонили Біллу Клінтону, а потім Борисом Джонсоном.")
    eid = _by_text(a)["Біллу Клінтону"][1]
    assert eid == "per:bill-klinton" and kb.entities[eid].name == "Білл Клінтон"
    assert kb.entities[_by_text(a)["Борисом Джонсоном"][1]].name == "Борис Джонсон"
    # A woman's name whose surname does not decline is not read as a man's: it stays as written.
    b = _linked(kb, "uk", "Президент привітав Камалу Гарріс.", "b")
    assert kb.entities[_by_text(b)["Камалу Гарріс"][1]].name != "Камал Гарріс"


def test_an_acronym_links_only_where_the_article_or_its_language_says_what_it_stands_for():
    kb = KnowledgeBase()
    ru = _linked(kb, "ru", "Агентство AP сообщило о голосовании.")
    assert _by_text(ru).get("AP", (None, None))[1] != "org:european-parliament"
    # Turkish "AP" is both the European Parliament and the Associated Press: only the full name decides.
    alone = _linked(kb, "tr", "AP dün açıklama yaptı.", "b")
    assert _by_text(alone)["AP"][1] is None
    spelt = _linked(kb, "tr", "Avrupa Parlamentosu dün toplandı. AP kararı onayladı.", "c")
    assert _by_text(spelt)["AP"][1] == "org:european-parliament"


def test_a_common_word_at_a_sentence_start_is_no_town():
    kb = KnowledgeBase()
    a = _linked(kb, "uk", "Усі учасники зустрічі погодились. Усі вони поїхали до Вашингтона.")
    assert [m.text for m in a.mentions if m.type == "LOC"] == ["Вашингтона"]


def test_a_word_the_text_writes_in_lower_case_is_no_town_at_a_sentence_start():
    kb = KnowledgeBase()
    a = _linked(kb, "pl", "Tak powiedział premier. Było tak w Warszawie.")
    assert not any(m.text == "Tak" for m in a.mentions)
    # A town's name opening a sentence is still the town.
    b = _linked(kb, "en", "Washington said no. Boston agreed.", "b")
    assert _by_text(b)["Washington"][1].startswith("geonames:") and _by_text(b)["Boston"][1].startswith("geonames:")


def test_bill_and_hillary_clinton_are_two_with_people():
    from newsloom.model import Mention

    kb = KnowledgeBase()
    for aid, lang, names in (("1", "en", ("Bill and Hillary Clinton", "Bill Clinton", "Hillary Clinton")),
                             ("2", "ru", ("Билл и Хиллари Клинтон", "Билл Клинтон")), ("3", "en", ("Duke of Edinburgh",))):
        a = Article(id=aid, text=" ".join(names), lang=lang)
        pos = 0
        for n in names:
            a.mentions.append(Mention("text", pos, pos + len(n), n, "PER", base=n))
            pos += len(n) + 1
        kb.link(a)
        ids = {m.text: m.entity_id for m in a.mentions}
        if aid != "3":
            assert ids[names[0]] != ids["Билл Клинтон" if lang == "ru" else "Bill Clinton"]
    hillary = kb.entities[ids.get("Hillary Clinton") or "per:hillary-clinton"]
    assert hillary.name == "Hillary Clinton" and len({e.id for e in kb.entities.values() if "clinton" in e.id}) == 2
    assert "per:duke-of-edinburgh" in kb.entities  # "of" inside a title-like name does not cut it


def test_a_given_name_before_a_surname_is_no_place_in_english_either():
    kb = KnowledgeBase()
    a = _linked(kb, "en", "Jordan Spieth lost to Chad Hammel. Nancy Pelosi spoke. He won the Victoria Cross "
                          "in Charlotte County.")
    got = _by_text(a)
    assert got["Jordan Spieth"][0] == got["Chad Hammel"][0] == got["Nancy Pelosi"][0] == "PER"
    assert not any((eid or "").startswith("country:") for _, eid in got.values())
    # A common word or a place noun after the given name keeps the place.
    assert got["Victoria"][0] == got["Charlotte"][0] == "LOC"


def test_a_town_named_as_the_articles_surname_is_that_person():
    kb = KnowledgeBase()
    a = _linked(kb, "en", "Rangers manager Gary Holt was sacked. Holt said he was not surprised.")
    holts = [m for m in a.mentions if m.text == "Holt"]
    assert holts and all(m.type == "PER" and m.entity_id == _by_text(a)["Gary Holt"][1] for m in holts)


def test_hillary_is_not_bill():
    kb = KnowledgeBase()
    a = _linked(kb, "en", "Bill Clinton spoke on Monday. Hillary Clinton said nothing.")
    got = _by_text(a)
    assert got["Hillary Clinton"][0] == "PER"
    assert got["Hillary Clinton"][1] != got["Bill Clinton"][1]


def _kk_persons_of_one_model_span(text: str, first: str, last: str) -> list:
    """The Kazakh recogniser's persons where its model tagged one person from word ``first`` to word ``last``."""
    from newsloom.entities.recognize import Recognizer
    from newsloom.entities.tagger import Span
    from newsloom.pipeline import prepare

    class OneSpan:
        def tag(self, clean, hints, lang):
            return [Span(clean.index(first), clean.index(last) + len(last), "PER")]

    a = Article(id="a", text=text, lang="kk")
    prepare(a)
    return [m for m in Recognizer(taggers={"kk": OneSpan()}).recognize(a) if m.type == "PER"]


def test_a_genitive_ends_a_kazakh_name():
    # A model span that runs past the name ("Brett Kavanaugh's ... to the Supreme Court") is cut after the genitive.
    persons = _kk_persons_of_one_model_span("Сенат Бретт Каваноның Жоғарғы Сотқа тағайындалуын қарады.", "Бретт", "Сотқа")
    assert [(m.text, m.base) for m in persons] == [("Бретт Каваноның", "Бретт Кавано")]


def test_two_names_run_together_by_a_model_are_two_with_people():
    persons = _kk_persons_of_one_model_span("Кеше Сара Пэйлин Дональд Трамп туралы айтты.", "Сара", "Трамп")
    assert [m.text for m in persons] == ["Сара Пэйлин", "Дональд Трамп"]
def _with_people(aid, lang, *names, given=()):
    """People named in an article, beside ``given`` mentions already linked (id, type, name)."""
    from newsloom.model import Mention
    from tests.test_kb import _article

    a = _article(aid, lang, *names)
    a.mentions += [Mention("text", 0, 0, n, t, base=n, entity_id=eid) for eid, t, n in given]
    return a


def test_arabic_a_given_name_alone_is_no_other_persons_surname():
    kb = KnowledgeBase(known_people=False)
    garcia = _with_people("1", "en", "Sergio Garcia", "Garcia")
    kb.link(garcia)
    # "كريس" (Chris) and "Garcia" are both KRS: a given name alone is no one's surname by its key.
    chris = _with_people("2", "ar", "كريس")
    kb.link(chris)
    assert chris.mentions[0].entity_id != garcia.mentions[0].entity_id
    # A surname alone still links ("غارسيا").
    bare = _with_people("3", "ar", "سيرجيو غارسيا", "غارسيا")
    kb.link(bare)
    assert {m.entity_id for m in bare.mentions} == {garcia.mentions[0].entity_id}


def test_arabic_and_persian_given_names_in_a_persons_name_are_no_towns_and_acronyms_need_their_language():
    kb = KnowledgeBase()
    a = _linked(kb, "ar", "التقى فلاديمير بوتين بالوفد في موسكو. وقال فلاديمير إن الاجتماع كان مثمرا.")
    assert not any(m.text.startswith("فلاديمير") and (m.entity_id or "").startswith("geonames:") for m in a.mentions)
    for lang, text in (("ar", "ذكرت وكالة AP أن الاجتماع انتهى."), ("fa", "خبرگزاری AP گزارش داد که جلسه تمام شد.")):
        assert _by_text(_linked(kb, lang, text, lang)).get("AP", (None, None))[1] != "org:european-parliament"


def test_arabic_ids_and_names_come_without_the_conjunction():
    kb = KnowledgeBase(known_people=False)
    a = _linked(kb, "ar", "وقال بيل كلينتون وهيلاري كلينتون إن الحزب سيفوز.")
    hillary = _by_text(a)["وهيلاري كلينتون"][1]
    assert hillary == "per:hylry-klyntwn" and kb.entities[hillary].name == "هيلاري كلينتون"
    assert hillary != _by_text(a)["بيل كلينتون"][1]


def test_a_bare_surname_needs_the_full_name_or_a_well_known_person():
    # "Бэтмен" (Batman) is near "Pittman" and shared a story's company with
    # him: a surname alone, with nobody of that name named in its article, is
    # not someone named once before.
    kb = KnowledgeBase(known_people=False)
    company = [("country:US", "LOC", "США"), ("country:GB", "LOC", "Британия"), ("org:fbi", "ORG", "ФБР")]
    first = _with_people("a", "en", "Scott Pittman", given=company)
    bare = _with_people("b", "ru", "Бэтмен", given=company)
    for x in (first, bare):
        kb.link(x)
    assert bare.mentions[0].entity_id != first.mentions[0].entity_id
    # The same surname with the full name in its own article is the person.
    full = _with_people("c", "ru", "Скотт Питтман", "Питтман")
    kb.link(full)
    assert {m.entity_id for m in full.mentions} == {first.mentions[0].entity_id}


def test_a_bare_surname_of_a_well_known_person_links_but_not_among_namesakes():
    kb = KnowledgeBase(known_people=False)
    arts = [_with_people(f"n{i}", "en", "Kirstjen Nielsen") for i in range(3)]
    arts.append(_with_people("x", "ru", "Нильсен"))
    for x in arts:
        kb.link(x)
    assert len({m.entity_id for x in arts for m in x.mentions}) == 1
    # A second Nielsen named once: a bare "Nielsen" is the one named far more often...
    kb.link(_with_people("y", "en", "Lukas Nielsen"))
    z = _with_people("z", "ru", "Нильсен")
    kb.link(z)
    assert z.mentions[0].entity_id == arts[0].mentions[0].entity_id
    # ...but not when both are named about as often.
    for i in range(3):
        kb.link(_with_people(f"l{i}", "en", "Lukas Nielsen"))
    w = _with_people("w", "ru", "Нильсен")
    kb.link(w)
    assert w.mentions[0].entity_id != arts[0].mentions[0].entity_id
