"""Bashkir: Turkic case endings (Cyrillic), Russian and Tatar names in the press."""

from __future__ import annotations

from .base import Language

LANGUAGE = Language("ba", script="Cyrl", borrows=frozenset({"ru", "tt"}))
