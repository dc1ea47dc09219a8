"""Arabic: proclitics only (no Persian suffixes), its own CRF tagger."""

from __future__ import annotations

from .arabic_script import proclitic_stems
from .base import Language

LANGUAGE = Language("ar", script="Arab", arabic=proclitic_stems, borrows=frozenset(), tagger="ar")
