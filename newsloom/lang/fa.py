"""Persian: compound verbs, borrowed Arabic names, a silver-trained tagger beside the rules.

Its suffixes are those of every Arabic-script language but Arabic
(:mod:`.arabic_script`).  No annotated Persian may be trained on: the CRF
(``data/ner/fa.crfsuite``) learnt from NTREX's Persian translations labelled
through their English originals (:mod:`newsloom.evaluation.silver_fa`) and
from WikiFANE's Arabic.  Alone it is weak (ArmanPersoNER fold-1 train, span
F1 31.8); beside the rules, which it adds names to, it lifts them from 46.0
to 47.2 (``data/ner/README.md``).
"""

from __future__ import annotations

from .arabic_script import person_base_words
from .base import Language

# Verbs that follow a noun to make a compound verb ("اعلام کرد", "برگزار شد").
LIGHT_VERBS = frozenset("کرد کردند کرده کند کنند کردن شد شده شود شوند شدند شدن داد داده دهد دهند است گرفت گیرد".split())

# Words after a weekday that make it a day ("دوشنبه شب", Monday night; "دوشنبه گذشته", last Monday).
TIME_WORDS = frozenset("گذشته آینده قبل بعد شب صبح عصر ظهر بامداد ساعت هفته اول دوم سوم آخر".split())

# Not "کشور" (country) or "منطقه" (region): "کشور ایران" describes Iran, it is not its name.
PLACE_HEADS = frozenset("شهر استان شهرستان ایالت جزیره جزایر روستای دریای کوه کوههای رود رودخانه خلیج بندر دهستان".split())

LANGUAGE = Language(
    "fa", script="Arab",
    # Arabic and Persian names of places coincide once folded ("ایران"), and
    # the gazetteer keeps one entry per id and name, often the Arabic one.
    # Measured on ArmanPersoNER: LOC F1 28.5 -> 42.8.
    borrows=frozenset({"ar"}),
    light_verbs=LIGHT_VERBS,
    demonstratives=frozenset("این آن همین همان چنین".split()),
    tagger="fa",
    rules_beside_model=True,
    surname_after_model_name=True,
    # A one-word model person as common as this (zipf, as written or as the
    # singular of a plural) is a word ("معاونان", deputies: "معاون" 5.04).
    # Persian prose names famous people often ("ترامپ" 5.07, "روحانی" 5.09),
    # and titles and the politicians' list keep only some: ArmanPersoNER PER
    # F1 46.5 at 5.0 and without the check, 46.4 at 4.5.
    lone_person_max_zipf=5.0,
    plural_suffixes=("ها", "ان"),
    person_nominative=person_base_words,
    home_countries=frozenset({"IR", "AF"}),
    place_heads=PLACE_HEADS,
    calendar_place_before=frozenset({"در"}),
    time_words=TIME_WORDS,
)
