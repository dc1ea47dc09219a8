"""Legacy encodings: NTREX articles written in every legacy codec that can hold them, read back.

    python -m newsloom.evaluation.encodings [--corpus PATH] [--baseline]

A reading counts when it gives back exactly the text that was written.  Each
language is written in every codec of ``decode.LEGACY_CODECS`` that can hold
the whole article ("strict"), and also as legacy writers really wrote it
("folded"): typographic quotes and dashes as ASCII, Persian yeh and keheh as the
Arabic letters Windows-1256 has.  Full articles and headlines alone are counted
apart, because a headline of a few words is where the floor is.  ``--baseline``
adds charset-normalizer's best guess for comparison.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from rich.console import Console
from rich.table import Table

from ..ingest.decode import LEGACY_CODECS, decode
from . import CORPORA

LANGS = {"kaz": "kk", "rus": "ru", "ukr": "uk", "arb": "ar", "fas": "fa", "tur": "tr", "aze-Latn": "az", "uzb": "uz"}

_FOLD = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'",
                       "—": "-", "–": "-", "…": "...", "\u00a0": " ", "ی": "ي", "ک": "ك", "۰": "0"})


def written(text: str, codec: str, fold: bool) -> bytes | None:
    try:
        return (text.translate(_FOLD) if fold else text).encode(codec)
    except UnicodeEncodeError:
        return None


def charset_normalizer_guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(CORPORA / "ntrex" / "ntrex_docs.jsonl"))
    ap.add_argument("--baseline", action="store_true", help="also score charset-normalizer alone")
    ap.add_argument("--show", type=int, default=0, help="print up to N misreadings")
    args = ap.parse_args(argv)
    docs = [json.loads(line) for line in open(args.corpus, encoding="utf-8")]
    # (lang, codec, variant, part) -> [exact, total, flagged wrong, baseline exact]
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    shown = 0
    for d in docs:
        lang = LANGS.get(d["lang"])
        if lang is None:
            continue
        for part, text in (("article", d["title"] + "\n" + d["text"]), ("headline", d["title"])):
            for codec in LEGACY_CODECS:
                seen: set[bytes] = set()
                for variant in ("strict", "folded"):
                    data = written(text, codec, variant == "folded")
                    if data is None or data in seen or data.isascii():
                        continue
                    seen.add(data)
                    expected = data.decode(codec)
                    got = decode(data)
                    c = counts[(lang, codec, variant, part)]
                    c[0] += got.text == expected
                    c[1] += 1
                    c[2] += got.text != expected and got.warning is not None
                    if args.baseline:
                        c[3] += charset_normalizer_guess(data) == expected
                    if got.text != expected and shown < args.show:
                        shown += 1
                        print(f"{lang} {codec} {variant} {part}: read as {got.encoding}: {got.text[:70]!r}")
    console = Console()
    table = Table(title="legacy encodings, NTREX: exactly decoded")
    for col in ("lang", "codec", "variant", "articles", "exact", "wrong, flagged", "headlines", "exact", "wrong, flagged"):
        table.add_column(col)
    if args.baseline:
        table.add_column("charset-normalizer (articles)")
    totals = defaultdict(lambda: [0, 0, 0])
    keys = sorted({k[:3] for k in counts}, key=lambda k: (list(LANGS.values()).index(k[0]), k[1], k[2]))
    for key in keys:
        art, head = counts.get(key + ("article",), [0, 0, 0, 0]), counts.get(key + ("headline",), [0, 0, 0, 0])
        row = [*key, str(art[1]), _pct(art[0], art[1]), str(art[2]), str(head[1]), _pct(head[0], head[1]), str(head[2])]
        if args.baseline:
            row.append(_pct(art[3], art[1]))
        table.add_row(*row)
        for part, c in (("article", art), ("headline", head)):
            t = totals[part]
            t[0] += c[0]
            t[1] += c[1]
            t[2] += c[2]
    console.print(table)
    for part, (ok, n, flagged) in totals.items():
        console.print(f"{part}s: {ok}/{n} exact ({_pct(ok, n)}), {flagged} of the {n - ok} misread flagged with a warning")
    return 0


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


if __name__ == "__main__":
    raise SystemExit(main())
