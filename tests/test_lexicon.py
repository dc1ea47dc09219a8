"""Validation of the curated lexicon files in ``newsloom/data/lexicon``."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from importlib import resources

import pytest

from newsloom import lexicon
from newsloom.normalize import WORD_RE, fold

LANGS = ("kk", "ru", "ar", "fa", "en", "tr", "ky", "uz", "uk", "az", "tt")
SCRIPT = {
    **dict.fromkeys(("kk", "ru", "ky", "uk", "tt"), "CYRILLIC"),
    **dict.fromkeys(("ar", "fa"), "ARABIC"),
    **dict.fromkeys(("en", "tr", "az", "uz"), "LATIN"),
}
TYPES = {"ORG", "LOC", "PER", "MISC"}
# Parts of personal and place names: a stopword ends a name run, so these must
# never be stopwords.
NAME_PARTICLES = {
    "ar": {"بن", "ابن", "بنت", "أبو", "ابو", "عبد", "الله", "آل", "ال"},
    "fa": {"آباد", "زاده", "پور", "الله", "عبد"},
    "kk": {"ұлы", "қызы"},
    "ky": {"уулу", "кызы"},
    "tr": {"oğlu"},
    "az": {"oğlu", "qızı"},
    "uz": {"oʻgʻli", "qizi"},
    "ru": {"оглы", "кызы"},
}


def _raw(name: str):
    return json.loads((resources.files("newsloom") / "data" / "lexicon" / name).read_text(encoding="utf-8"))


def _bad_letters(text: str, script: str) -> list[str]:
    bad = []
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith(script):
            continue
        if script == "LATIN" and name.startswith("MODIFIER LETTER"):  # Uzbek oʻ, gʻ, ʼ
            continue
        bad.append(ch)
    return bad


def _key(name: str) -> tuple[str, ...]:
    """How the gazetteer indexes a name: its folded word tokens."""
    return tuple(w.casefold() for w in WORD_RE.findall(fold(name)))


def _is_clean_string(s) -> bool:
    return isinstance(s, str) and s == s.strip() and bool(s) and "  " not in s


# --- organisations -----------------------------------------------------------------


ORGS = lexicon.organizations()


def test_organizations_is_a_big_list():
    assert isinstance(ORGS, list)
    assert len(ORGS) >= 80


@pytest.mark.parametrize("org", ORGS, ids=[o.get("id", "?") for o in ORGS])
def test_organization_record(org):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", org["id"])
    assert org["type"] in TYPES
    assert _is_clean_string(org["en"])
    names = org.get("names", {})
    acronyms = org.get("acronyms", {})
    assert isinstance(names, dict) and isinstance(acronyms, dict)
    assert set(names) <= set(LANGS), set(names) - set(LANGS)
    assert set(acronyms) <= set(LANGS), set(acronyms) - set(LANGS)
    langs = {lang for lang, v in names.items() if v} | {lang for lang, v in acronyms.items() if v}
    assert len(langs) >= 3, f"{org['id']}: only {sorted(langs)}"
    for field in (names, acronyms):
        for lang, forms in field.items():
            assert isinstance(forms, list) and forms, (org["id"], lang)
            assert len(forms) == len(set(forms)), (org["id"], lang, "repeated form")
            for form in forms:
                assert _is_clean_string(form), (org["id"], lang, form)
                assert _key(form), (org["id"], lang, form)
                bad = _bad_letters(form, SCRIPT[lang])
                assert not bad, f"{org['id']}: {lang} form {form!r} has letters {bad} outside {SCRIPT[lang]}"


def test_acronyms_are_upper_case():
    # The recogniser matches an acronym only where the text writes it in capitals.
    for org in ORGS:
        for lang, forms in org.get("acronyms", {}).items():
            for form in forms:
                letters = [c for c in form if c.isalpha()]
                assert letters and all(c.isupper() for c in letters), (org["id"], lang, form)


def test_arabic_script_names_have_no_diacritics():
    marks = re.compile("[\u064b-\u065f\u0670]")
    for org in ORGS:
        for lang in ("ar", "fa"):
            for form in org.get("names", {}).get(lang, []) + org.get("acronyms", {}).get(lang, []):
                assert not marks.search(form), (org["id"], lang, form)


def test_no_duplicate_ids():
    ids = [o["id"] for o in ORGS]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    assert not dups


def test_no_name_shared_by_two_organizations_in_one_language():
    owners: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for org in ORGS:
        for field in ("names", "acronyms"):
            for lang, forms in org.get(field, {}).items():
                for form in forms:
                    owners[(lang, _key(form))].add(org["id"])
    clashes = {f"{lang}:{' '.join(k)}": sorted(ids) for (lang, k), ids in owners.items() if len(ids) > 1}
    assert not clashes


def test_single_word_names_are_not_stopwords():
    for org in ORGS:
        for lang, forms in org.get("names", {}).items():
            stop = lexicon.stopwords(lang)
            for form in forms:
                key = _key(form)
                assert not (len(key) == 1 and key[0] in stop), (org["id"], lang, form)


def test_core_bodies_present():
    ids = {o["id"] for o in ORGS}
    for must in ("un", "unsc", "unga", "eu", "nato", "csto", "cis", "sco", "eaeu", "osce", "opec", "who", "imf",
                 "world-bank", "wto", "iaea", "icc", "icj", "interpol", "icrc", "arab-league", "oic", "gcc",
                 "african-union", "asean", "brics", "g7", "g20", "ots", "cica", "council-of-europe", "hamas",
                 "hezbollah", "taliban", "isis", "al-qaeda", "irgc", "kremlin", "white-house", "pentagon",
                 "reuters", "tass", "kazinform", "irna", "al-jazeera", "gazprom", "kazmunaygas", "samruk-kazyna"):
        assert must in ids, must


def test_csto_written_forms():
    csto = next(o for o in ORGS if o["id"] == "csto")
    assert "سازمان پیمان امنیت جمعی" in csto["names"]["fa"]
    assert "پیمان امنیت جمعی" in csto["names"]["fa"]
    assert "منظمة معاهدة الأمن الجماعي" in csto["names"]["ar"]
    assert "Ұжымдық қауіпсіздік туралы шарт ұйымы" in csto["names"]["kk"]
    assert "Ұжымдық қауіпсіздік шарты ұйымы" in csto["names"]["kk"]
    assert "Организация Договора о коллективной безопасности" in csto["names"]["ru"]
    assert "ОДКБ" in csto["acronyms"]["ru"] and "ҰҚШҰ" in csto["acronyms"]["kk"]


# --- titles and verbs of saying ------------------------------------------------------


TITLES = _raw("titles.json")


@pytest.mark.parametrize("lang", LANGS)
def test_titles_per_language(lang):
    data = TITLES[lang]
    assert {"before", "after"} <= set(data) <= {"before", "after", "org_heads"}
    assert len(data["before"]) >= 20
    for key in set(data):
        phrases = data[key]
        assert isinstance(phrases, list)
        folded = [p.casefold() for p in phrases]
        assert len(folded) == len(set(folded)), (lang, key, "repeated phrase")
        for p in phrases:
            assert _is_clean_string(p), (lang, key, p)
            assert not _bad_letters(p, SCRIPT[lang]), (lang, key, p)
    assert lexicon.titles(lang) == {k: data[k] for k in ("before", "after")}


@pytest.mark.parametrize("lang", LANGS)
def test_speech_verbs_per_language(lang):
    verbs = lexicon.speech_verbs(lang)
    assert isinstance(verbs, list) and len(verbs) >= 10
    for v in verbs:
        assert _is_clean_string(v), (lang, v)
        assert not _bad_letters(v, SCRIPT[lang]), (lang, v)


def test_key_titles_and_verbs():
    assert "Мемлекет басшысы" in TITLES["kk"]["before"]
    assert "رئيس الدولة" in TITLES["ar"]["before"]
    assert "رئیس جمهور" in TITLES["fa"]["before"] and "رئیس جمهور" in TITLES["fa"]["after"]
    assert "نخست وزیر" in TITLES["fa"]["before"]
    assert "رئيس الوزراء" in TITLES["ar"]["before"]
    assert "آقای" in TITLES["fa"]["before"] and "السيد" in TITLES["ar"]["before"]
    for word in ("деді", "айтты", "мәлімдеді"):
        assert word in lexicon.speech_verbs("kk")
    for word in ("заявил", "сказал"):
        assert word in lexicon.speech_verbs("ru")
    for word in ("قال", "أضاف", "أكد"):
        assert word in lexicon.speech_verbs("ar")
    for word in ("گفت", "اظهار داشت", "اعلام کرد"):
        assert word in lexicon.speech_verbs("fa")
    assert "said" in lexicon.speech_verbs("en") and "told" in lexicon.speech_verbs("en")
    assert "dedi" in lexicon.speech_verbs("tr") and "açıkladı" in lexicon.speech_verbs("tr")


def test_unknown_language_is_empty():
    assert lexicon.titles("xx") == {"before": [], "after": []}
    assert lexicon.titles(None) == {"before": [], "after": []}
    assert lexicon.speech_verbs("xx") == []
    assert lexicon.stopwords("xx") == frozenset()
    assert lexicon.stopwords(None) == frozenset()


# --- stopwords ------------------------------------------------------------------------


STOP = _raw("stopwords.json")


def test_stopwords_sources_recorded():
    assert isinstance(STOP.get("sources"), str) and STOP["sources"]


@pytest.mark.parametrize("lang", LANGS)
def test_stopwords_per_language(lang):
    words = STOP[lang]
    assert isinstance(words, list)
    assert 150 <= len(words) <= 400, len(words)
    assert len(words) == len(set(words)), "repeated stopword"
    for w in words:
        assert _is_clean_string(w) and " " not in w, (lang, w)
        assert w == w.lower(), (lang, w)
        assert not _bad_letters(w, SCRIPT[lang]), (lang, w)
    stop = lexicon.stopwords(lang)
    assert isinstance(stop, frozenset) and stop
    assert set(words) <= stop
    assert all(w == w.casefold() for w in stop)
    assert not (stop & NAME_PARTICLES.get(lang, set())), stop & NAME_PARTICLES.get(lang, set())


def test_stopwords_hold_folded_forms():
    # Clean text folds hamza seats and Arabic yeh/kaf; the set must meet it there.
    assert fold("أن") in lexicon.stopwords("ar")
    assert fold("التي") in lexicon.stopwords("ar")
    assert "و" in lexicon.stopwords("fa") and "از" in lexicon.stopwords("fa")
    assert "және" in lexicon.stopwords("kk") and "и" in lexicon.stopwords("ru")
