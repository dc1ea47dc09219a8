from datetime import date

import pytest

from newsloom.dates import extract_dates, publication_date
from newsloom.normalize import clean


def values(text, lang, ref=None):
    ct = clean(text)  # the pipeline works on clean text
    found = extract_dates(ct.text, lang, ref=ref)
    for d in found:
        assert ct.text[d.start:d.end] == d.text
    return [d.value for d in found]


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("2024 жылғы 1 қаңтардан бастап төрағалық өтті", "kk", ["2024-01-01"]),
        ("2025 жылдың 1 қаңтарынан бастап", "kk", ["2025-01-01"]),
        ("1991 жылы 16 желтоқсанда тәуелсіздік жарияланды", "kk", ["1991-12-16"]),
        ("Ал, 2002 жылы ұйымның атауы өзгертілді", "kk", ["2002"]),
        ("2022 жылғы қаңтар оқиғасы", "kk", ["2022-01"]),
        ("Встреча прошла 6 января 2022 года в Москве", "ru", ["2022-01-06"]),
        ("в 2002 году организация", "ru", ["2002"]),
        ("Toplantı 6 Ocak 2022'de yapıldı", "tr", ["2022-01-06"]),
        ("The meeting on January 6, 2022 in Almaty", "en", ["2022-01-06"]),
        ("الخميس، 06 يناير 2022 - 08:13 م", "ar", ["2022-01-06"]),
        ("تأسست منذ 15 مايو 1992", "ar", ["1992-05-15"]),
        ("في 6 كانون الثاني 2022", "ar", ["2022-01-06"]),
        ("امروز ۱۶ دی ۱۴۰۰ جلسه برگزار شد", "fa", ["2022-01-06"]),
        ("در ۶ ژانویه ۲۰۲۲ نشست برگزار شد", "fa", ["2022-01-06"]),
        ("Zasedanie 06.01.2022 proshlo", "en", ["2022-01-06"]),
    ],
)
def test_dates(text, lang, expected):
    assert values(text, lang) == expected


def test_persian_false_positives():
    text = "به گزارش خبرنگار فارس در دوشنبه، آنها می باشند و می خواهم میکند. مه غلیظ بود."
    assert values(text, "fa") == []


def test_day_month_without_year_needs_a_reference():
    assert values("6 қаңтарда кеңес өтті", "kk") == []
    assert values("6 қаңтарда кеңес өтті", "kk", ref=date(2022, 1, 7)) == ["2022-01-06"]


def test_month_word_alone_is_not_a_date():
    assert values("Қазан қаласында жиын өтті", "kk") == []
    assert values("May I ask a question", "en") == []


def test_publication_date():
    text = "بوابة أخبار اليوم\n\nالخميس، 06 يناير 2022 - 08:13 م\n\nعقد مجلس الأمن اجتماعا"
    assert publication_date("عنوان", text, {}, "ar") == "2022-01-06"
    assert publication_date("t", "no date here", {"published": "2021-03-04T10:00:00Z"}) == "2021-03-04"
    assert publication_date("t", "Body with 6 January 2022 deep inside a long sentence " * 3, {}, "en") is None


def test_seed_dates(seeds_dir):
    from newsloom.ingest import iter_articles

    arts = {a.id.split("/")[-1][:3]: a for a in iter_articles([str(seeds_dir)])}
    assert "2024-01-01" in values(arts["000"].text, "kk")
    v004 = values(arts["004"].text, "kk")
    assert "2025-01-01" in v004 and "2002" in v004
    v002 = values(arts["002"].text, "ar")
    assert "2022-01-06" in v002 and "1992-05-15" in v002
    assert values(arts["003"].text, "fa") == []


def test_lunar_hijri_follows_umm_al_qura():
    # Thursday 6 January 2022 was 3 Jumada al-Akhirah 1443; the tabular
    # calendar makes it the 7th.  1 Ramadan 1445 began on 11 March 2024.
    assert values("الخميس 3 جمادى الآخرة 1443", "ar") == ["2022-01-06"]
    assert values("في 1 رمضان 1445 بدأ الصيام", "ar") == ["2024-03-11"]
    # Outside the Umm al-Qura tables the arithmetic calendar still gives a date.
    assert values("في 10 محرم 1300", "ar") == ["1882-11-21"]
