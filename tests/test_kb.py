from newsloom.kb import KnowledgeBase
from newsloom.model import Article, Mention


def _article(aid, lang, *names):
    a = Article(id=aid, text=" ".join(names), lang=lang)
    pos = 0
    for n in names:
        a.mentions.append(Mention("text", pos, pos + len(n), n, "PER", base=n))
        pos += len(n) + 1
    return a


def test_person_linked_across_scripts_and_short_forms():
    kb = KnowledgeBase()
    a = _article("a", "kk", "Қасым-Жомарт Тоқаев", "Тоқаев")
    b = _article("b", "ar", "قاسم جومارت توقاييف")
    c = _article("c", "fa", "تاکایف")
    for x in (a, b, c):
        kb.link(x)
    ids = {m.entity_id for x in (a, b, c) for m in x.mentions}
    assert len(ids) == 1
    ent = kb.entities[ids.pop()]
    assert {script for (_, script, _) in ent.names} == {"Cyrl", "Arab"}


def test_same_surname_different_given_names_stay_apart():
    kb = KnowledgeBase()
    a = _article("a", "en", "Boris Johnson")
    b = _article("b", "en", "Lyndon Johnson")
    kb.link(a)
    kb.link(b)
    assert a.mentions[0].entity_id != b.mentions[0].entity_id


def test_explain():
    kb = KnowledgeBase()
    d = kb.explain("Тоқаев", "تاکایف")
    assert d.same and any("surname" in r for r in d.reasons)
    assert not kb.explain("Тоқаев", "Пашинян").same
    inflected = kb.explain("Тоқаевтың", "تاکایف")
    assert inflected.same and any("base form 'Тоқаев'" in r for r in inflected.reasons)


def test_known_politician_gets_its_wikidata_id_in_every_script():
    # François Hollande is Q157 in the shipped politicians list (Wikidata via EveryPolitician).
    kb = KnowledgeBase()
    arts = [_article("fa", "fa", "فرانسوا اولاند"), _article("ru", "ru", "Франсуа Олланд", "Олланд"), _article("en", "en", "Hollande")]
    for a in arts:
        kb.link(a)
    assert {m.entity_id for a in arts for m in a.mentions} == {"per:Q157"}
    ent = kb.entities["per:Q157"]
    assert ent.name == "François Hollande"
    assert {"Latn", "Cyrl", "Arab"} <= {script for (_, script, _) in ent.names}


def test_known_people_need_their_listed_full_name():
    kb = KnowledgeBase()
    bare = _article("a", "en", "Hollande")
    kb.link(bare)  # a bare surname, nobody named yet: no Wikidata id from the list alone
    assert bare.mentions[0].entity_id != "per:Q157"
    # Latin skeletons collide ("Rick Perry" and "Erika Ober" are both RK BR): in
    # a script the list has a name in, the given names must be spelt as listed.
    other = _article("b", "en", "Nikolas Sarkosi")
    kb.link(other)
    assert other.mentions[0].entity_id != "per:Q329"
    listed = _article("c", "en", "Nicolas Sarkozy")
    kb.link(listed)
    assert listed.mentions[0].entity_id == "per:Q329"
    assert not KnowledgeBase(known_people=False)._known
