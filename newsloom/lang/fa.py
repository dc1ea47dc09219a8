"""Persian: compound verbs, borrowed Arabic names, and no tagger.

Its suffixes are those of every Arabic-script language but Arabic
(:mod:`.arabic_script`).  No annotated Persian may be trained on, and the
Arabic model serving Persian lost to the rules (ArmanPersoNER fold-1 train:
42.0 beside them, 27.4 alone, rules alone 42.7; ``data/ner/README.md``).
"""

from __future__ import annotations

from .base import Language

# Verbs that follow a noun to make a compound verb ("اعلام کرد", "برگزار شد").
LIGHT_VERBS = frozenset("کرد کردند کرده کند کنند کردن شد شده شود شوند شدند شدن داد داده دهد دهند است گرفت گیرد".split())

# Words after a weekday that make it a day ("دوشنبه شب", Monday night; "دوشنبه گذشته", last Monday).
TIME_WORDS = frozenset("گذشته آینده قبل بعد شب صبح عصر ظهر بامداد ساعت هفته اول دوم سوم آخر".split())

LANGUAGE = Language(
    "fa", script="Arab",
    # Arabic and Persian names of places coincide once folded ("ایران"), and
    # the gazetteer keeps one entry per id and name, often the Arabic one.
    # Measured on ArmanPersoNER: LOC F1 28.5 -> 42.8.
    borrows=frozenset({"ar"}),
    light_verbs=LIGHT_VERBS,
    rules_beside_model=True,
    home_countries=frozenset({"IR", "AF"}),
    calendar_place_before=frozenset({"در"}),
    time_words=TIME_WORDS,
)
