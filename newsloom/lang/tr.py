"""Turkish: Latin-script Turkic endings, after an apostrophe on names ("Türkiye'de")."""

from __future__ import annotations

from . import turkic
from .base import Language

LANGUAGE = Language("tr", latin=turkic.latin_stems, borrows=frozenset({"az"}), home_countries=frozenset({"TR"}))
