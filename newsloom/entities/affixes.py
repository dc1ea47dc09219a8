"""Candidate base forms of an inflected word: :func:`newsloom.lang.variants`, kept importable here."""

from ..lang import variants

__all__ = ["variants"]
