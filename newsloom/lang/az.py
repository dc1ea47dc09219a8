"""Azerbaijani: Latin-script Turkic endings, Turkish names shared."""

from __future__ import annotations

from . import turkic
from .base import Language

LANGUAGE = Language("az", latin=turkic.latin_stems, borrows=frozenset({"tr"}))
