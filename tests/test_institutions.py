"""State institutions the organisation list lacks: one id per (country, kind), in every script."""

from newsloom.entities.institutions import identify, main_country, parse
from newsloom.kb import KnowledgeBase
from newsloom.model import Article, Mention


def test_one_kind_of_one_country_is_one_id_in_every_script():
    names = [("Министерства обороны Казахстана", "ru"), ("Қазақстан Қорғаныс министрлігінің", "kk"),
             ("وزارة الدفاع الكازاخستانية", "ar"), ("وزارت دفاع قزاقستان", "fa"),
             ("Ministry of Defence of Kazakhstan", "en"), ("Kazakh Defence Ministry", "en")]
    assert {identify(n, lang).entity_id for n, lang in names} == {"org:KZ-defence-ministry"}


def test_two_countries_institutions_stay_apart():
    assert identify("Министерство обороны России", "ru").entity_id == "org:RU-defence-ministry"
    assert identify("Министерство обороны Украины", "ru").entity_id == "org:UA-defence-ministry"
    assert identify("Верховный суд Пакистана", "ru").entity_id == "org:PK-supreme-court"


def test_a_bare_name_takes_only_an_unambiguous_main_country():
    assert identify("وزارة الدفاع", "ar", "KZ").entity_id == "org:KZ-defence-ministry"
    assert identify("وزارة الدفاع", "ar", None) is None
    assert main_country(["country:KZ"] * 4 + ["country:RU"]) == "KZ"
    assert main_country(["country:KZ", "country:KZ", "country:RU", "country:RU"]) is None
    assert main_country(["country:KZ"]) == "KZ"  # the one country named
    assert main_country(["country:KZ", "country:RU"]) is None
    # Short of a dominant country, the language's own when named as often as any
    assert main_country(["country:KZ", "country:RU"] * 3, frozenset({"KZ"})) == "KZ"
    assert main_country(["country:KZ"] * 2 + ["country:RU"] * 3, frozenset({"KZ"})) is None


def test_a_name_only_one_country_uses_is_that_countrys():
    # "Defense Department" is American whatever country the article is about
    assert identify("Defense Department", "en", "CN").entity_id == "org:pentagon"
    assert identify("Justice Department", "en", "CN").entity_id == "org:US-justice-ministry"
    assert identify("Chinese Defence Ministry", "en", "US").entity_id == "org:CN-defence-ministry"
    assert parse("Chinese Justice Department", "en") is None


def test_another_word_in_the_name_is_another_body():
    # "collective security council" is the CSTO's, not a country's security council
    assert parse("مجلس الأمن الجماعي", "ar") is None
    assert identify("Совбеза ООН", "ru", "KZ") is None
    assert identify("Defence Ministry spokesman Ivanov", "en", "RU") is None


def test_a_listed_institution_keeps_its_listed_id():
    assert identify("کمیته امنیت ملی", "fa", "KZ").entity_id == "org:knb-kz"
    assert identify("Министерство обороны США", "ru").entity_id == "org:pentagon"


def test_an_international_bodys_organ_goes_with_the_body_named():
    assert identify("Security Council", "en", "KZ", frozenset({"org:un"})).entity_id == "org:unsc"
    assert identify("شورای سران", "fa", "KZ", frozenset({"org:csto"})).entity_id == "org:csto-csc"
    assert identify("شورای سران", "fa", "KZ") is None  # a heads-of-state council is no country's


def _article(aid, lang, *mentions):
    a = Article(id=aid, text="", lang=lang)
    a.mentions = [Mention(field="text", start=0, end=0, text=t, type=typ, entity_id=eid) for t, typ, eid in mentions]
    return a


def test_linking_gives_the_institution_one_entity_across_articles():
    kb = KnowledgeBase(known_people=False)
    kz = [("Қазақстан", "LOC", "country:KZ")] * 3
    a = kb_link(kb, _article("a", "ar", *kz, ("وزارة الدفاع", "ORG", None)))
    b = kb_link(kb, _article("b", "ru", ("Минобороны Казахстана", "ORG", None)))
    c = kb_link(kb, _article("c", "ru", ("Минобороны России", "ORG", None)))
    ids = [next(m.entity_id for m in x.mentions if m.type == "ORG") for x in (a, b, c)]
    assert ids[0] == ids[1] == "org:KZ-defence-ministry" != ids[2]
    assert kb.entities["org:KZ-defence-ministry"].type == "ORG"
    assert "Kazakhstan" in kb.entities["org:KZ-defence-ministry"].name


def kb_link(kb, a):
    kb.link(a)
    return a


def _found(lang, text):
    from newsloom.pipeline import annotate

    a = Article(id="x", text=text, lang=lang)
    annotate(a)
    return {m.text: (m.type, m.source) for m in a.mentions}


def test_a_capitalised_institution_is_found_with_its_country():
    got = _found("en", "The Senate voted on Friday. A spokesman for the Ministry of Defence of Kazakhstan "
                       "said the Supreme Court and the Justice Department disagreed.")
    for name in ("Senate", "Ministry of Defence of Kazakhstan", "Supreme Court", "Justice Department"):
        assert got.get(name, (None,))[0] == "ORG", name
    # A kind alone that opens a sentence is capitalised by it, not named
    assert "Government" not in _found("en", "Rain fell. Government sources said nothing.")
    # A minister is not a ministry ("министрі" and "министрлігі" share a stem)
    assert not any(t == ("ORG", "institution") for t in _found("kk", "Ол Қаржы министрінің орынбасары болды.").values())
