"""Ukrainian: Slavic case endings (the Ukrainian ones are in slavic.ENDINGS), Russian names borrowed."""

from __future__ import annotations

from . import slavic
from .base import Language

LANGUAGE = Language("uk", script="Cyrl", cyrillic=slavic.cyrillic_stems, borrows=frozenset({"ru"}),
                    capitalises_first_word_only=True)
