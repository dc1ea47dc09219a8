"""Bytes -> text: BOMs, UTF-16 without a BOM, UTF-8 (whole, truncated or damaged) and legacy single-byte codecs."""

from __future__ import annotations

import os
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024

# Single-byte codecs worth trying for news in our languages when UTF-8 fails.
_CANDIDATE_CODECS = ("cp1256", "cp1251", "koi8-r", "cp1254", "iso-8859-6", "cp1252", "iso-8859-1")


class BadInput(Exception):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with; raises BadInput for binary data."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    if _looks_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\0" else "utf-16-be"
        return data.decode(codec, errors="replace"), codec
    if b"\0" in data[:4096] or _control_ratio(data[:4096]) > 0.1:
        raise BadInput("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        # A file cut in the middle of a multi-byte character is still UTF-8.
        if e.start >= len(data) - 3:
            return data[: e.start].decode("utf-8"), "utf-8 (truncated)"
        if _mostly_utf8(data):
            return data.decode("utf-8", errors="replace"), "utf-8 (damaged)"
    return _best_single_byte(data)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    return text.count("\ufffd") < max(3, len(text) // 200)


def _best_single_byte(data: bytes) -> tuple[str, str]:
    """Pick the codec whose reading looks most like text in one script."""
    from charset_normalizer import from_bytes

    candidates = list(_CANDIDATE_CODECS)
    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding not in candidates:
        candidates.insert(0, guess.encoding)
    best, best_score = None, float("-inf")
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _text_score(text)
        if score > best_score:
            best, best_score = (text, codec), score
    if best is None:
        return data.decode("utf-8", errors="replace"), "utf-8 (damaged)"
    return best


def _text_score(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return -1.0
    blocks: dict[str, int] = {}
    for c in letters:
        o = ord(c)
        key = "latin" if o < 0x250 else "cyr" if 0x400 <= o < 0x530 else "arab" if 0x600 <= o < 0x700 else "other"
        blocks[key] = blocks.get(key, 0) + 1
    dominant = max(blocks.values()) / len(letters)
    # Mojibake mixes Latin-1 accented letters with ASCII inside words.
    accented = sum(1 for c in letters if 0xC0 <= ord(c) < 0x250) / len(letters)
    odd = sum(1 for c in text if 0x80 <= ord(c) < 0xA0 or c in "\ufffd¤¦§¨©«¬®¯°±´µ¶·¸»¼½¾")
    return dominant - 2 * accented - 5 * odd / max(1, len(text)) + (0.1 if blocks.get("other", 0) == 0 else 0)


def read_text_file(path: str | os.PathLike, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    p = Path(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise BadInput(f"too large ({size:,} bytes > {max_bytes:,}); skipped")
    data = p.read_bytes()
    if not data.strip():
        raise BadInput("empty file")
    text, codec = decode(data)
    if not text.strip():
        raise BadInput("no text in file")
    return text, codec
