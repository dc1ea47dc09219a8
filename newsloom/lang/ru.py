"""Russian: oblique case endings, capitals on the first word of a name only, natasha as its tagger."""

from __future__ import annotations

from . import slavic
from .base import Language

LANGUAGE = Language("ru", script="Cyrl", cyrillic=slavic.cyrillic_stems, borrows=frozenset(),
                    capitalises_first_word_only=True, tagger="natasha")
