from newsloom.normalize import boilerplate_lines, clean, fold, sentences


def _roundtrip(original: str):
    ct = clean(original)
    for i in range(len(ct.text)):
        s, e = ct.span(i, i + 1)
        assert 0 <= s < e <= len(original)
    return ct


def test_arabic_persian_variants_fold_to_one_form():
    assert fold("توقاييف") == fold("توقاییف")
    assert fold("منظمة") == fold("منظمه")
    assert fold("كازاخستان") == fold("کازاخستان")
    assert fold("الأمن") == fold("الامن")


def test_tatweel_marks_and_digits_are_removed_with_offsets_kept():
    original = "قـــال ١٢٣ و ۴۵۶ مُحَمَّد"
    ct = _roundtrip(original)
    assert "123" in ct.text and "456" in ct.text
    assert "قال" in ct.text and "محمد" in ct.text
    start = ct.text.index("محمد")
    s, e = ct.span(start, start + 4)
    assert original[s:e] == "مُحَمَّد"


def test_nfc_composition_maps_to_whole_original_cluster():
    original = "Cafe\u0301 и\u0306"  # decomposed é and й
    ct = _roundtrip(original)
    assert ct.text == "Café й"
    s, e = ct.span(3, 4)
    assert original[s:e] == "e\u0301"


def test_zwnj_splits_persian_affixes():
    assert clean("می\u200cخواهم").text == "می خواهم"


def test_latin_lookalikes_inside_kazakh_words_are_repaired():
    ct = clean("Қaзaқстан iPhone")  # Latin a inside a Cyrillic word
    assert ct.text.startswith("Қазақстан")
    assert "iPhone" in ct.text


def test_boilerplate_lines_are_found_and_left_out_of_clean_text():
    title = "Заголовок новости"
    text = "Заголовок новости\nФото: ©Tengrinews.kz\n362\nоқылды\nБіринші сөйлем.\nYouTube арнамызға жазылыңыз\nاقرأ أيضًا: شيء آخر\nمشاركة"
    spans = boilerplate_lines(text, title)
    removed = [text[s:e] for s, e, _ in spans]
    assert "Заголовок новости" in removed
    assert "Фото: ©Tengrinews.kz" in removed
    assert "YouTube арнамызға жазылыңыз" in removed
    assert "مشاركة" in removed
    assert any(r.startswith("اقرأ") for r in removed)
    ct = clean(text, spans)
    assert "Біринші сөйлем." in ct.text
    assert "Tengrinews" not in ct.text and "жазылыңыз" not in ct.text


def test_sentences():
    spans = sentences("Бірінші сөйлем. Екінші сөйлем! جملة ثالثة؟ Four")
    assert len(spans) == 4
