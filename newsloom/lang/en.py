"""English: nothing of its own beyond the possessive ("Biden's"), which every Latin-script text loses."""

from __future__ import annotations

from .base import Language

LANGUAGE = Language("en", borrows=frozenset())
