"""Entity mention recognition: gazetteer, title patterns, name shapes, propagation.

Works on the clean text of each field and reports spans in original offsets.
Recognisers run in order of reliability and never overwrite a span an earlier
one claimed:

1. gazetteer (countries, cities, organisations) with inflection-aware lookup;
2. person titles ("Мемлекет басшысы", "رئيس الجمهورية", "نخست وزیر") and
   the names they introduce or follow;
3. name shapes in cased scripts (capitalised runs, surname endings);
4. propagation: a name found once in an article is found everywhere in it,
   inflected or with clitics attached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon
from ..model import Article, Mention
from ..normalize import WORD_RE, CleanText
from .affixes import variants
from .gazetteer import Entry, default_gazetteer

_SURNAME_ENDINGS_CYR = (
    "ов", "ев", "ёв", "ова", "ева", "ин", "ина", "ский", "ская", "цкий", "цкая",
    "енко", "ук", "юк", "ян", "янц", "дзе", "швили", "ұлы", "қызы", "улы", "кызы", "вич", "вна",
    "уулу", "оглу", "заде", "бек", "бай",
)
_SURNAME_ENDINGS_LAT = ("ov", "ev", "ova", "eva", "yan", "enko", "sky", "ski", "uly", "qyzy", "oglu", "oğlu", "zade", "vich", "shvili", "dze")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_CASED = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]")
# Punctuation that ends a name run.
_BREAK = re.compile(r"[.,;:!?؟،؛()\[\]{}\"“”«»/|\n]")


# Languages whose names for places and organisations may be used in text of
# another: Russian forms are common in Kazakh and Kyrgyz press, for example.
_BORROWS = {
    "kk": {"ru"}, "ky": {"ru"}, "tt": {"ru"}, "ba": {"ru", "tt"}, "uk": {"ru"}, "be": {"ru"}, "tg": {"ru"},
    "ur": {"fa"}, "az": {"tr"}, "tr": {"az"}, "uz": set(), "ru": set(), "ar": set(), "fa": set(), "en": set(),
}


def _compatible(entry_lang: str, lang: str, first: "Token") -> bool:
    if entry_lang in ("*", lang) or lang not in _BORROWS:
        return True
    if entry_lang == "en" and first.text.isascii():
        return True  # "Facebook", "NATO" written in Latin inside any text
    return entry_lang in _BORROWS[lang]


@dataclass
class Token:
    start: int
    end: int
    text: str
    low: str


def _tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0), m.group(0).casefold()) for m in WORD_RE.finditer(text)]


def _is_upper_initial(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _cased(tok: Token) -> bool:
    return bool(_CASED.match(tok.text))


# Without capital letters, a run of only very frequent words after a title
# ("به عنوان رئیس جمهور قزاقستان تمام تلاش ...") is prose, not a name.
COMMON_NAME_WORD_ZIPF = 5.2


def _all_common(toks: list[Token], lang: str) -> bool:
    from wordfreq import zipf_frequency

    wf_lang = lang if lang in ("ar", "fa", "ur") else "ar"
    return all(zipf_frequency(t.text, wf_lang) >= COMMON_NAME_WORD_ZIPF for t in toks)


@lru_cache(maxsize=64)
def _title_index(lang: str) -> tuple[dict, dict]:
    """Tries of folded title phrases that precede / follow a person's name."""
    from ..normalize import fold

    tries: list[dict] = [{}, {}]
    data = lexicon.titles(lang)
    for k, key in enumerate(("before", "after")):
        for phrase in data.get(key, []):
            words = [w.casefold() for w in WORD_RE.findall(fold(phrase))]
            node = tries[k]
            for w in words:
                node = node.setdefault(w, {})
            node["\0"] = True
    return tries[0], tries[1]


def _match_trie(trie: dict, toks: list[Token], i: int, lang: str, text: str) -> int:
    """End token index (exclusive) of the longest phrase of ``trie`` at ``i``, or -1."""
    best, node, j = -1, trie, i
    while j < len(toks):
        if j > i and _BREAK.search(text[toks[j - 1].end : toks[j].start]):
            break
        nxt = None
        for v in variants(toks[j].low, lang):
            if v in node:
                nxt = node[v]
                break
        if nxt is None:
            break
        node, j = nxt, j + 1
        if "\0" in node:
            best = j
    return best


