"""Kyrgyz: Turkic case endings (Cyrillic), Russian names in the press."""

from __future__ import annotations

from .base import Language

LANGUAGE = Language("ky", script="Cyrl", borrows=frozenset({"ru"}))
