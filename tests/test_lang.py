"""The language registry (newsloom.lang) and the Arabic training-data repairs."""

from pathlib import Path

import newsloom.lang as languages
from newsloom.entities.affixes import variants as affixes_variants
from newsloom.evaluation import ner_eval as ev
from newsloom.evaluation.train_ner import rejoin_clitics
from newsloom.normalize import fold


def test_every_language_module_is_registered_under_its_own_name():
    folder = Path(languages.__file__).parent
    shared = {"__init__", "base", "inflection", "turkic", "slavic", "arabic_script"}
    modules = {p.stem for p in folder.glob("*.py")} - shared
    assert modules == set(languages._MODULES)
    for code in modules:
        assert languages.get(code).code == code


def test_a_language_without_a_module_gets_the_defaults():
    xx = languages.get("xx")
    assert xx.borrows is None and xx.tagger is None and xx.script == "Latn"
    assert languages.get(None) is languages.UNKNOWN


def test_variants_follow_each_language():
    assert affixes_variants is languages.variants  # kb.py imports it from entities.affixes
    assert "қазақстан" in languages.variants(fold("Қазақстанға"), "kk")
    assert "москва" in languages.variants(fold("Москвы"), "ru")
    assert "москва" not in languages.variants(fold("Москвы"), "kk")
    assert fold("روسيا") in languages.variants(fold("وروسيا"), "ar")
    assert "türkiye" in languages.variants("türkiye'de", "tr")
    # Persian suffixes, never in Arabic; the adjective is not its place
    assert fold("آمریکا") in languages.variants(fold("آمریکای"), "fa")
    assert fold("آمریکا") not in languages.variants(fold("آمریکای"), "ar")
    assert fold("ایران") not in languages.variants(fold("ایرانی"), "fa")


def test_policies_live_with_their_language():
    assert languages.get("kk").tagger == "kk" and languages.get("kk").model_overrules_places
    assert languages.get("ar").tagger == "ar" and not languages.get("ar").model_overrules_places
    assert languages.get("fa").borrows == {"ar"} and languages.get("fa").light_verbs
    assert languages.get("fa").tagger == "fa" and languages.get("fa").rules_beside_model
    assert languages.get("ru").tagger == "natasha"
    assert languages.get("ru").capitalises_first_word_only and not languages.get("kk").capitalises_first_word_only
    assert "ru" in languages.codes_in_script("Cyrl") and "fa" in languages.codes_in_script("Arab")


def test_split_clitics_are_written_as_news_text_writes_them():
    s = ev.Sentence("و تعتبر مدينة جوبا عاصمة ها ل الاتحاد و روسيا .".split(),
                    ["O", "O", "O", "B-LOC", "O", "O", "O", "B-ORG", "O", "B-LOC", "O"])
    out = rejoin_clitics([s])[0]
    assert out.tokens == "وتعتبر مدينة جوبا عاصمتها للاتحاد وروسيا .".split()
    assert out.tags == ["O", "O", "B-LOC", "O", "B-ORG", "B-LOC", "O"]
    # a proclitic inside a name stays inside it; one with no word after it stays a token
    s = ev.Sentence("امنة بنت و هب و".split(), ["B-PER", "I-PER", "I-PER", "I-PER", "O"])
    out = rejoin_clitics([s])[0]
    assert out.tokens == ["امنة", "بنت", "وهب", "و"] and out.tags == ["B-PER", "I-PER", "I-PER", "O"]
    assert ev.chunks_of(out.tags) == {(0, 3, "PER")}