class Recognizer:
    def __init__(self) -> None:
        self.gazetteer = default_gazetteer()

    # -- gazetteer -------------------------------------------------------------
    def _gazetteer_match(self, toks: list[Token], i: int, lang: str, text: str) -> tuple[int, Entry] | None:
        best: tuple[int, Entry] | None = None
        stack = [(self.gazetteer.root, i)]
        while stack:
            node, j = stack.pop()
            if "\0" in node and j > i:
                entry = self._pick(node["\0"], toks[i:j], lang)
                if entry and (best is None or j > best[0] or (j == best[0] and entry.priority > best[1].priority)):
                    best = (j, entry)
            if j >= len(toks) or (j > i and _BREAK.search(text[toks[j - 1].end : toks[j].start])):
                continue
            # Inflection is only allowed on the word that carries it: any word
            # of a name may take Arabic clitics, only the last one case endings;
            # variants() over-generates and the trie keeps what exists.
            for v in variants(toks[j].low, lang):
                child = node.get(v)
                if child is not None:
                    stack.append((child, j + 1))
        return best

    @staticmethod
    def _pick(entries: list[Entry], span: list[Token], lang: str) -> Entry | None:
        first = span[0]
        ok = []
        for e in entries:
            if _cased(first):
                if e.acronym:
                    base = first.text.split("-")[0]
                    if not base.isupper():
                        continue
                elif e.name[:1].isupper() and not _is_upper_initial(first):
                    continue
            elif e.acronym:
                continue
            if not _compatible(e.lang, lang, first):
                continue
            ok.append(e)
        if not ok:
            return None
        return max(ok, key=lambda e: (e.lang == lang, e.priority))

    # -- main ----------------------------------------------------------------------
    def recognize(self, article: Article) -> list[Mention]:
        lang = article.lang or "und"
        per_field: dict[str, tuple[CleanText, list[Token], list[Mention]]] = {}
        for fname in ("title", "text"):
            ct: CleanText | None = article.clean.get(fname)
            if ct is None or not ct.text.strip():
                continue
            toks = _tokens(ct.text)
            found: list[tuple[int, int, str, str, str, str | None]] = []  # tok_i, tok_j, type, base, source, id
            taken = [False] * len(toks)
            self._find_gazetteer(toks, ct.text, lang, found, taken)
            self._find_titled_persons(toks, ct.text, lang, found, taken)
            self._find_name_shapes(toks, ct.text, lang, found, taken)
            per_field[fname] = (ct, toks, [])
            per_field[fname][2].extend(self._to_mentions(fname, article, ct, toks, found))
        self._propagate(article, per_field, lang)
        mentions = [m for _, _, ms in per_field.values() for m in ms]
        return sorted(mentions, key=lambda m: (m.field != "title", m.start))

    def _find_gazetteer(self, toks, text, lang, found, taken) -> None:
        i = 0
        while i < len(toks):
            hit = self._gazetteer_match(toks, i, lang, text)
            if hit and hit[1].entity_id.startswith("geonames:") and hit[0] < len(toks) and _cased(toks[i]):
                # "Владимир Путин": a town name that is also a given name,
                # followed by a surname, is a person.
                nxt = toks[hit[0]]
                if _is_upper_initial(nxt) and self._surname_like(nxt, lang):
                    hit = None
            if hit:
                j, entry = hit
                found.append((i, j, entry.type, entry.name, "gazetteer", entry.entity_id))
                for k in range(i, j):
                    taken[k] = True
                i = j
            else:
                i += 1

    def _find_titled_persons(self, toks, text, lang, found, taken) -> None:
        before, after = _title_index(lang)
        i = 0
        while i < len(toks):
            j = _match_trie(before, toks, i, lang, text) if before else -1
            # "رئيس وزراء أرمينيا نيكول باشينيان", "President of Kyrgyzstan Sadyr
            # Japarov": a place already recognised may sit between title and name.
            skipped = 0
            while 0 <= j < len(toks) and taken[j] and skipped < 3 and not _BREAK.search(text[toks[j - 1].end : toks[j].start]):
                j, skipped = j + 1, skipped + 1
            if j < 0 or j >= len(toks) or taken[j] or _BREAK.search(text[toks[j - 1].end : toks[j].start]):
                i += 1
                continue
            k = self._name_run(toks, j, text, lang, taken, before)
            if k == j + 1 and _cased(toks[j]) and not self._surname_like(toks[j], lang):
                # One capitalised word after a title is as often an
                # organisation ("Мемлекет басшысы Ұйымның ...") as a name.
                k = j
            if k > j:
                found.append((j, k, "PER", "", "title", None))
                for x in range(j, k):
                    taken[x] = True
                i = k
            else:
                i = j
        if after:
            # Persian/Arabic apposition: «نیکول پاشینیان» نخست وزیر ...
            for m in re.finditer(r"«([^«»\n]{2,60})»", text):
                span = [n for n, t in enumerate(toks) if t.start >= m.start(1) and t.end <= m.end(1)]
                if not span or len(span) > 4 or any(taken[n] for n in span):
                    continue
                nxt = span[-1] + 1
                if nxt < len(toks) and _match_trie(after, toks, nxt, lang, text) > 0:
                    found.append((span[0], span[-1] + 1, "PER", "", "title", None))
                    for n in span:
                        taken[n] = True

    def _name_run(self, toks, j, text, lang, taken, titles, limit: int = 4) -> int:
        """End of the run of name words starting at ``j`` (== j if there is none)."""
        stop = lexicon.stopwords(lang)
        cased = _cased(toks[j])
        k = j
        while k < len(toks) and k - j < limit and not taken[k]:
            t = toks[k]
            if k > j and _BREAK.search(text[toks[k - 1].end : t.start]):
                break
            if t.low in stop or t.text.isdigit() or (titles and _match_trie(titles, toks, k, lang, text) > 0):
                break
            if cased:
                if not _is_upper_initial(t) or _cased(t) != cased:
                    break
            elif t.low.startswith("ال") or (k == j and t.low.startswith("و")):
                # The article marks common nouns and adjectives, not names;
                # a leading "و" is the conjunction on a verb.
                break
            k += 1
            if cased and self._surname_like(t, lang):
                break  # given name(s) then surname: the surname closes the name
        if not cased and (k - j == 1 and len(toks[j].text) < 4 or k > j and _all_common(toks[j:k], lang)):
            return j
        return k

    def _find_name_shapes(self, toks, text, lang, found, taken) -> None:
        i = 0
        while i < len(toks):
            t = toks[i]
            if taken[i] or not _cased(t) or not _is_upper_initial(t) or t.text.isupper():
                i += 1
                continue
            k = self._name_run(toks, i, text, lang, taken, None)
            if k > i and any(self._surname_like(x, lang) for x in toks[i:k]):
                found.append((i, k, "PER", "", "shape", None))
                for x in range(i, k):
                    taken[x] = True
            i = max(k, i + 1)

    @staticmethod
    def _surname_like(tok: Token, lang: str) -> bool:
        ends = _SURNAME_ENDINGS_LAT if tok.text.isascii() else _SURNAME_ENDINGS_CYR
        base = person_base(tok.text, lang).casefold()
        return len(base) >= 5 and base.endswith(ends)

    # -- spans to mentions -----------------------------------------------------
    def _to_mentions(self, fname, article, ct, toks, found) -> list[Mention]:
        original = article.field(fname)
        out = []
        for i, j, etype, base, source, eid in found:
            s, e = ct.span(toks[i].start, toks[j - 1].end)
            if not base:
                # The name as written in the source, not its folded matching form.
                words = [original[slice(*ct.span(t.start, t.end))] for t in toks[i:j]]
                base = " ".join(person_base(w, lang=article.lang) for w in words)
            out.append(Mention(fname, s, e, original[s:e], etype, base=base, entity_id=eid, source=source))
        return out

    def _propagate(self, article: Article, per_field, lang: str) -> None:
        """Find again, everywhere in the article, the words of names found once."""
        known: dict[str, tuple[str, str | None, str]] = {}  # folded word -> (type, id, base)
        for _, _, ms in per_field.values():
            for m in ms:
                if m.type == "PER" and m.base:
                    last = m.base.split()[-1]
                    if len(last) >= 4:
                        known.setdefault(last.casefold(), ("PER", None, last))
        if not known:
            return
        for fname, (ct, toks, ms) in per_field.items():
            original = article.field(fname)
            covered = [(m.start, m.end) for m in ms]
            for t in toks:
                s, e = ct.span(t.start, t.end)
                if any(a < e and s < b for a, b in covered):
                    continue
                if _cased(t) and not _is_upper_initial(t):
                    continue
                hit = next((known[v] for v in variants(t.low, lang) if v in known), None)
                if hit:
                    ms.append(Mention(fname, s, e, original[s:e], hit[0], base=hit[2], entity_id=hit[1], source="propagated"))
                    covered.append((s, e))


_CASE_ENDINGS_CYR = sorted(
    ["тың", "тің", "дың", "дің", "ның", "нің", "ға", "ге", "қа", "ке", "на", "не", "ына", "іне", "да", "де", "та", "те",
     "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен", "ты", "ті", "ды", "ді", "ны", "ні"],
    key=len,
    reverse=True,
)


def person_base(word: str, lang: str | None = None) -> str:
    """Strip one case ending from a capitalised name word ("Тоқаевтың" -> "Тоқаев")."""
    if not any("\u0400" <= c <= "\u04ff" for c in word) or lang in ("ru", "uk", "be"):
        if "'" in word or "’" in word:
            return re.split(r"['’]", word)[0]
        return word
    if "-" in word and word.rsplit("-", 1)[1].islower() and len(word.rsplit("-", 1)[1]) <= 4:
        return word.rsplit("-", 1)[0]
    low = word.casefold()
    for suf in _CASE_ENDINGS_CYR:
        if low.endswith(suf) and len(word) - len(suf) >= 4:
            stem = word[: -len(suf)]
            return stem
    return word


@lru_cache(maxsize=1)
def default_recognizer() -> Recognizer:
    return Recognizer()
