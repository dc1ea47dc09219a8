"""Numbers with their unit and what they count, in every script."""

import pytest

from newsloom.figures import extract, parse_number
from newsloom.model import Article, DateMention


def figures(text, lang):
    return [(f.text, f.value, f.unit, f.counts) for f in extract(Article(id="t", text=text, lang=lang))]


@pytest.mark.parametrize("s, value", [("1,300", 1300), ("1 300", 1300), ("۲٬۵۰۰", 2500), ("٢٥٠٠", 2500), ("3,5", 3.5), ("1.300", 1300), ("12.75", 12.75)])
def test_digits_of_every_script_and_separators(s, value):
    assert parse_number(s) == value


def test_counted_things_and_units():
    assert ("1,300", 1300, None, "troops") in figures("Some 1,300 troops were sent.", "en")
    assert ("$2.5 billion", 2.5e9, "USD", None) in figures("It costs $2.5 billion.", "en")
    assert ("12%", 12, "percent", None) in figures("Prices rose 12% in a year.", "en")
    assert ("164", 164, None, "адам") in figures("164 адам қаза тапты.", "kk")
    assert ("۲۵۰۰", 2500, None, "نیرو") in figures("۲۵۰۰ نیرو اعزام شد.", "fa")
    assert ("yüzde 5", 5, "percent", None) in figures("Ekonomi yüzde 5 büyüdü.", "tr")
    assert ("3,5 млн рублей", 3.5e6, "RUB", None) in figures("Ущерб составил 3,5 млн рублей.", "ru")


def test_articles_of_a_law():
    assert ("Article 4", 4, "article", None) in figures("under Article 4 of the treaty", "en")
    assert ("4-бабына", 4, "article", None) in figures("шарттың 4-бабына сәйкес", "kk")
    assert ("ماده ۴", 4, "article", None) in figures("مطابق با ماده ۴ معاهده", "fa")
    assert ("للمادة 4", 4, "article", None) in figures("وفقًا للمادة 4 من المعاهدة", "ar")


def test_number_words_only_where_they_count_something():
    assert ("خمس", 5, None, "طائرات") in figures("نحو خمس طائرات", "ar")
    assert ("two", 2, None, "soldiers") in figures("two soldiers died", "en")
    assert figures("two of them left", "en") == []


def test_dates_and_bare_years_are_not_figures():
    text = "On 6 January 2022 the council met; in 1992 it was founded."
    a = Article(id="t", text=text, lang="en")
    a.dates = [DateMention("text", 3, 17, text[3:17], "2022-01-06")]
    assert [f.text for f in extract(a)] == []


def test_offsets_point_into_the_original_field():
    text = "Title\n\nОколо 1 300 военных и 40 процентов бюджета."
    for f in extract(Article(id="t", text=text, lang="ru")):
        assert text[f.start:f.end] == f.text


def test_dotted_capital_i_number_word():
    assert ("İki", 2, None, "asker") in figures("İki asker yaralandı.", "tr")
