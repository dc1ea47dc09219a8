"""Curated multilingual word lists that ship with newsloom (``data/lexicon``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


def _load(name: str):
    return json.loads((resources.files("newsloom") / "data" / "lexicon" / name).read_text(encoding="utf-8"))


@cache
def organizations() -> list[dict]:
    return _load("organizations.json")


@cache
def titles(lang: str | None) -> dict[str, list[str]]:
    return _load("titles.json").get(lang or "", {})


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    data = _load("stopwords.json").get(lang or "", "")
    words = data.split() if isinstance(data, str) else data
    from .normalize import fold

    # Folded like the text they are compared with (Arabic letter variants).
    return frozenset(fold(w) for w in words)
