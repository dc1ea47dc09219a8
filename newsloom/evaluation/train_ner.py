"""Train the shipped NER models and report held-out scores.

    python -m newsloom.evaluation.train_ner [--lang kk ar] [--folds 5] [--no-ship]

For each language: k-fold cross-validation over contiguous blocks of
sentences (neighbouring sentences share names, so a random split would flatter
the model), span F1 on each held-out block, then one model trained on all the
data written to ``newsloom/data/ner/<lang>.crfsuite``.

Training data (licences allow shipping a model derived from them):

* kk: KazNERD (CC BY 4.0), the file given with ``--kk`` (default: the valid split);
* ar: WikiFANE Gold (Alotaibi and Lee 2014, CC BY-SA 3.0), ``--ar-extra``,
  always in training and never scored; with ``--ar-eval-only`` ANERcorp
  (``--ar``, its first half) is only scored, an out-of-domain check of the
  model that ships; without it ANERcorp is also cross-validated as above, with
  WikiFANE added to every fold's training part.  WikiFANE's clitics are split
  off ("و هو"); :func:`rejoin_clitics` writes them as news text does.

* fa: no annotated Persian may train a shipped model (ArmanPersoNER is
  academic-use only: nothing here trains on it), so ``--lang fa`` trains on
  silver data, NTREX's Persian and Dari translations labelled through their
  English originals (:mod:`.silver_fa`), and on WikiFANE (Arabic names and
  their contexts share Persian's script); it is not cross-validated (silver
  labels score nothing) and is measured on ArmanPersoNER by :mod:`.ner_eval`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

from ..entities import tagger as tg
from ..normalize import clean
from . import CORPORA
from . import ner_eval as ev

OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "ner"
# Given names for the person rule in scripts without capitals (recognize.py),
# where no model of the text's own language runs (Persian, Urdu).
GIVEN_NAMES = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "given_names.json"
POLITICIANS = CORPORA / "names" / "politicians" / "politicians_names.tsv"
WIKIFANE = CORPORA / "ner" / "wikifane" / "wikifane_gold.txt"
TRANSLIT = CORPORA / "names" / "translit"
NAME_WORDS = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "name_words.json"
PARAMS = {
    "c1": 0.05,  # L1 keeps the model small: most of the millions of feature weights go to zero
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def examples(sents: list[ev.Sentence], lang: str, recognizer) -> list[tuple[list[list[str]], list[str]]]:
    """Sentences as the tagger sees them at run time: clean text, its tokens, lexicon hints."""
    out = []
    for s in sents:
        text, offsets = ev.layout([s])
        ct = clean(text)
        toks = tg.tokenize(ct.text)
        gold = {}  # original char start -> (end, type)
        for i, j, typ in ev.chunks_of(s.tags):
            gold[offsets[0][i][0]] = (offsets[0][j - 1][1], typ)
        labels = []
        cur_end, cur_typ = -1, None
        for a, b, _ in toks:
            oa, ob = ct.span(a, b)
            if oa in gold:
                cur_end, cur_typ = gold[oa]
                labels.append("B-" + cur_typ)
            elif oa < cur_end:
                labels.append("I-" + cur_typ)
            else:
                labels.append("O")
        hints = recognizer.lexicon_hints(ct.text, lang)
        out.append((tg.features(toks, lang, hints, ct.text), labels))
    return out


# WikiFANE writes attached clitics as tokens of their own; news text does not.
_PROCLITICS = {"و", "ف", "ب", "ل", "ك"}
_PRONOUN_SUFFIXES = {"ه", "ها", "هم", "هما", "هن", "كم", "كن", "نا"}


def rejoin_clitics(sents: list[ev.Sentence]) -> list[ev.Sentence]:
    """Attach split conjunctions, prepositions and pronoun suffixes to their word.

    "و هو" -> "وهو", "ل الاتحاد" -> "للاتحاد", "عاصمة ها" -> "عاصمتها".  A
    proclitic takes its word's tag unless it sits inside a name itself.
    """
    out = []
    for s in sents:
        toks: list[str] = []
        tags: list[str] = []
        pending = ("", "O")  # proclitics waiting for their word, and the tag of the first
        for tok, tag in zip(s.tokens, s.tags):
            if tok in _PROCLITICS:
                pending = (pending[0] + tok, pending[1] if pending[0] else tag)
                continue
            if pending[0] and tok[:1].isalpha():
                pre, ptag = pending
                if pre.endswith("ل") and tok.startswith("ال"):
                    tok = tok[1:]  # "ل" + "الاتحاد" is written "للاتحاد"
                toks.append(pre + tok)
                tags.append(ptag if ptag.startswith("I-") else tag)
            elif tok in _PRONOUN_SUFFIXES and toks and toks[-1][-1:].isalpha() and not pending[0]:
                prev = toks[-1]
                toks[-1] = (prev[:-1] + "ت" if prev.endswith("ة") else prev) + tok
            else:
                if pending[0]:
                    toks.append(pending[0])
                    tags.append(pending[1])
                toks.append(tok)
                tags.append(tag)
            pending = ("", "O")
        if pending[0]:
            toks.append(pending[0])
            tags.append(pending[1])
        out.append(ev.Sentence(toks, tags))
    return out


def train(data, path: str, params: dict | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in data:
        trainer.append(x, y)
    trainer.set_params(params or PARAMS)
    trainer.train(path)


def given_names(sents: list[ev.Sentence], min_count: int = 2, min_share: float = 0.5) -> list[str]:
    """Words that open multi-word person names in ``sents``, as the recogniser matches them.

    A word counts when it opens at least ``min_count`` such names and at least
    ``min_share`` of its occurrences do, which keeps titles and verbs that
    often stand before names ("الرئيس", "قال") out.
    """
    from ..normalize import fold

    first, seen = Counter(), Counter()
    for s in sents:
        seen.update(fold(t).casefold() for t in s.tokens)
        for i, j, typ in ev.chunks_of(s.tags):
            if typ == "PER" and j - i >= 2:
                first[fold(s.tokens[i]).casefold()] += 1
    # A conjunction attached ("ومحمد") is the recogniser's to strip.
    def merged(counts: Counter) -> Counter:
        out: Counter = Counter()
        for w, c in counts.items():
            out[w[1:] if w.startswith("و") and w[1:] in seen else w] += c
        return out

    first, seen = merged(first), merged(seen)
    return sorted(w for w, c in first.items() if c >= min_count and c >= min_share * seen[w] and len(w) >= 3)


def politicians_given_names(path: Path = POLITICIANS, min_count: int = 2) -> list[str]:
    """First words of at least ``min_count`` politicians' Persian or Arabic names ("محمد", "حسن")."""
    import csv

    from ..normalize import WORD_RE, fold

    first: Counter = Counter()
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            for lang in ("fa", "ar"):
                words = WORD_RE.findall(fold(row.get(lang) or ""))
                if len(words) >= 2:
                    first[words[0]] += 1
    return sorted(w for w, c in first.items() if c >= min_count and len(w) >= 3)


