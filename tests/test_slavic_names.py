"""Ukrainian and Russian person names on the rules path and through natasha: found, and named in the nominative."""

from newsloom.entities import tagger as tg
from newsloom.entities.recognize import default_recognizer
from newsloom.kb import KnowledgeBase
from newsloom.lang import kk, slavic, uk
from newsloom.model import Article
from newsloom.pipeline import annotate


def _people(lang, text):
    kb = KnowledgeBase(known_people=False)
    a = Article(id="a", text=text, lang=lang)
    annotate(a, None)
    kb.link(a, default_recognizer().gazetteer.canonical)
    return {m.text: (m.type, kb.entities[m.entity_id].name if m.entity_id else None) for m in a.mentions}


def test_a_ukrainian_adjective_surname_makes_a_person_not_a_town_of_the_given_name():
    got = _people("uk", "Президент України Володимир Зеленський заявив про це.")
    assert got["Володимир Зеленський"][0] == "PER"
    assert "Володимир" not in got


def test_ukrainian_oblique_names_are_named_in_the_nominative():
    got = _people("uk", "Зустріч Олександра Усика, Олексія Гончаренка та Юлії Тимошенко з Денисом Шмигалем.")
    assert got["Олександра Усика"][1] == "Олександр Усик"
    assert got["Олексія Гончаренка"][1] == "Олексій Гончаренко"
    assert got["Юлії Тимошенко"][1] == "Юлія Тимошенко"
    assert got["Денисом Шмигалем"][1] == "Денис Шмигаль"
    assert _people("uk", "Переговори Володимира Зеленського.")["Володимира Зеленського"][1] == "Володимир Зеленський"


def test_a_womans_name_is_a_woman_when_the_surname_decides():
    # "Олександра": a woman in the nominative, or a man in the genitive.
    assert uk.person_nominative(["Олександра", "Зеленського"]) == ["Олександр", "Зеленський"]
    assert uk.person_nominative(["Олександра", "Зеленська"]) is None


def test_a_womans_given_name_before_an_undeclined_surname_returns_to_its_a():
    assert slavic.feminine_given_name(["Камалу", "Харрис"]) == ["Камала", "Харрис"]
    assert slavic.feminine_given_name(["Камалой", "Гарріс"]) == ["Камала", "Гарріс"]
    # A man's surname declines with his name; a foreign name may end in "-і".
    assert slavic.feminine_given_name(["Билл", "Клинтон"]) is None
    assert slavic.feminine_given_name(["Тулсі", "Габбард"]) is None
    assert slavic.feminine_given_name(["Сергей", "Лавров"]) is None
    assert _people("uk", "Президент привітав Камалу Гарріс.")["Камалу Гарріс"][1] == "Камала Гарріс"
    assert _people("ru", "Демократы выдвинули Камалу Харрис.")["Камалу Харрис"][1] == "Камала Харрис"


def test_kazakh_organisation_heads_in_any_case_and_the_distance_to_them():
    assert all(kk.org_head(w) for w in ("басқармасының", "әкімдігі", "министрлігінің", "орталығына", "соты"))
    assert not any(kk.org_head(w) for w in ("қала", "адам", "айтты"))
    toks = tg.tokenize("Алматы қалалық ішкі істер басқармасының өкілі келді .")
    feats = tg.features(toks, "kk")
    assert "ohd=4" in feats[0] and "ohd=4&T" in feats[0] and "oh" in feats[4]
    assert not any(f.startswith("ohd") for f in feats[5])
    # Other punctuation ends the reach; the features are Kazakh's only.
    assert not any(f.startswith("ohd") for f in tg.features(tg.tokenize("Алматы , басқармасы"), "kk")[0])
    assert not any(f.startswith(("oh", "ohd")) for f in tg.features(toks, "ru")[4])


def test_a_kazakh_model_organisation_ending_in_a_head_noun_replaces_the_curated_one_inside_it():
    from newsloom.entities.recognize import Recognizer
    from newsloom.entities.tagger import Span
    from newsloom.normalize import clean

    text = "Ол Біріккен Ұлттар Ұйымы Бас Ассамблеясының мінберінен сөйледі ."

    class Model:  # the span a model would give: the whole name, up to its head noun
        def tag(self, t, hints=None, lang=None):
            a = t.index("Біріккен")
            return [Span(a, t.index(" мінберінен"), "ORG")]

    art = Article(id="a", text=text, lang="kk")
    art.clean["title"], art.clean["text"] = clean(""), clean(text)
    got = [(m.text, m.type) for m in Recognizer(taggers={"kk": Model()}).recognize(art)]
    assert ("Біріккен Ұлттар Ұйымы Бас Ассамблеясының", "ORG") in got
    assert ("Біріккен Ұлттар Ұйымы", "ORG") not in got
