"""Uzbek: Latin-script Turkic endings ("Toshkentda", "O'zbekistonning")."""

from __future__ import annotations

from . import turkic
from .base import Language

LANGUAGE = Language("uz", latin=turkic.latin_stems, borrows=frozenset())
