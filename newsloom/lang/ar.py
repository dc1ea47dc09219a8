"""Arabic: proclitics only (no Persian suffixes), its own CRF tagger."""

from __future__ import annotations

from ..normalize import fold
from .arabic_script import indefinite, person_base_words, proclitic_stems
from .base import Language

# Nouns before a place's name ("مدينة نور سلطان", the city of Nur-Sultan), in
# matching form.  Not "عاصمة" (capital): "عاصمة كازاخستان" names the country.
PLACE_HEADS = frozenset(fold(w) for w in "مدينة محافظة ولاية بلدة قرية إقليم جزيرة".split())

# A one-word person the model finds alone, as common as this in Arabic prose
# (wordfreq zipf), is a word: "آمنة" (safe) 4.5; Obama 4.5, Trump 4.4 stay
# as listed people's surnames.  Measured in data/ner/README.md.
LONE_PERSON_MAX_ZIPF = 4.0

# Organisations the model leaves untagged: ANERcorp, which it learnt from,
# tags no ministry and few committees (of its first half's "وزارة" 0 of 15
# open an ORG, "لجنة" 2 of 16), while news readers look for them.  Measured
# in data/ner/README.md.
DEFINITE_ORG_HEADS = frozenset(fold(w) for w in "وزارة لجنة".split())

LANGUAGE = Language("ar", script="Arab", arabic=proclitic_stems, borrows=frozenset(), tagger="ar",
                    lone_person_max_zipf=LONE_PERSON_MAX_ZIPF, titles_beside_model=True,
                    never_in_name=indefinite, surname_after_model_name=True, person_after_definite_org=True,
                    place_heads=PLACE_HEADS, place_head_in_name=False,
                    person_nominative=person_base_words, definite_org_heads=DEFINITE_ORG_HEADS)
