"""Fuzz the readers with generated inputs: anything but BadInput escaping is a crash.

    python benchmarks/fuzz_readers.py [--n 100000] [--seed 0] [--only decode,dates,jsonl,json]

Inputs are random bytes, and valid documents (text in several codecs, JSON
records, dated sentences) with random bytes flipped, inserted or cut.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
import traceback

from newsloom.dates import extract_dates
from newsloom.ingest import BadInput, decode, iter_articles
from newsloom.ingest.files import list_items

WORDS = ["Президент", "заявил", "Қазақстан", "мәлімдеме", "الحكومة", "قال", "دولت", "گفت", "hükümet", "açıkladı",
         "«", "»", "—", "2024", "6", "января", "қаңтар", "ژانویه", "رمضان", "1445", "محرم", "دی", "1400", "May", "31"]
CODECS = ["utf-8", "utf-16", "utf-16-le", "cp1251", "cp1256", "cp1254", "koi8-r", "kz1048", "utf-32-be"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        if op < 0.4 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op < 0.7:
            b[rng.randint(0, len(b)):rng.randint(0, len(b))] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif b:
            b = b[: rng.randint(0, len(b))]
    return bytes(b)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))


def text_bytes(rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
    return mutate(rng, sentence(rng).encode(rng.choice(CODECS), errors="replace"))


def record(rng: random.Random) -> dict:
    keys = ["id", "title", "text", "url", "lang", "published", "source", "body"]
    values = [sentence(rng), None, 3, [1], {"a": 1}, "", True]
    return {rng.choice(keys): rng.choice(values) if rng.random() < 0.3 else sentence(rng) for _ in range(rng.randint(0, 5))}


def fuzz_decode(rng):
    decode(text_bytes(rng), declared=rng.choice([None, "koi8-r", "utf-8", "nonsense", "utf-16"]))


def fuzz_dates(rng):
    extract_dates(sentence(rng), rng.choice(["ar", "fa", "kk", "ru", "tr", "en", None]))


def fuzz_jsonl(rng):
    lines = b"\n".join(mutate(rng, json.dumps(record(rng), ensure_ascii=rng.random() < 0.5).encode()) for _ in range(rng.randint(0, 4)))
    list(iter_articles(["-"], [], stdin=io.BytesIO(lines), max_bytes=rng.choice([50, 10_000])))


def fuzz_json(rng):
    data = mutate(rng, json.dumps([record(rng) for _ in range(rng.randint(0, 4))]).encode())
    try:
        list(list_items(io.BytesIO(data), rng.choice([40, 10_000]), lambda m: None))
    except BadInput:
        pass


TARGETS = {"decode": fuzz_decode, "dates": fuzz_dates, "jsonl": fuzz_jsonl, "json": fuzz_json}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default=",".join(TARGETS))
    args = ap.parse_args(argv)
    crashes = 0
    for name in args.only.split(","):
        rng, fn, start, failed = random.Random(args.seed), TARGETS[name], time.perf_counter(), 0
        for i in range(args.n):
            try:
                fn(rng)
            except BadInput:
                pass
            except Exception:
                failed += 1
                if failed <= 3:
                    print(f"{name} #{i}: " + traceback.format_exc().strip().splitlines()[-1])
        crashes += failed
        print(f"{name}: {args.n:,} inputs, {failed} crashes, {args.n / (time.perf_counter() - start):,.0f}/s")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
