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


def concepts(text, lang):
    from newsloom.figures import concept

    figs = extract(Article(id="t", text=text, lang=lang))
    return [(f.value, concept(text, f, lang, [o for o in figs if o is not f])) for f in figs]


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Officials said 164 people were killed and 2,000 injured.", [(164, "dead"), (2000, "injured")]),
    ("en", "The attack killed 164 and injured 2,000.", [(164, "dead"), (2000, "injured")]),
    ("kk", "Алматыда 225 адам қаза тапты, 2 000-нан астам адам жарақат алды.", [(225, "dead"), (2000, "injured")]),
    ("ru", "По данным властей, погибли 225 человек.", [(225, "dead")]),
    ("ar", "وأعلنت السلطات مقتل 164 شخصا وإصابة 300 آخرين.", [(164, "dead"), (300, "injured")]),
    ("fa", "به گفته مقامات ۱۶۴ نفر کشته و ۳۰۰ نفر زخمی شدند.", [(164, "dead"), (300, "injured")]),
    ("tr", "Saldırıda 164 kişi hayatını kaybetti.", [(164, "dead")]),
    ("en", "About 3,000 people gathered; 12% of them were students.", [(3000, "people"), (12, None)]),
])
def test_what_a_figure_counts_is_one_concept_in_every_language(lang, text, expected):
    assert concepts(text, lang) == expected


# Constructed for these tests: three outlets, three languages, one event.
FIGURE_ARTICLES = [
    {"id": "fig-en", "lang": "en", "source": "wire.example", "title": "Almaty unrest: Tokayev says order restored",
     "text": "President Kassym-Jomart Tokayev said on Monday that order had been restored in Almaty. The health ministry said "
             "164 people were killed in the unrest across Kazakhstan. The CSTO sent 2,500 troops to Kazakhstan at Tokayev's request."},
    {"id": "fig-kk", "lang": "kk", "source": "kk.example", "title": "Тоқаев: Алматыда тәртіп қалпына келтірілді",
     "text": "Қасым-Жомарт Тоқаев дүйсенбі күні Алматыда тәртіп қалпына келтірілгенін мәлімдеді. Денсаулық сақтау министрлігінің "
             "дерегінше, Қазақстандағы толқулар кезінде 225 адам қаза тапты. ҰҚШҰ Қазақстанға 2500 әскер жіберді."},
    {"id": "fig-fa", "lang": "fa", "source": "fa.example", "title": "توکایف: نظم در آلماتی برقرار شد",
     "text": "قاسم جومارت توکایف روز دوشنبه گفت که نظم در آلماتی برقرار شده است. به گفته وزارت بهداشت قزاقستان، ۱۶۴ نفر در این "
             "ناآرامی‌ها کشته شدند. سازمان پیمان امنیت جمعی ۲۵۰۰ نیرو به قزاقستان فرستاد."},
]


def build_figure_store(tmp_path) -> str:
    import json

    from newsloom.cli import main

    src = tmp_path / "a.jsonl"
    src.write_text("".join(json.dumps(a | {"published": "2022-01-10"}, ensure_ascii=False) + "\n" for a in FIGURE_ARTICLES),
                   encoding="utf-8")
    db = str(tmp_path / "f.db")
    assert main(["analyze", str(src), "--db", db, "--quiet", "--no-embed"]) == 0
    return db


def test_conflicting_figures_across_languages_are_flagged_in_the_event(tmp_path, capsys):
    """Three outlets, three languages, one event: the dead counted 164 twice and 225 once; the troops agree."""
    import json

    from newsloom.cli import main

    db = build_figure_store(tmp_path)
    assert main(["events", "--db", db, "--json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    (event,) = [e for e in events if "fig-en" in e["articles"]]
    assert set(event["articles"]) == {"fig-en", "fig-kk", "fig-fa"}
    assert main(["show", event["id"], "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["figures_conflicting"] == ["dead: 164 in fig-en, fig-fa; 225 in fig-kk"]
    assert "troops: 2500 in fig-en, fig-fa, fig-kk" in shown["figures_matched"]
    dead = next(c for c in shown["figures"] if c["concept"] == "dead")
    assert dead["conflict"] and dead["languages"] == ["en", "fa", "kk"]
    assert [a["text"] for v in dead["values"] for a in v["articles"]] == ["164", "۱۶۴", "225"]
    # And in the terminal view.
    assert main(["show", event["id"], "--db", db]) == 0
    assert "dead: 164 in fig-en, fig-fa; 225 in fig-kk" in capsys.readouterr().out


def test_clock_times_markup_and_persian_thousands():
    assert not figures("The 44-year-old was found at 7.55am with stab wounds.", "en")[1:]
    assert [f[1] for f in figures("44 жастағы әйел сағат 07:55-те табылды.", "kk")] == [44]
    assert not figures("Полиция оны сағат 11-де қамауға алды.", "kk")
    assert not figures('<seg id="1">اعتقال مشتبه به</seg>', "ar")
    assert [f[1] for f in figures("بیشتر از 360،000 نفر کشته شدند", "fa")] == [360000]
    assert [f[1] for f in figures("Палуда 16 мыңнан астам адам эвакуацияланды.", "kk")] == [16000]


def _claims(*arts):
    from newsloom.statements import figure_claims

    return figure_claims([(aid, lang, "", text, extract(Article(id=aid, text=text, lang=lang))) for aid, lang, text in arts])


def test_an_age_a_duration_or_a_score_counts_no_dead():
    from newsloom.figures import concept

    for text, lang in [("Jessica Chambers, 19, died; she had known him for two weeks before she died.", "en"),
                       ("19-летней жертвы, которая погибла в ту ночь", "ru"), ("Kurban 19 yaşındaki bir kadındı ve öldü.", "tr"),
                       ("He suffered a head injury in Saturday's 31-27 defeat.", "en")]:
        a = Article(id="t", text=text, lang=lang)
        assert all(concept(text, f, lang) is None for f in extract(a)), text
    assert concept("164 people were killed", extract(Article(id="t", text="164 people were killed", lang="en"))[0], "en") == "dead"


def test_only_single_values_never_side_by_side_conflict():
    # One article gives the dead once, another twice (two tolls of two things): no conflict.
    c = _claims(("a", "en", "The quake killed 164 people."), ("b", "en", "In the city 14 people were killed, and 164 people were killed in all."))
    assert not c["figures_conflicting"]
    # 16,700 evacuated to 24 centres: one article reports both, so two others each giving one are no contradiction.
    c = _claims(("a", "en", "Around 16,700 people were evacuated to 24 centers in Palu."),
                ("b", "ru", "Примерно 16 700 человек были эвакуированы."), ("c", "tr", "Palu'da 24 merkeze tahliye edildi."))
    assert not c["figures_conflicting"]
    c = _claims(("a", "en", "The quake killed 164 people."), ("b", "en", "The quake killed 225 people."))
    assert c["figures_conflicting"] == ["dead: 164 in a; 225 in b"]
