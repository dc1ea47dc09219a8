"""Tatar: Turkic case endings (Cyrillic), Russian names in the press."""

from __future__ import annotations

from .base import Language

LANGUAGE = Language("tt", script="Cyrl", borrows=frozenset({"ru"}))