def write_given_names(sents: list[ev.Sentence]) -> int:
    from .. import lexicon

    # Function words that open names now and then ("الان", now) would open a name in every text.
    stop = lexicon.stopwords("fa") | lexicon.stopwords("ar")
    names = sorted(w for w in set(given_names(sents)) | set(politicians_given_names())
                   if w not in stop and tg._script(w) == "arab")
    GIVEN_NAMES.write_text(json.dumps({"source": "WikiFANE Gold (train_ner.given_names) and politicians' names"
                                       " (train_ner.politicians_given_names)", "Arab": names},
                                      ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(names)


def name_words(min_zipf: float = 4.0, min_english_zipf: float = 3.0) -> list[str]:
    """Common Arabic words that are names known abroad: "ترامب", "أوباما", "بوش".

    Arabic script has no capitals, so a word as common as prose may be a
    name or not ("آمنة", safe, is also the given name Amna).  The
    transliteration pairs (names/translit, train and dev splits, pairs seen
    twice or more) say which Arabic words are written names of which Latin
    ones; a name is known abroad when its Latin form is common in English
    text (wordfreq): Trump 4.9, Obama 4.9, Amna 0.
    """
    import csv

    from wordfreq import zipf_frequency

    from ..normalize import fold

    latin: dict[str, set[str]] = {}
    for name, arabic, roman in (("en-ar_wikidata.tsv", "target", "source"), ("ar-en_google.tsv", "source", "target")):
        with open(TRANSLIT / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["split"] in ("train", "dev", "eval") and int(row.get("count") or 2) >= 2:
                    latin.setdefault(row[arabic], set()).add(row[roman])
    return sorted({fold(a) for a, ls in latin.items() if zipf_frequency(a, "ar") >= min_zipf
                   and max(zipf_frequency(x, "en") for x in ls) >= min_english_zipf})


PERSON_WORDS = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "person_words.json"


def person_words() -> list[str]:
    """Arabic-script words of people's names in the transliteration pairs, in matching form, lower case.

    NETransliteration's pairs are word pairs of Wikidata persons' labels,
    Google's mostly foreign names and surnames ("يلتسين" is not among them,
    "بوتين", "فرويد" are); train, dev and eval splits only.
    """
    import csv

    from ..normalize import fold

    out = set()
    for name, arabic in (("en-ar_wikidata.tsv", "target"), ("ar-en_google.tsv", "source")):
        with open(TRANSLIT / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["split"] in ("train", "dev", "eval"):
                    w = fold(row[arabic]).casefold()
                    if len(w) >= 2 and tg._script(w) == "arab":
                        out.add(w)
    return sorted(out)


def _write_words(path, words: list[str], source: str) -> int:
    path.write_text(json.dumps({"source": source, "Arab": words}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(words)


def write_person_words() -> int:
    return _write_words(PERSON_WORDS, person_words(), "Arabic-script words of the transliteration pairs of names/translit (Google,"
                        " Apache-2.0; NETransliteration, CC0): train_ner.person_words")


def write_name_words() -> int:
    return _write_words(NAME_WORDS, name_words(), "transliteration pairs of names/translit (Google, Apache-2.0; NETransliteration,"
                        " CC0) and wordfreq: train_ner.name_words")


KEEP_DIR = ""  # where fold models are copied (--keep-models), set before the pool forks


def _fold(job):
    """Train on all but block ``k`` of ``sents`` (plus ``extra``), score block ``k``; ``folds == 1``: score all."""
    lang, k, folds, sents, extra = job
    from ..entities.recognize import Recognizer

    rec = Recognizer(use_tagger=False)
    n = len(sents)
    lo, hi = (0, n) if folds == 1 else (n * k // folds, n * (k + 1) // folds)
    train_data = examples(extra + sents[:lo] + sents[hi:], lang, rec)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.crfsuite")
        train(train_data, path)
        if KEEP_DIR:
            import shutil

            shutil.copy(path, os.path.join(KEEP_DIR, f"{lang}-fold{k}of{folds}.crfsuite"))
        tagger = tg.Tagger(lang, path)
        held = sents[lo:hi]
        out = {"tagger": ev.evaluate(held, lang, lambda b: ev.predict_tagger(b, lang, tagger, rec))[0]}
        # The whole recogniser as annotate runs it, with this fold's model.
        full = Recognizer(taggers={lang: tagger})
        errors: list = []
        out["recognizer"] = ev.evaluate(held, lang, lambda b: ev.predict_recognizer(b, lang, full), errors=errors)[0]
    return lang, k, out, errors


def _ship(job):
    lang, sents = job
    from ..entities.recognize import Recognizer

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{lang}.crfsuite"
    train(examples(sents, lang, Recognizer(use_tagger=False)), str(path))
    return lang, path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", nargs="*", default=["kk", "ar"], choices=["kk", "ar", "fa", "en"])
    ap.add_argument("--kk", default=str(ev.DEFAULTS["kk"]))
    ap.add_argument("--ar", default=str(ev.DEFAULTS["ar"]))
    ap.add_argument("--ar-extra", default=str(WIKIFANE), help="WikiFANE-format corpus always trained on ('none': nothing)")
    ap.add_argument("--ar-eval-only", action="store_true",
                    help="--ar is only scored (one model trained on --ar-extra) and not shipped from")
    ap.add_argument("--folds", type=int, default=5, help="0: no cross-validation")
    ap.add_argument("--no-ship", action="store_true", help="only cross-validate")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ablate", nargs="*", default=[], choices=["clusters", "quotes", "heads", "surnames", "person_words"],
                    help="feature groups left out (to measure what they add)")
    ap.add_argument("--keep-models", metavar="DIR", help="keep each fold's model in DIR")
    ap.add_argument("--errors", metavar="DIR", help="write the recogniser's held-out errors to DIR/<lang>-cv.tsv")
    ap.add_argument("--name-words-only", action="store_true", help="only write data/lexicon/name_words.json and person_words.json")
    args = ap.parse_args(argv)
    tg.ABLATE.update(args.ablate)  # before the pool forks
    global KEEP_DIR
    if args.keep_models:
        Path(args.keep_models).mkdir(parents=True, exist_ok=True)
        KEEP_DIR = args.keep_models
    if args.name_words_only:
        print(f"wrote {NAME_WORDS} ({write_name_words()} words)")
        print(f"wrote {PERSON_WORDS} ({write_person_words()} words)")
        return 0

    corpora = {lang: ev.read_corpus(getattr(args, lang)) for lang in args.lang if lang not in ("fa", "en")}
    extra = {lang: [] for lang in args.lang}
    if "ar" in extra and args.ar_extra != "none":
        extra["ar"] = rejoin_clitics(ev.read_corpus(args.ar_extra))
    if "fa" in extra:
        from .silver_fa import silver

        corpora["fa"] = silver()
        extra["fa"] = rejoin_clitics(ev.read_corpus(WIKIFANE))
    if "en" in extra:
        from .silver_en import silver as silver_en

        corpora["en"] = silver_en()
    folds = {lang: 0 if lang in ("fa", "en") else args.folds for lang in args.lang}
    if "ar" in folds and args.ar_eval_only and args.folds:
        folds["ar"] = 1
    jobs = [(lang, k, folds[lang], corpora[lang], extra[lang]) for lang in args.lang for k in range(folds[lang])]
    shipped_from = {lang: extra[lang] + ([] if lang == "ar" and args.ar_eval_only else corpora[lang]) for lang in args.lang}
    if not args.no_ship and extra.get("ar"):
        # Before training: the taggers' features read the list.
        print(f"wrote {GIVEN_NAMES} ({write_given_names(extra['ar'])} given names)")
    t0 = time.perf_counter()
    with Pool(args.jobs) as pool:
        ship = [] if args.no_ship else pool.map_async(_ship, [(lang, shipped_from[lang]) for lang in args.lang])
        results = pool.map(_fold, jobs) if jobs else []
        shipped = [] if args.no_ship else ship.get()
    rows = []
    for lang in args.lang:
        totals: dict[str, ev.Counts] = {}
        for lg, _, out, _ in results:
            if lg != lang:
                continue
            for system, c in out.items():
                total = totals.setdefault(system, ev.Counts.new())
                total.tp.update(c.tp)
                total.fp.update(c.fp)
                total.fn.update(c.fn)
        rows.extend((lang, system, c) for system, c in totals.items())
        if args.errors and totals:
            Path(args.errors).mkdir(parents=True, exist_ok=True)
            out_path = Path(args.errors) / f"{lang}-cv.tsv"
            errs = [e for lg, _, _, es in results if lg == lang for e in es]
            print(f"{lang}: recogniser errors, held-out blocks ({out_path})\n" + ev.error_table(ev.write_errors(errs, str(out_path))))
    if rows:
        print(f"{args.folds}-fold cross-validation (contiguous blocks; ar with --ar-eval-only: trained on --ar-extra,"
              f" scored on all of --ar): the tagger alone and the whole recogniser with the fold's model;"
              f" {time.perf_counter() - t0:.0f} s")
        print(ev.table(rows))
    for lang, size in shipped:
        print(f"wrote {OUT_DIR / (lang + '.crfsuite')} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
