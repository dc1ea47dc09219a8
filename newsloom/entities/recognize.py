"""Entity mention recognition: gazetteer, title patterns, name shapes, propagation.

Works on the clean text of each field and reports spans in original offsets.
Recognisers run in order of reliability and never overwrite a span an earlier
one claimed:

1. gazetteer (countries, cities, organisations) with inflection-aware lookup;
2. person titles ("Мемлекет басшысы", "رئيس الجمهورية", "نخست وزیر") and
   the names they introduce or follow;
3. the statistical tagger (:mod:`.tagger`, a CRF trained on KazNERD for
   Kazakh and ANERcorp for Arabic) for PER/ORG/LOC spans the lexicons miss;
4. name shapes in cased scripts (capitalised runs, surname endings);
5. propagation: a name found once in an article is found everywhere in it,
   inflected or with clitics attached.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .. import lang as languages
from .. import lexicon
from ..known_people import listed_surnames
from ..lang import turkic, variants
from ..lang.arabic_script import surnames as arabic_surnames
from ..model import Article, Mention
from ..normalize import WORD_RE, CleanText, fold
from ..translit import romanize
from .cues import (
    CASED, CONJOINED_COMMON_ZIPF, PLACE_NOUNS, PROPAGATE_MAX_ZIPF, SENTENCE_GAP, SURNAME_AFTER_GIVEN_MAX_ZIPF,
    SURNAME_MAX_ZIPF, Token, all_common, calendar_words, common_word, given_name, given_names_anywhere,
    is_calendar_word, is_cased, is_upper_initial, latin_zipf, light_verb_follows, lowercase_words, title_case,
    word_tokens, written_lowercase, zipf_of,
)
from .gazetteer import Entry, default_gazetteer
from .tagger import Span, default_tagger

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# A name in quotes, as organisations are written in Cyrillic-script news.
_QUOTED = re.compile(r'["«“„]([^"«»“”„\n]{2,60})["»”“]')
# The article, also behind a preposition or conjunction ("بالنيابة", acting).
_WITH_ARTICLE = ("ال", "وال", "بال", "فال", "كال", "کال", "لل")
# Punctuation that ends a name run.
_BREAK = re.compile(r"[.,;:!?؟،؛()\[\]{}\"“”«»/|\n]")


def _compatible(entry_lang: str, lang: str, first: "Token") -> bool:
    borrows = languages.get(lang).borrows
    if entry_lang in ("*", lang) or borrows is None:
        return True
    if entry_lang == "en" and first.text.isascii():
        return True  # "Facebook", "NATO" written in Latin inside any text
    return entry_lang in borrows



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


# A case ending cut from a word leaves a stem of three letters or fewer
# ("Арасында" -> "Ара", Arrah; "Отан" -> "Ота", Ōta) far more often by chance
# than by a town's name; only places everyone writes about keep such matches
# ("Римде" -> Rome).  Endings after a hyphen or apostrophe are deliberate.
SHORT_STEM_POPULATION = 1_000_000
# A town found by its transliteration key alone, without its country in the
# article (ntrex_linking, ar: see data/ner/README.md).
TRANSLIT_ALONE_POPULATION = 1_000_000
# How alike (difflib ratio of _spelling_key) the romanised word and the
# town's Latin name must be where no model said the word is a place:
# "Кройдон" / Croydon 1.0, "Шотланді" / Westland .71, "Верховн" / Fairhaven
# .38 (the same consonant keys).
TRANSLIT_SPELLING_MIN = 0.75
# Below this many letters the spellings must be the same.
TRANSLIT_LONG_SPELLING = 8
_SPELLING = [("ph", "f"), ("kh", "h"), ("ck", "k"), ("c", "k"), ("y", "i"), ("w", "u"), ("ou", "u"), ("j", "i")]


# The same few names meet the same towns article after article: remembered.
@lru_cache(maxsize=65536)
def _spelling_ratio(cyrillic: str, latin: str) -> float:
    """How alike a Cyrillic name's romanisation and a town's Latin name are spelt (difflib ratio)."""
    return SequenceMatcher(None, _spelling_key(romanize(cyrillic)), _spelling_key(latin)).ratio()


@lru_cache(maxsize=65536)
def _spelt_alike(cyrillic: str, latin: str) -> bool:
    """Whether a Cyrillic name is spelt as a town's Latin name: alike, or the same where the name is short.

    Short names are alike by chance ("Юньнань" and Ya'an, "Майорга" and
    Moraga); "Холиоке" and Holyoke, "Марлоу" and Marlow, "Палу" and Palu are
    the same once the letters romanisation writes otherwise are made alike.
    """
    a, b = _spelling_key(romanize(cyrillic)), _spelling_key(latin)
    if min(len(a), len(b)) < TRANSLIT_LONG_SPELLING:
        return a == b
    return SequenceMatcher(None, a, b).ratio() >= TRANSLIT_SPELLING_MIN


def _spelling_key(name: str) -> str:
    """A Latin spelling with the letters Cyrillic romanisation writes otherwise made alike ("Croydon" / "Kroidon")."""
    s = name.casefold()
    for a, b in _SPELLING:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", s))
_SEPARATED = re.compile("[-'’ʼ]")
# An ending after an apostrophe (English possessive, Turkish and Azerbaijani case) closes a name.
_SUFFIX = re.compile("['’ʼ]")
# The second word of a place's name after its head noun is rarer than the
# words of place and time that follow a name (Arabic zipf: "سلطان" 4.75;
# "غرب" west 4.87, "شمال" 5.21, "مساء" 5.27).
PLACE_WORD_MAX_ZIPF = 4.8


# Words remembered per phrase trie and language, before starting afresh.
MEMO_WORDS = 200_000
# trie id -> (the trie, kept alive so that its id is not reused; word, language -> first step or None).
_FIRST_STEP: dict[int, tuple[dict, dict]] = {}


def _first_step(trie: dict, low: str, lang: str) -> dict | None:
    """The child of ``trie`` that the first listed form of ``low`` leads to, or None.

    Asked for every word of every text: a word has many forms (a Russian
    word's endings) and most open no phrase, so the answer is remembered.
    """
    held = _FIRST_STEP.get(id(trie))
    if held is None or held[0] is not trie:
        held = _FIRST_STEP[id(trie)] = (trie, {})
    memo = held[1]
    key = (low, lang)
    try:
        return memo[key]
    except KeyError:
        pass
    if len(memo) >= MEMO_WORDS:
        memo.clear()
    nxt = memo[key] = next((trie[v] for v in variants(low, lang) if v in trie), None)
    return nxt


def _match_trie(trie: dict, toks: list[Token], i: int, lang: str, text: str) -> int:
    """End token index (exclusive) of the longest phrase of ``trie`` at ``i``, or -1."""
    if i >= len(toks):
        return -1
    nxt = _first_step(trie, toks[i].low, lang)
    if nxt is None:
        return -1
    best, node, j = -1, trie, i
    while j < len(toks):
        if j > i and _BREAK.search(text[toks[j - 1].end : toks[j].start]):
            break
        if j > i:
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


def _trim_unnamed(toks: list[Token], i: int, j: int, lang: str) -> tuple[int, int]:
    """A person span in a script without capitals, without the words that cannot open a name.

    "وحضر اللقاء" (and attended the meeting), "ووزير الطوارئ" (and the
    minister of emergencies): a common word with the conjunction attached, or
    a title, is cut; what is left only of words with the article is no name.
    """
    before, _ = _title_index(lang)
    given = lexicon.given_names("Arab")
    while i < j:
        low = toks[i].low
        bare = low[1:] if low.startswith("و") and len(low) > 3 else None
        if before and _match_trie(before, toks, i, lang, "") == i + 1:
            i += 1
        elif bare and bare not in given and (zipf_of(bare, lang) >= CONJOINED_COMMON_ZIPF or bare in before):
            i += 1
        else:
            break
    if i < j and all(t.low.startswith("ال") for t in toks[i:j]):
        i = j
    return i, j




class Recognizer:
    # How model spans meet gazetteer spans, and whether the rules run beside
    # a model, is each language's policy (newsloom.lang): model_overrules_places,
    # rules_beside_model.

    def __init__(self, use_tagger: bool = True, taggers: dict | None = None, lowercase_check: bool = True) -> None:
        self.gazetteer = default_gazetteer()
        self.use_tagger = use_tagger
        self.taggers = taggers  # lang -> Tagger, instead of the shipped ones (evaluation)
        self.lowercase_check = lowercase_check
        self._roots: dict[tuple[str, str], tuple[tuple[dict, bool], ...]] = {}

    # -- gazetteer -------------------------------------------------------------
    def _root_children(self, low: str, lang: str) -> tuple[tuple[dict, bool], ...]:
        """(trie node, whether reached by a short stem) of every form of ``low`` the gazetteer opens a name with.

        Most words open none, and a word's forms are many: remembered per
        word and language, in the order of the forms (ties go to the first).
        """
        key = (low, lang)
        out = self._roots.get(key)
        if out is not None:
            return out
        if len(self._roots) >= MEMO_WORDS:
            self._roots.clear()
        root = self.gazetteer.root
        out = self._roots[key] = tuple((child, v != low and len(v) <= 3 and not _SEPARATED.search(low))
                                       for v in variants(low, lang) if (child := root.get(v)) is not None)
        return out

    def _gazetteer_match(self, toks: list[Token], i: int, lang: str, text: str) -> tuple[int, Entry] | None:
        best: tuple[int, Entry] | None = None
        # The root has no entries and i is a token: its step is the remembered one.
        stack = [(child, i + 1, short) for child, short in self._root_children(toks[i].low, lang)]
        while stack:
            node, j, short = stack.pop()
            if "\0" in node and j > i:
                entries = node["\0"]
                if short:
                    entries = [e for e in entries if not e.entity_id.startswith("geonames:") or e.population >= SHORT_STEM_POPULATION]
                entry = self._pick(entries, toks[i:j], lang)
                if entry and (best is None or j > best[0] or (j == best[0] and entry.priority > best[1].priority)):
                    best = (j, entry)
            if j >= len(toks) or (j > i and _BREAK.search(text[toks[j - 1].end : toks[j].start])):
                continue
            # Inflection is only allowed on the word that carries it: any word
            # of a name may take Arabic clitics, only the last one case endings;
            # variants() over-generates and the trie keeps what exists.
            low = toks[j].low
            for v in variants(low, lang):
                child = node.get(v)
                if child is not None:
                    stack.append((child, j + 1, short or (v != low and len(v) <= 3 and not _SEPARATED.search(low))))
        return best

    def _written_as_listed(self, low: str, entity_id: str) -> bool:
        """Whether a folded word as written (no ending cut) is a listed name of the entity."""
        node = self.gazetteer.root.get(low)
        return bool(node) and any(e.entity_id == entity_id for e in node.get("\0", ()))

    @staticmethod
    def _pick(entries: list[Entry], span: list[Token], lang: str) -> Entry | None:
        first = span[0]
        ok = []
        for e in entries:
            if is_cased(first):
                if e.acronym:
                    base = re.split(r"[-'’]", first.text)[0]
                    if not base.isupper():
                        continue
                elif e.name[:1].isupper() and not is_upper_initial(first):
                    continue
            elif e.acronym:
                continue
            if not _compatible(e.lang, lang, first):
                continue
            if e.acronym and e.lang not in ("*", lang) and not (e.lang == "en" and first.text.isascii()):
                # An acronym stands for what its own language abbreviates:
                # Turkish "AP" is the European Parliament, English "AP" the
                # Associated Press.  Spelt out in the article, the full name
                # is found on its own.
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
            toks = word_tokens(ct.text)
            found: list[tuple[int, int, str, str, str, str | None]] = []  # tok_i, tok_j, type, base, source, id
            taken = [False] * len(toks)
            self._find_gazetteer(toks, ct.text, lang, found, taken)
            if languages.get(lang).script == "Arab":
                _drop_word_parts(found, taken, toks, ct, article.field(fname), lang)
                self._find_latin_names(toks, ct.text, found, taken)
            tagger = self._tagger(lang)
            if tagger is not None and fname == "title" and title_case(toks):
                # A headline that capitalises every word says nothing by its
                # capitals to a model that learnt from sentences: the rules
                # read it, and propagation from the text finds its names.
                tagger = None
            if tagger is not None:
                hints = self._hints(toks, ct.text, lang, found)
                spans = self._screen_model_spans(tagger.tag(ct.text, hints, lang), toks, hints, found, lang,
                                                       lambda t: article.field(fname)[slice(*ct.span(t.start, t.end))], ct.text)
                found[:] = self._merge_model_spans(spans, toks, found, taken, lang)
            self._find_headed_places(toks, ct, article.field(fname), lang, found, taken)
            self._find_quoted_orgs(toks, ct.text, lang, found, taken)
            self._find_institutions(toks, ct.text, lang, found, taken)
            # Where a model tagged, the title, name and organisation rules
            # cost precision (same folds: kk 87.5 -> 88.0, ar 69.3 -> 69.7
            # without them): the model learnt titles from its hints.
            if tagger is None or languages.get(lang).rules_beside_model:
                self._find_headed_orgs(toks, ct, article.field(fname), lang, found, taken)
                self._find_titled_persons(toks, ct.text, lang, found, taken)
                if fname != "title" or not title_case(toks):
                    # In an English headline every word is capitalised, so
                    # capitals say nothing there; propagation from the text
                    # still finds the names.
                    self._find_given_names(toks, ct.text, lang, found, taken)
                    self._find_name_shapes(toks, ct.text, lang, found, taken)
            elif languages.get(lang).titles_beside_model:
                self._find_titled_persons(toks, ct.text, lang, found, taken, after_place_only=True)
            if languages.get(lang).definite_org_heads:
                self._find_definite_orgs(toks, ct, article.field(fname), lang, found, taken)
            per_field[fname] = (ct, toks, [])
            per_field[fname][2].extend(self._to_mentions(fname, article, ct, toks, found))
        if languages.get(lang).script == "Arab":
            _link_solid_names([m for _, _, ms in per_field.values() for m in ms], self.gazetteer, lang)
        if languages.get(lang).script in ("Arab", "Cyrl"):
            _link_transliterated_places([m for _, _, ms in per_field.values() for m in ms], lang, self.gazetteer.country_of)
        if languages.get(lang).place_before and self._tagger(lang) is None:
            self._find_transliterated_towns(article, per_field, lang)
        self._propagate(article, per_field, lang)
        mentions = self._drop_calendar_places([m for _, _, ms in per_field.values() for m in ms], lang, article)
        mentions = self._given_names_not_places(mentions, lang)
        mentions = self._spelt_out_acronyms(mentions)
        return sorted(mentions, key=lambda m: (m.field != "title", m.start))

    def _spelt_out_acronyms(self, mentions: list[Mention]) -> list[Mention]:
        """An acronym that stands for several listed entities keeps an id only where the article spells it out.

        Turkish "AP" is the European Parliament and the Associated Press:
        with neither named in full, the mention stays an unlinked organisation.
        """
        named = {m.entity_id for m in mentions if m.entity_id and not m.text.isupper()}
        out = []
        for m in mentions:
            if m.entity_id and m.source == "gazetteer" and m.entity_id not in named and m.text.isupper():
                node = self.gazetteer.root
                for w in WORD_RE.findall(fold(m.text)):
                    node = node.get(w.casefold()) or {}
                meanings = {e.entity_id for e in node.get("\0", ()) if e.acronym}
                if len(meanings) > 1:
                    m = Mention(m.field, m.start, m.end, m.text, m.type, base=m.base, entity_id=None, source=m.source)
            out.append(m)
        return out

    def _given_names_not_places(self, mentions: list[Mention], lang: str) -> list[Mention]:
        """A lone word read as a town only through an ending, that opens a person's name here, is that name.

        "Камала Харрис ... Камала": the second "Камала" is the person's given
        name, not Kamalia; the knowledge base gives it the person's id.  A town
        written as listed ("во Владимир") stays a town.
        """
        given: dict[str, str] = {}  # folded form of a first word -> its base form
        surnames: dict[str, str] = {}  # the same for last words
        for m in mentions:
            words, bases = m.text.split(), (m.base or m.text).split()
            first = fold(words[0]).casefold() if words else ""
            # A "name" that opens with a place's listed name ("Вашингтон Посттың")
            # is as likely a mis-typed organisation: it decides nothing.
            if m.type == "PER" and len(words) >= 2 and len(bases) >= 2 and not self.gazetteer.root.get(first, {}).get("\0"):
                given.setdefault(first, bases[0])
                given.setdefault(fold(bases[0]).casefold(), bases[0])
                if bases[-1][:1].isupper() and len(bases[-1]) >= 3:
                    surnames.setdefault(fold(_SUFFIX.split(bases[-1])[0]).casefold(), bases[-1])
        if not given:
            return mentions
        out = []
        for m in mentions:
            low = fold(m.text).casefold()
            if m.type == "LOC" and (m.entity_id or "").startswith("geonames:") and " " not in m.text.strip():
                hit = next((given[v] for v in variants(low, lang) if v in given), None)
                if hit and not self._written_as_listed(low, m.entity_id):
                    m = Mention(m.field, m.start, m.end, m.text, "PER", base=hit, entity_id=None, source="given")
                elif m.text.isascii() and (hit := surnames.get(_SUFFIX.split(low)[0])):
                    # "Evo Morales ... Morales", "Gary Holt ... Holt": a town
                    # named as the surname of a person of the article is that
                    # person (English does not decline, so the form cannot tell).
                    m = Mention(m.field, m.start, m.end, m.text, "PER", base=hit, entity_id=None, source="given")
            out.append(m)
        return out

    def _drop_calendar_places(self, mentions: list[Mention], lang: str, article: Article) -> list[Mention]:
        """Places named like a weekday or month ("دوشنبه": Monday and Dushanbe) need their country in the article."""
        calendar = calendar_words(lang)
        if not calendar:
            return mentions
        country_of = self.gazetteer.country_of
        ids = {m.entity_id for m in mentions}

        language = languages.get(lang)

        def said_as_place(m: Mention) -> bool:
            if not language.calendar_place_before:
                return False
            text = article.field(m.field)
            before = WORD_RE.findall(fold(text[max(0, m.start - 20) : m.start]))
            after = WORD_RE.findall(fold(text[m.end : m.end + 30]))
            if not before or fold(before[-1]) not in language.calendar_place_before:
                return False
            # Only where the word sits in the same clause as what follows.
            gap = text[m.end : m.end + 3]
            nxt = after[0] if after and not _BREAK.search(gap[:1] or " ") else ""
            return not (nxt and (nxt in language.time_words or nxt[:1].isdigit()))

        def doubtful(m: Mention) -> bool:
            cc = country_of.get(m.entity_id or "")
            return cc is not None and f"country:{cc}" not in ids and \
                any(v in calendar for v in variants(fold(m.text), lang)) and not said_as_place(m)

        return [m for m in mentions if not doubtful(m)]

    def _find_gazetteer(self, toks, text, lang, found, taken) -> None:
        i = 0
        lowercase = None  # words the text writes in lower case, when first needed
        opens = self._root_children
        while i < len(toks):
            if not opens(toks[i].low, lang):
                i += 1  # most words open no listed name: no match to try
                continue
            hit = self._gazetteer_match(toks, i, lang, text)
            if hit and hit[1].entity_id.startswith("geonames:") and hit[0] < len(toks) and is_cased(toks[i]):
                # "Владимир Путин": a town name that is also a given name,
                # followed by a surname, is a person.
                nxt = toks[hit[0]]
                if is_upper_initial(nxt) and self._surname_like(nxt, lang):
                    hit = None
                elif hit[0] == i + 1 and is_upper_initial(nxt) and not _BREAK.search(text[toks[i].end : nxt.start]) \
                        and languages.get(lang).capitalises_first_word_only and not self._written_as_listed(toks[i].low, hit[1].entity_id):
                    # "Камала Гарріс": read as a town only through a case
                    # ending ("Камалия"), and a second capital follows where
                    # only a person's name has one.
                    hit = None
            if hit and hit[0] == i + 1 and self._given_name_then_surname(toks, i, lang, text, hit[1]):
                hit = None  # "Jordan Spieth", "Nancy Pelosi": the given-name rule reads the person
            if hit and hit[0] == i + 1 and hit[1].entity_id.startswith("geonames:") and is_cased(toks[i]) \
                    and (i == 0 or SENTENCE_GAP.search(text[toks[i - 1].end : toks[i].start])) \
                    and common_word(toks[i].low, lang, lowercase if lowercase is not None else
                                    (lowercase := {t.low for t in toks if is_cased(t) and not is_upper_initial(t)})):
                hit = None  # "Усі ...", "Tak ...": a common word capitalised by the sentence, not a town
            if hit:
                j, entry = hit
                found.append((i, j, entry.type, entry.name, "gazetteer", entry.entity_id))
                for k in range(i, j):
                    taken[k] = True
                i = j
            else:
                i += 1

    def _given_name_then_surname(self, toks, i: int, lang: str, text: str, entry: Entry) -> bool:
        """Whether the one-word place at ``i`` is a given name with a surname after it, in any cased script.

        "Jordan Spieth", "Chad Hammel", "Nancy Pelosi", "Norman Eisen": a
        listed given name (``cues.given_names_anywhere``) that is also a place,
        then a capitalised word that is no common word of the language, no
        place noun and no other listed name (a town that is a surname,
        "Brent Montgomery", is one).  "Victoria Cross", "Paris Fashion Week",
        "Charlotte County" stay places.
        """
        if not entry.entity_id.startswith(("geonames:", "country:")) or i + 1 >= len(toks) or not is_cased(toks[i]) \
                or not is_upper_initial(toks[i]) or toks[i].text.isupper():
            return False
        nxt = toks[i + 1]
        if not is_upper_initial(nxt) or nxt.text.isupper() or _BREAK.search(text[toks[i].end : nxt.start]) \
                or nxt.low in PLACE_NOUNS or nxt.low in lexicon.stopwords(lang):
            return False
        script = languages.get(lang).script if languages.get(lang).script != "Arab" else "Latn"
        if toks[i].text.isascii():
            script = "Latn"
        if not given_name(toks[i].low, given_names_anywhere(script), conjunction=False, inflect_lang=lang):
            return False
        after = self._gazetteer_match(toks, i + 1, lang, text)
        if after and not (after[0] == i + 2 and after[1].entity_id.startswith("geonames:")):
            return False  # "Jordan Valley" may be listed; a country or organisation follows: no surname
        surname = _SUFFIX.split(nxt.text)[0]
        if self._surname_like(nxt, lang) or fold(surname) in listed_surnames():
            return True
        # In Cyrillic frequency says little (famous surnames are frequent); in
        # Latin script a surname is rarer than a common noun.
        return surname.isascii() and latin_zipf(surname.casefold(), lang) < SURNAME_AFTER_GIVEN_MAX_ZIPF

    # -- statistical tagger ------------------------------------------------------
    def lexicon_hints(self, text: str, lang: str) -> list[Span]:
        """What the lexicons say about clean ``text``, as the tagger's features want it."""
        toks = word_tokens(text)
        found: list = []
        self._find_gazetteer(toks, text, lang, found, [False] * len(toks))
        return self._hints(toks, text, lang, found)

    @staticmethod
    def _hints(toks, text, lang, found) -> list[Span]:
        hints = [Span(toks[i].start, toks[j - 1].end, "gaz." + f[2]) for f in found if f[4] == "gazetteer" for i, j in [f[:2]]]
        before, _ = _title_index(lang)
        if before:
            for i in range(len(toks)):
                j = _match_trie(before, toks, i, lang, text)
                if j > i:
                    hints.append(Span(toks[i].start, toks[j - 1].end, "TITLE"))
        return hints

    def _tagger(self, lang: str):
        if not self.use_tagger:
            return None
        if self.taggers is not None:
            return self.taggers.get(lang)
        return default_tagger(lang)

    @staticmethod
    def _screen_model_spans(spans: list[Span], toks, hints: list[Span], found, lang: str, written, text: str = "") -> list[Span]:
        """Model spans without the words no name has; a one-word person as common as prose is a word ("آمنة", safe).

        Kept where a title stands before it ("الرئيس بوش", also with a place
        between: "رئيس وزراء أرمينيا ..."), a listed person's name ends in it,
        or it is a name known abroad (``lexicon.name_words``: "ترامب"); a
        full name elsewhere in the article still finds it by propagation.
        """
        language = languages.get(lang)
        if language.model_spans is not None:
            spans = language.model_spans(spans, text)
        limit, never = language.lone_person_max_zipf, language.never_in_name
        if language.person_after_definite_org:
            spans = _person_out_of_org(spans, toks, lang)
        if language.surname_after_model_name:
            spans = _with_surname(spans, toks, found, lang, written, text)
        if limit is None and never is None:
            return spans
        by_start = {t.start: n for n, t in enumerate(toks)}
        by_end = {t.end: n for n, t in enumerate(toks)}
        if never is not None:
            # "ترامب كثيرًا" (Trump much): an indefinite word ends no name.
            trimmed = []
            for sp in spans:
                i, j = by_start.get(sp.start), by_end.get(sp.end)
                if i is None or j is None:
                    trimmed.append(sp)
                    continue
                while i <= j and never(written(toks[j])):
                    j -= 1
                while i <= j and never(written(toks[i])):
                    i += 1
                if i <= j:
                    trimmed.append(Span(toks[i].start, toks[j].end, sp.type))
            spans = trimmed
        if limit is None:
            return spans
        title_ends = {h.end for h in hints if h.type == "TITLE"}
        places = {toks[f[1] - 1].end: toks[f[0]].start for f in found if f[4] == "gazetteer"}
        surnames = _surname_words_arab()
        out = []
        for sp in spans:
            i = by_start.get(sp.start)
            if sp.type == "PER" and i is not None and toks[i].end == sp.end and not is_cased(toks[i]):
                prev = toks[i - 1].end if i else -1
                titled = prev in title_ends or (prev in places and any(e <= places[prev] and places[prev] - e <= 1 for e in title_ends))
                if not titled and not any(v in surnames for v in variants(toks[i].low, lang)) \
                        and _lone_zipf(written(toks[i]), lang) >= limit:
                    continue
            out.append(sp)
        return out

    def _merge_model_spans(self, spans: list[Span], toks, found, taken, lang: str) -> list:
        starts = {t.start: n for n, t in enumerate(toks)}
        owner = [-1] * len(toks)  # index into found of the gazetteer span covering a token
        for n, (i, j, *_) in enumerate(found):
            for k in range(i, j):
                owner[k] = n
        dropped: set[int] = set()
        confirmed: set[int] = set()
        added = []
        lower = None
        spans = [part for sp in spans for part in self._two_people(sp, toks, starts, lang)]
        for sp in spans:
            i = starts.get(sp.start)
            if i is None:
                continue
            j = i
            while j < len(toks) and toks[j].end <= sp.end:
                j += 1
            if sp.type == "PER":
                # "Тоқаев Қаңтар оқиғасы": a capitalised month is no part of a name.
                while j > i and is_calendar_word(toks[j - 1], lang):
                    j -= 1
                while i < j and is_calendar_word(toks[i], lang):
                    i += 1
                if not is_cased(toks[i]):
                    i, j = _trim_unnamed(toks, i, j, lang)
                closes = languages.get(lang).closes_name
                if closes is not None:
                    j = next((k + 1 for k in range(i, j - 1) if closes(toks[k].text)), j)
            if j == i:
                continue
            hit = {owner[k] for k in range(i, j) if owner[k] >= 0}
            if not hit:
                if lower is None:
                    lower = lowercase_words(toks) if self.lowercase_check else {}
                if sp.type != "PER" or not written_lowercase(toks[i:j], lower):
                    added.append((i, j, sp.type, getattr(sp, "base", ""), "model", None))
                continue
            confirmed |= hit
            inside = all(i <= found[n][0] and found[n][1] <= j for n in hit)
            same = len(hit) == 1 and found[next(iter(hit))][:2] == (i, j)
            # A gazetteer span keeps its id where the model agrees on the
            # extent; a longer model span ("Алматы облысында") replaces a
            # place, never a curated organisation ("Қауіпсіздік кеңесі ҰҚШҰ").
            head = languages.get(lang).org_head
            # "Біріккен Ұлттар Ұйымы Бас Ассамблеясының": a head noun after
            # the curated organisation names another, of which it is part.
            headed = sp.type == "ORG" and head is not None and j > max(found[n][1] for n in hit) and head(toks[j - 1].low)
            if inside and not same and (headed or all(found[n][2] == "LOC" for n in hit)):
                # A place inside an organisation's name stays a mention of its
                # own where the model says so; inside a person's name it is a
                # given name ("Владимира Гройсмана" holds no city of Vladimir).
                if not getattr(sp, "keeps_places", False) or sp.type == "PER":
                    dropped |= hit
                added.append((i, j, sp.type, getattr(sp, "base", ""), "model", None))
        if languages.get(lang).model_overrules_places:
            # Only places: the curated organisations ("ҰҚШҰ-ға") are precise
            # and often newer than the corpus the model learnt from.
            dropped |= {n for n in range(len(found)) if n not in confirmed and found[n][2] == "LOC"}
        for n in dropped:
            for k in range(found[n][0], found[n][1]):
                taken[k] = False
        for i, j, *_ in added:
            for k in range(i, j):
                taken[k] = True
        return [f for n, f in enumerate(found) if n not in dropped] + added

    @staticmethod
    def _two_people(sp: Span, toks, starts: dict[int, int], lang: str) -> list[Span]:
        """A model's person span of two full names run together, as two: "Сара Пэйлин Дональд Трамп".

        Cut before a listed given name that follows a word which is none,
        where two words at least stand on each side (a cased script only).
        """
        i = starts.get(sp.start)
        if sp.type == "PER" and i is not None and not is_cased(toks[i]) and languages.get(lang).script == "Arab":
            return _conjoined_people(_before_title(sp, toks, i, lang), toks, i)
        if sp.type != "PER" or i is None or not is_cased(toks[i]) or getattr(sp, "base", ""):
            return [sp]  # a model that gives base forms (natasha) is left to its own extents
        j = i
        while j < len(toks) and toks[j].end <= sp.end:
            j += 1
        if j - i < 4:
            return [sp]
        given = given_names_anywhere(languages.get(lang).script if not toks[i].text.isascii() else "Latn")
        for k in range(i + 2, j - 1):
            if toks[k].low in given and toks[k - 1].low not in given:
                return [Span(sp.start, toks[k - 1].end, "PER"), *Recognizer._two_people(Span(toks[k].start, sp.end, "PER"), toks, starts, lang)]
        return [sp]

    def _find_headed_places(self, toks, ct: CleanText, original: str, lang, found, taken) -> None:
        """"استان لرستان", "شهر گرگان": a place noun and the name after it are one place.

        A known place keeps its id and base name; an unknown word after the
        noun is a place when it is no function word and rarer than prose.
        """
        language = languages.get(lang)
        heads = language.place_heads
        if not heads:
            return
        stop = lexicon.stopwords(lang)
        text = ct.text
        starts = {f[0]: n for n, f in enumerate(found)}
        lone_zipf = language.lone_person_max_zipf or SURNAME_MAX_ZIPF

        def joined(k: int) -> bool:  # tokens k and k + 1 are one word, joined by a ZWNJ in the original
            return "\u200c" in original[ct.span(toks[k].start, toks[k].end)[1] : ct.span(toks[k + 1].start, toks[k + 1].end)[0]]

        for i in range(len(toks) - 1):
            if toks[i].low not in heads or taken[i] or _BREAK.search(text[toks[i].end : toks[i + 1].start]):
                continue
            n = starts.get(i + 1)
            if n is not None:
                f = found[n]
                if f[2] == "LOC" and language.place_head_in_name:
                    found[n] = (i, *f[1:3], f[3] or " ".join(t.text for t in toks[i + 1 : f[1]]), *f[4:])
                    taken[i] = True
                elif f[2] == "LOC" and f[4] == "model" and f[1] == i + 2 and f[1] < len(toks) and not taken[f[1]] \
                        and zipf_of(toks[i + 1].text, lang) >= lone_zipf and self._name_word(toks, f[1], text, stop) \
                        and zipf_of(toks[f[1]].text, lang) < PLACE_WORD_MAX_ZIPF:
                    # "مدينة نور سلطان": a common word ("نور", light) the model
                    # takes for the place is the first word of its name.
                    found[n] = (i + 1, f[1] + 1, *f[2:])
                    taken[f[1]] = True
                continue
            nxt = toks[i + 1]
            if taken[i + 1] or nxt.low in stop or not nxt.text.isalpha() or len(nxt.text) < 3 \
                    or zipf_of(nxt.text, lang) >= SURNAME_MAX_ZIPF:
                continue
            j = i + 2
            while j < len(toks) and not taken[j] and joined(j - 1):
                j += 1
            first = i if language.place_head_in_name else i + 1
            found.append((first, j, "LOC", "", "head", None))
            for k in range(first, j):
                taken[k] = True

    def _find_quoted_orgs(self, toks, text, lang, found, taken) -> None:
        """A quoted name with an organisation noun beside it: "Ақсай" нан зауыты, компанія «Нафтогаз».

        Beside a model too: quotes and the noun together rarely mean anything
        else, and the model leaves such names untagged more often than not.
        """
        language = languages.get(lang)
        after, before = language.org_nouns_after, language.org_nouns_before
        if not after and not before:
            return
        starts = {t.start: n for n, t in enumerate(toks)}
        ends = {t.end: n for n, t in enumerate(toks)}
        for q in _QUOTED.finditer(text):
            i, j = starts.get(q.start(1)), ends.get(q.end(1))
            if i is None or j is None or j - i > 4 or not is_upper_initial(toks[i]):
                continue
            # A place inside the quotes is part of the name ("Алматы су").
            inside = [f for f in found if i <= f[0] and f[1] <= j + 1]
            if any(f[2] != "LOC" for f in inside) or sum(taken[i : j + 1]) != sum(f[1] - f[0] for f in inside):
                continue
            nxt, prv = j + 1, i - 1
            if after and nxt + 1 < len(toks) and not is_upper_initial(toks[nxt]) and not any(v in after for v in variants(toks[nxt].low, lang)):
                nxt += 1  # one word of what it makes or does between: "Ақсай" нан зауыты (bread factory)
            noun_after = bool(after) and nxt < len(toks) and not text[q.end() : toks[j + 1].start].strip() \
                and any(v in after for v in variants(toks[nxt].low, lang))
            noun_before = bool(before) and prv >= 0 and not text[toks[prv].end : q.start()].strip() \
                and any(v in before for v in variants(toks[prv].low, lang))
            named = noun_after or noun_before
            if named:
                found[:] = [f for f in found if f not in inside]
                found.append((i, j + 1, "ORG", "", "quoted", None))
                for k in range(i, j + 1):
                    taken[k] = True
    @staticmethod
    def _find_institutions(toks, text, lang, found, taken) -> None:
        """A capitalised kind of state institution ("Қорғаныс министрлігі", "Министерство обороны", "Senate"), with its country beside it.

        Beside a model too: it leaves multi-word institutions untagged or cut
        (KazNERD ORG recall is its weakest).  Cased scripts only, where the
        capital says a name; a one-word kind ("Үкімет", "Parliament") not at
        the start of a sentence, where every word has one.
        """
        from . import institutions

        n = len(toks)
        if not n or languages.get(lang).script not in ("Cyrl", "Latn"):
            return
        words = [t.low for t in toks]
        i = 0
        while i < n:
            if taken[i] or not is_upper_initial(toks[i]):
                i += 1
                continue
            j = institutions.phrase_at(words, i, lang)
            gap = lambda a, b: text[toks[a].end : toks[b].start]  # noqa: E731
            if j is None or any(taken[i:j]) or any(_BREAK.search(gap(k, k + 1)) for k in range(i, j - 1)) \
                    or (j == i + 1 and not toks[i].text.isupper() and (i == 0 or SENTENCE_GAP.search(gap(i - 1, i)))):
                i += 1
                continue
            start, end = i, j
            countries = {f[1] if f[0] < i else f[0]: f for f in found
                         if f[2] == "LOC" and (f[5] or "").startswith("country:") and (f[1] == i or f[0] == j)}
            before, after = countries.get(i), countries.get(j)
            if before is not None and not _BREAK.search(gap(before[1] - 1, i)):
                start = before[0]  # "Қазақстан Қорғаныс министрлігі"
                found.remove(before)
            if after is not None and not _BREAK.search(gap(j - 1, j)):
                end = after[1]  # "Министерство обороны России"
                found.remove(after)
            elif j + 1 < n and words[j] in institutions.fillers(lang) and (after := next(
                    (f for f in found if f[0] == j + 1 and f[2] == "LOC" and (f[5] or "").startswith("country:")), None)):
                end = after[1]  # "Ministry of Defence of Kazakhstan"
                found.remove(after)
            found.append((start, end, "ORG", "", "institution", None))
            for k in range(start, end):
                taken[k] = True
            i = end

    @staticmethod
    def _find_latin_names(toks, text, found, taken) -> None:
        """Names left in Latin script inside Arabic-script text ("Ryan Kent", "Omar Navarro"): a known given name, then capitals.

        The Arabic-script rules and models read neither capitals nor English
        given names, and a town named like the surname ("Kent") is the
        surname here, as in English text.
        """
        given = lexicon.given_names("Latn")
        i, n = 0, len(toks)
        while i < n - 1:
            t = toks[i]
            if not (t.text.isascii() and t.text.isalpha() and is_upper_initial(t) and not t.text.isupper() and t.low in given):
                i += 1
                continue
            k = i + 1
            while k < n and k - i < 4 and toks[k].text.isascii() and toks[k].text.isalpha() and is_upper_initial(toks[k]) \
                    and not toks[k].text.isupper() and not _BREAK.search(text[toks[k - 1].end : toks[k].start]) \
                    and (not taken[k] or any(f[0] == k and f[1] == k + 1 and f[2] == "LOC" for f in found)):
                k += 1
            if k == i + 1 or taken[i]:
                i = k
                continue
            found[:] = [f for f in found if not (i <= f[0] < k)]
            found.append((i, k, "PER", "", "given", None))
            for x in range(i, k):
                taken[x] = True
            i = k

    def _find_definite_orgs(self, toks, ct: CleanText, original: str, lang, found, taken) -> None:
        """"وزارة الدفاع", "لجنة الأمن القومي": a head noun, then the words with the article that name it.

        The head may carry a clitic ("ووزارة", and the ministry), which the
        base name loses; the name ends at the first word without the article.
        """
        heads = languages.get(lang).definite_org_heads
        text, n = ct.text, len(toks)
        for i in range(n - 1):
            if taken[i]:
                continue
            head = next((v for v in variants(toks[i].low, lang) if v in heads), None)
            if head is None:
                continue
            k = i + 1
            while k < n and not taken[k] and toks[k].low.startswith("ال") and toks[k].text.isalpha() \
                    and not _BREAK.search(text[toks[k - 1].end : toks[k].start]):
                k += 1
            if k == i + 1:
                continue
            words = [original[slice(*ct.span(t.start, t.end))] for t in toks[i:k]]
            cut = len(toks[i].low) - len(head)  # the clitic's letters, the same in the source
            found.append((i, k, "ORG", " ".join([words[0][cut:], *words[1:]]), "head", None))
            for x in range(i, k):
                taken[x] = True

    @staticmethod
    def _name_word(toks, k: int, text: str, stop) -> bool:
        """Whether word ``k`` may go on the name before it: same clause, no function word, no article."""
        t = toks[k]
        return not _BREAK.search(text[toks[k - 1].end : t.start]) and t.low not in stop and t.text.isalpha() \
            and len(t.text) >= 3 and not t.low.startswith(_WITH_ARTICLE)

    def _find_titled_persons(self, toks, text, lang, found, taken, after_place_only: bool = False) -> None:
        """Names after a title; ``after_place_only`` (beside a model): only "title + place + name".

        Beside a model a title followed directly by words is what the model
        has judged already (measured on ANERcorp: PER precision 70.3 -> 65.7
        when every title opens a name there); the place between is what
        hides the name from it ("رئيس وزراء أرمينيا نيكول باشينيان").
        """
        before, after = _title_index(lang)
        places = {k for f in found if f[2] == "LOC" for k in range(f[0], f[1])} if after_place_only else None
        i = 0
        while i < len(toks):
            j = _match_trie(before, toks, i, lang, text) if before else -1
            # "رئيس وزراء أرمينيا نيكول باشينيان", "President of Kyrgyzstan Sadyr
            # Japarov": a place already recognised may sit between title and name.
            skipped = 0
            while 0 <= j < len(toks) and taken[j] and skipped < 3 and not _BREAK.search(text[toks[j - 1].end : toks[j].start]) \
                    and (places is None or j in places):
                j, skipped = j + 1, skipped + 1
            if j < 0 or j >= len(toks) or taken[j] or _BREAK.search(text[toks[j - 1].end : toks[j].start]) \
                    or (places is not None and not skipped):
                i += 1
                continue
            k = self._name_run(toks, j, text, lang, taken, before)
            if k == j + 1 and is_cased(toks[j]) and not self._surname_like(toks[j], lang):
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
        cased = is_cased(toks[j])
        k = j
        while k < len(toks) and k - j < limit and not taken[k]:
            t = toks[k]
            if k > j and _BREAK.search(text[toks[k - 1].end : t.start]):
                break
            if t.low in stop or t.text.isdigit() or (titles and _match_trie(titles, toks, k, lang, text) > 0):
                break
            if cased:
                if not is_upper_initial(t) or is_cased(t) != cased:
                    break
            elif t.low.startswith(_WITH_ARTICLE) or (k == j and t.low.startswith("و")) or light_verb_follows(toks, k + 1, lang):
                # The article marks common nouns and adjectives, not names;
                # a leading "و" is the conjunction on a verb; a noun before
                # "کرد" is half of a compound verb ("تصریح کرد", stated).
                break
            elif k > j and languages.get(lang).script == "Arab" and zipf_of(t.text, lang) >= TITLED_NAME_MAX_ZIPF \
                    and t.low not in arabic_surnames() and t.low not in lexicon.given_names("Arab"):
                if k - j < 2 or not _given_names_only(toks, j, k):
                    break  # "آقای خاتمی نقش ...": a word as common as prose after the name is the sentence's
                # "سخنگو علی‌اکبر جهانی گفت": after two given names (or a
                # compound one) the common word is the surname (Persian ones
                # often are words) and closes the name; after one it is as
                # often the sentence's ("مشرف مرد ...").
                k += 1
                break
            k += 1
            if cased and self._surname_like(t, lang):
                break  # given name(s) then surname: the surname closes the name
            if not cased and t.low in arabic_surnames() and not (k < len(toks) and toks[k].low in arabic_surnames()) \
                    and not (k - 2 >= j and toks[k - 2].low + t.low in lexicon.given_names("Arab")):
                break  # "آقای خاتمی برشمرد": a listed surname closes the name, unless another follows
        if not cased and (k - j == 1 and len(toks[j].text) < 4 or k > j and all_common(toks[j:k], lang)):
            return j
        if not cased and k - j == 1 and languages.get(lang).script == "Arab" and zipf_of(toks[j].text, lang) >= SURNAME_MAX_ZIPF \
                and toks[j].low not in arabic_surnames() and toks[j].low not in lexicon.given_names("Arab"):
            # "رئیس‌جمهور سابق" (former), "رهبر معظم": one word after a title
            # as common as prose, no listed name, is the title's (Arman fold-1
            # train: 81 such spans wrong, 10 right).
            return j
        return k

    def _find_headed_orgs(self, toks, ct: CleanText, original: str, lang, found, taken) -> None:
        """"سازمان انرژی اتمی ایران", "وزارت فرهنگ": a head noun, then the words of its name.

        The name runs until punctuation, a function word, or the noun of a
        light verb ("سازمان ملل اعلام کرد": "اعلام" belongs to "کرد"); a place
        inside it ("دانشگاه تهران") becomes part of the organisation.
        """
        heads = lexicon.org_heads(lang)
        if not heads:
            return
        stop = lexicon.stopwords(lang)
        text, n = ct.text, len(toks)
        for i in range(n - 1):
            if taken[i] or toks[i].low not in heads or i > 0 and toks[i - 1].low in languages.get(lang).demonstratives:
                continue
            # "شرکت‌کنندگان" (participants) is one word: the head must stand
            # alone, which only the original shows (cleaning makes ZWNJ a space).
            if "\u200c" in original[ct.span(toks[i].start, toks[i].end)[1] : ct.span(toks[i + 1].start, toks[i + 1].end)[0]]:
                continue
            k = i + 1
            while k < n and k - i < 7 and not _BREAK.search(text[toks[k - 1].end : toks[k].start]):
                t = toks[k]
                if t.low == "و" and k + 1 < n and k > i + 1 and not taken[k + 1] and toks[k + 1].low not in stop:
                    k += 1  # "وزارت فرهنگ و ارشاد اسلامی"
                    continue
                if t.low in stop or t.low in heads or not t.text.isalpha() or light_verb_follows(toks, k + 1, lang):
                    break
                if taken[k]:
                    place = next((f for f in found if f[0] == k and f[2] == "LOC"), None)
                    if place is not None:
                        # "شرکت دوو کره جنوبی", "دولت آمریکا": the place, all of
                        # it, closes the name (Persian names its seat last).
                        k = place[1]
                    break
                k += 1
            if toks[k - 1].low == "و":
                k -= 1
            if k == i + 1:
                continue
            # A place that opens at k' inside the name is part of it now.
            found[:] = [f for f in found if not (i < f[0] < k)]
            found.append((i, k, "ORG", "", "head", None))
            for x in range(i, k):
                taken[x] = True

    def _find_given_names(self, toks, text, lang, found, taken) -> None:
        """Known given name(s), then the surname: "Tiffany Ng", "Владимира Путина", "مهدی کروبی".

        In cased scripts the surname is the capitalised word(s) after the
        given name.  Arabic script has no capitals: there the surname is one
        word rarer than prose ("محمد گفت" is no name) and no stopword.
        """
        stop = lexicon.stopwords(lang)
        script = languages.get(lang).script
        cased_script = script != "Arab"
        given = lexicon.given_names(script)
        if not given:
            return
        towns = {f[0] for f in found if f[1] == f[0] + 1 and f[2] == "LOC" and (f[5] or "").startswith("geonames:")} if cased_script else set()
        i, n = 0, len(toks)
        while i < n:
            k = i
            while k < n and k - i < 3 and not taken[k] and (k == i or not _BREAK.search(text[toks[k - 1].end : toks[k].start])) \
                    and (not cased_script or (is_upper_initial(toks[k]) and not toks[k].text.isupper())) \
                    and given_name(toks[k].low, given, conjunction=k == i, inflect_lang=lang if cased_script else None):
                k += 1
                if _SUFFIX.search(toks[k - 1].text):
                    break  # "Thomas Bjorn's European side": an ending closes the name
            if k == i:
                i += 1
                continue
            if k - i >= 2 and (k == n or (cased_script and not is_upper_initial(toks[k])) or _SUFFIX.search(toks[k - 1].text)):
                k -= 1  # "Lindsey Graham": the last of the given names is the surname
            end = k
            while end < n and end - k < 2 and (not taken[end] or end in towns) and not _BREAK.search(text[toks[end - 1].end : toks[end].start]) \
                    and toks[end].low not in stop and _SUFFIX.split(toks[end].text)[0].isalpha() and len(toks[end].text) >= 2 \
                    and (is_upper_initial(toks[end]) if cased_script else zipf_of(toks[end].text, lang) < _surname_max_zipf(toks[i], toks[end], lang)):
                end += 1
                if not cased_script or _SUFFIX.search(toks[end - 1].text):
                    # One surname word: without capitals nothing marks where a longer one
                    # ends; "Bjorn's", Turkish "Black'e" (a case ending) end it.
                    break
            if end < n and toks[end].low in PLACE_NOUNS or any(t.low in PLACE_NOUNS for t in toks[k:end]):
                end = k  # "John Street", "Tony Macaroni Arena": a place named after a person
            if end == k:
                i = k
                continue
            # A surname that is also a town's name ("John Kennedy", "Анны Ивановой") is the surname here.
            found[:] = [f for f in found if not (f[0] in towns and i <= f[0] < end)]
            found.append((i, end, "PER", "", "given", None))
            for x in range(i, end):
                taken[x] = True
            i = end

    def _find_name_shapes(self, toks, text, lang, found, taken) -> None:
        i = 0
        while i < len(toks):
            t = toks[i]
            if taken[i] or not is_cased(t) or not is_upper_initial(t) or t.text.isupper():
                i += 1
                continue
            k = self._name_run(toks, i, text, lang, taken, None)
            # Russian and Ukrainian capitalise only the first word of other
            # names ("Белый дом", "Государственная дума"), so two capitalised
            # words inside a sentence are a person ("Дэниел Старридж").
            two_capitals = languages.get(lang).capitalises_first_word_only and k - i >= 2 and i > 0 and not SENTENCE_GAP.search(text[toks[i - 1].end : t.start])
            if k > i and (two_capitals or any(self._surname_like(x, lang) for x in toks[i:k])):
                found.append((i, k, "PER", "", "shape", None))
                for x in range(i, k):
                    taken[x] = True
            i = max(k, i + 1)

    @staticmethod
    def _surname_like(tok: Token, lang: str) -> bool:
        ends = turkic.SURNAME_ENDINGS_LAT if tok.text.isascii() else turkic.SURNAME_ENDINGS_CYR
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
                if source == "quoted":
                    # The noun after the quotes takes the case ending: the name is as written.
                    base = " ".join(words)
                elif source == "model":
                    # Turkic case endings go on the last word of a name only;
                    # cutting the others breaks "Қазақстан Республикасы".
                    base = " ".join(words[:-1] + [person_base(words[-1], lang=article.lang)])
                else:
                    base = " ".join(person_base(w, lang=article.lang) for w in words)
                nominative = languages.get(article.lang).person_nominative if etype == "PER" else None
                if nominative and all(w.isalpha() for w in base.split()):
                    # The id and name of a new person come from the base form: never an oblique case.
                    base = " ".join(nominative(base.split()) or base.split())
            out.append(Mention(fname, s, e, original[s:e], etype, base=base, entity_id=eid, source=source))
        return out

    def _propagate(self, article: Article, per_field, lang: str) -> None:
        """Find again, everywhere in the article, the words of names found once."""
        known: dict[str, tuple[str, str | None, str]] = {}  # folded word -> (type, id, base)
        for _, _, ms in per_field.values():
            for m in ms:
                if m.type == "PER" and m.base:
                    last = m.base.split()[-1]
                    if len(last) >= 4 and (CASED.match(last) or zipf_of(last, lang) < PROPAGATE_MAX_ZIPF):
                        # Matching form: the tokens are folded ("باشينيان" is "باشینیان" there).
                        known.setdefault(fold(last), ("PER", None, last))
        if not known:
            return
        for fname, (ct, toks, ms) in per_field.items():
            original = article.field(fname)
            covered = bytearray(len(original) + 1)  # 1 where a mention already is
            for m in ms:
                covered[m.start : m.end] = b"\1" * (m.end - m.start)
            for n, t in enumerate(toks):
                if is_cased(t) and not is_upper_initial(t):
                    continue
                hit = next((known[v] for v in variants(t.low, lang) if v in known), None)
                if not hit:
                    continue
                s, e = ct.span(t.start, t.end)
                if covered.find(1, s, e) == -1:
                    base = hit[2]
                    given = self._given_before(toks, n, ct, lang) if n and t.text.isascii() else None
                    if given is not None and covered.find(1, *ct.span(given.start, given.end)) == -1:
                        # "Bill Clinton ... Hillary Clinton": the word before the
                        # surname is another person's given name, not noise.
                        s = ct.span(given.start, given.end)[0]
                        base = f"{original[slice(*ct.span(given.start, given.end))]} {hit[2]}"
                    ms.append(Mention(fname, s, e, original[s:e], hit[0], base=base, entity_id=hit[1], source="propagated"))
                    covered[s:e] = b"\1" * (e - s)


    def _find_transliterated_towns(self, article: Article, per_field, lang: str) -> None:
        """On the rules path (no model to find places), a lone capitalised word that is a town of a country the article names.

        "у Кройдоні" (Croydon), "міста Палу" (Palu): GeoNames lists most towns
        by their Latin name only, and Cyrillic spells that name letter for
        letter.  Only a single capitalised word after a preposition or place
        noun of the language (``Language.place_before``), whose key (or, for
        short keys, romanisation) is a town's in a country already named in
        the article.
        """
        from ..translit import name_key
        from .gazetteer import transliterated_places_all, transliterated_short_places

        mentions = [m for _, _, ms in per_field.values() for m in ms]
        country_of = self.gazetteer.country_of
        countries = {eid.split(":", 1)[1] for m in mentions if (eid := m.entity_id or "").startswith("country:")}
        countries |= {country_of[m.entity_id] for m in mentions if m.entity_id in country_of}
        if not countries:
            return
        stop, before = lexicon.stopwords(lang), languages.get(lang).place_before
        index, short = transliterated_places_all(), transliterated_short_places()
        for fname, (ct, toks, ms) in per_field.items():
            original = article.field(fname)
            covered = bytearray(len(original) + 1)
            for m in ms:
                covered[m.start : m.end] = b"\1" * (m.end - m.start)
            for n in range(1, len(toks) - 1):
                t, prev, nxt = toks[n], toks[n - 1], toks[n + 1]
                if not is_upper_initial(t) or t.text.isupper() or not t.text.isalpha() or len(t.text) < 4 \
                        or not _CYRILLIC.search(t.text) or t.low in stop or prev.low not in before or is_upper_initial(nxt) \
                        or SENTENCE_GAP.search(ct.text[prev.end : t.start]):
                    continue
                s, e = ct.span(t.start, t.end)
                if covered.find(1, s, e) != -1:
                    continue
                forms = variants(t.low, lang)
                # Without a model's word that this is a place, the vowels must agree
                # too ("Верховному", supreme, has Fairhaven's key, not its letters);
                # the form spelt most like the town is its base ("Кройдоні" -> "Кройдон").
                found_here = [(_spelling_ratio(v, h.name), -k, v, h) for k, v in enumerate((*forms[1:], forms[0]))
                              for h in (*index.get(name_key(v), ()), *short.get(name_key(v), ()))
                              if country_of.get(h.entity_id) in countries and _spelt_alike(v, h.name)]
                best = max(found_here, key=lambda x: x[:2], default=None)
                if best is not None:
                    _, _, v, hit = best
                    ms.append(Mention(fname, s, e, original[s:e], "LOC", base=v[:1].upper() + v[1:], entity_id=hit.entity_id,
                                      source="translit"))
                    covered[s:e] = b"\1" * (e - s)

    def _given_before(self, toks, n: int, ct: CleanText, lang: str) -> Token | None:
        """The capitalised word right before a propagated Latin-script surname when it reads as a given name.

        A listed given name, or a word that is neither common (wordfreq),
        a title, a function word nor a listed place: "Hillary" before "Clinton".
        """
        prev = toks[n - 1]
        if not is_upper_initial(prev) or prev.text.isupper() or not prev.text.isalpha() or not prev.text.isascii() \
                or ct.text[prev.end : toks[n].start] != " " or prev.low in lexicon.stopwords(lang):
            return None
        if prev.low in given_names_anywhere("Latn"):
            return prev
        before, _ = _title_index(lang)
        if (before and _match_trie(before, toks, n - 1, lang, ct.text) > 0) or self.gazetteer.root.get(prev.low, {}).get("\0") \
                or latin_zipf(prev.low, lang) >= GIVEN_BEFORE_SURNAME_MAX_ZIPF:
            return None
        return prev


# A word before a known surname as common as "Democrat" (4.2) or "Hillary"
# (4.3) may be a given name; "Senator" (4.6), "German" or "Former" are not.
GIVEN_BEFORE_SURNAME_MAX_ZIPF = 4.5
def _before_title(sp: Span, toks: list[Token], i: int, lang: str) -> Span:
    """A model person span in a script without capitals, cut before a title inside it.

    "حمد بن عيسى آل خليفة ملك البحرين" (... king of Bahrain): a title after
    the name is apposition, not the name's; a title that is also a given
    name ("أمير") stays.
    """
    before, after = _title_index(lang)
    given = lexicon.given_names("Arab")
    for k in range(i + 1, len(toks)):
        if toks[k].end > sp.end:
            break
        if toks[k].low not in given and any(t and _match_trie(t, toks, k, lang, "") > k for t in (before, after)):
            return Span(sp.start, toks[k - 1].end, "PER")
    return sp


@lru_cache(maxsize=1)
def _arabic_name_words() -> frozenset[str]:
    """Given names, listed surnames and the transliteration pairs' name words, Arabic script (45,000 words: built once)."""
    return frozenset(lexicon.given_names("Arab") | arabic_surnames() | lexicon.person_words("Arab"))


def _conjoined_people(sp: Span, toks: list[Token], i: int) -> list[Span]:
    """"بوش وبلير" (Bush and Blair), "الحسن والحسين": a model person span cut before "و" + a name word.

    The word after the conjunction must be a known name word (a given name,
    a listed surname, a word of the transliteration pairs' names) while the
    word as written is no given name ("وليد", Walid, is one).
    """
    given = lexicon.given_names("Arab")
    names = _arabic_name_words()
    j = i
    while j < len(toks) and toks[j].end <= sp.end:
        j += 1
    for k in range(i + 1, j):
        low = toks[k].low
        if len(low) > 3 and low.startswith("و") and low not in given and low[1:] in names:
            return [Span(sp.start, toks[k - 1].end, "PER"), *_conjoined_people(Span(toks[k].start, sp.end, "PER"), toks, k)]
    return [sp]


def _drop_word_parts(found, taken, toks: list[Token], ct: CleanText, original: str, lang: str) -> None:
    """One-word gazetteer places that are part of a common ZWNJ-joined word are no places.

    "گفت‌وگو" (talk) is not "وگو", "بن‌بست" (dead end) not Bonn: cleaning
    makes the ZWNJ a space, so only the original shows the parts are one
    word.  "دهلی‌نو" (New Delhi), rare as a word, keeps its place.
    """
    def whole(k: int) -> str:  # tokens k and k + 1 as written, when a ZWNJ joins them
        a, b = ct.span(toks[k].start, toks[k].end)[0], ct.span(toks[k + 1].start, toks[k + 1].end)[1]
        word = original[a:b]
        return word if "\u200c" in word and " " not in word else ""

    keep = []
    for f in found:
        i, j = f[0], f[1]
        if f[4] == "gazetteer" and j == i + 1 and any(
                w and zipf_of(w, lang) >= ZWNJ_WORD_MIN_ZIPF
                for w in (whole(i - 1) if i > 0 else "", whole(i) if j < len(toks) else "")):
            taken[i] = False
        else:
            keep.append(f)
    found[:] = keep


def _surname_max_zipf(given: Token, surname: Token, lang: str) -> float:
    """How common a word may be to be the surname after ``given``, without capitals.

    A given name that is a common word ("جان", soul, and John; "تیم", team,
    and Tim; "کمال", perfection) opens a name only before a rarer surname
    or a listed one: "جان سپرد" (died) is no person.
    """
    if zipf_of(given.text, lang) < COMMON_GIVEN_ZIPF or surname.low in arabic_surnames():
        return SURNAME_MAX_ZIPF
    return SURNAME_AFTER_COMMON_GIVEN_MAX_ZIPF


# Measured on ArmanPersoNER fold-1 train (given-name rule spans): with the
# given name this common (zipf) and the surname at least 4.0 and unlisted,
# 56 wrong spans and 11 right ones.
COMMON_GIVEN_ZIPF = 4.5
SURNAME_AFTER_COMMON_GIVEN_MAX_ZIPF = 4.0


def _given_names_only(toks: list[Token], j: int, k: int) -> bool:
    """Whether words ``j:k`` are given names, a compound's halves counted ("علی اکبر" as "علیاکبر")."""
    given = lexicon.given_names("Arab")
    n = j
    while n < k:
        if n + 1 < k and toks[n].low + toks[n + 1].low in given:
            n += 2
        elif toks[n].low in given:
            n += 1
        else:
            return False
    return k > j


# Past its first word, a word after a title this common (zipf) ends the name
# unless people bear it: "نقش" (role) 5.5, "حدود" 5.4; "شجریان" 4.5.
TITLED_NAME_MAX_ZIPF = 4.5
# A ZWNJ-joined word this common in the language is a word, not its parts' names.
ZWNJ_WORD_MIN_ZIPF = 3.0


def _person_out_of_org(spans: list[Span], toks: list[Token], lang: str) -> list[Span]:
    """"المحكمة العليا بريت كافانو" (Supreme Court [nominee] Brett Kavanaugh): the organisation, then a person.

    Arabic organisations' names end in words with the article (the
    adjectives of "الحزب الديمقراطي"); rare words without it after them are
    a name the model ran on into.
    """
    by_start = {t.start: n for n, t in enumerate(toks)}
    by_end = {t.end: n for n, t in enumerate(toks)}
    out = []
    for sp in spans:
        i, j = by_start.get(sp.start), by_end.get(sp.end)
        if sp.type == "ORG" and i is not None and j is not None and j - i >= 2:
            p = i
            while p <= j and toks[p].low.startswith(_WITH_ARTICLE):
                p += 1
            rest = toks[p : j + 1]
            if i < p and len(rest) >= 2 and all(not t.low.startswith(_WITH_ARTICLE) and t.text.isalpha()
                                                and zipf_of(t.text, lang) < SURNAME_MAX_ZIPF for t in rest):
                out.append(Span(sp.start, toks[p - 1].end, "ORG"))
                out.append(Span(toks[p].start, sp.end, "PER"))
                continue
        out.append(sp)
    return out


@lru_cache(maxsize=1)
def _surname_words_arab() -> frozenset[str]:
    """Listed people's last words and the names known abroad: a union of thousands, made once, not twice a field."""
    return listed_surnames() | lexicon.name_words("Arab")


def _with_surname(spans: list[Span], toks: list[Token], found, lang: str, written, text: str) -> list[Span]:
    """Model persons run on over the surname the model left out: "دونالد ترامب", "جوكو ويدودو".

    The Arabic-script models stop before a surname they never saw in
    training (ANERcorp predates Trump; "ويدودو" reads as "و" + a word).  In a
    script without capitals the next word is the surname when it is rarer
    than prose (as :meth:`Recognizer._find_given_names` reads one) or a
    listed person's last name, with no punctuation, article, function word,
    title or other name in between.
    """
    stop = lexicon.stopwords(lang)
    before, _ = _title_index(lang)
    by_start = {t.start: n for n, t in enumerate(toks)}
    by_end = {t.end: n for n, t in enumerate(toks)}
    occupied = set()
    for f in found:
        occupied.update(range(f[0], f[1]))
    for sp in spans:
        i, j = by_start.get(sp.start), by_end.get(sp.end)
        if i is not None and j is not None:
            occupied.update(range(i, j + 1))
    surnames = _surname_words_arab()
    given = lexicon.given_names("Arab")
    out = []
    for sp in spans:
        j = by_end.get(sp.end)
        k = j + 1 if j is not None else len(toks)
        # One word only: a longer model name is mostly whole (on ANERcorp folds,
        # running every model name on cost PER F1 59.4 -> 50.7).
        if sp.type == "PER" and k < len(toks) and by_start.get(sp.start) == j and k not in occupied and not is_cased(toks[k]) \
                and not _BREAK.search(text[toks[k - 1].end : toks[k].start]) \
                and _surname_word(toks, k, lang, stop, before, surnames, written, toks[j].low in given):
            sp = Span(sp.start, toks[k].end, sp.type)
            occupied.add(k)
        out.append(sp)
    return out


# A word this rare (wordfreq zipf, as written and without a leading "و") is
# a foreign name more often than an Arabic or Persian word: "ويدودو" 2.2.
FOREIGN_MAX_ZIPF = 2.5


def _surname_word(toks: list[Token], k: int, lang: str, stop, titles, surnames, written, after_given: bool) -> bool:
    """Whether word ``k`` is the surname of the one-word name before it: a listed one, rare after a given name, or foreign-rare."""
    t = toks[k]
    if t.low in stop or not t.text.isalpha() or len(t.text) < 3 or t.low.startswith(_WITH_ARTICLE):
        return False
    if (titles and _match_trie(titles, toks, k, lang, "") > 0) or light_verb_follows(toks, k + 1, lang):
        return False
    if any(v in surnames for v in variants(t.low, lang)):
        return True
    # "ويدودو" (Widodo) opens with the letter of "و" (and): the word without it must be rare too ("وقال", and said).
    bare = t.low[1:] if t.low.startswith("و") and len(t.low) > 3 else None
    zipf = max(_written_zipf(written(t), lang), zipf_of(bare, lang) if bare else 0.0)
    return zipf < (SURNAME_MAX_ZIPF if after_given else FOREIGN_MAX_ZIPF)


def _link_solid_names(mentions: list[Mention], gazetteer, lang: str) -> None:
    """Model places of two words or more that the lists know written solid: "نور سلطان" is "نورسلطان" (Nur-Sultan).

    Arabic-script names of foreign places are written with and without the
    space between their parts; GeoNames often lists one spelling only.
    """
    for m in mentions:
        if m.type == "LOC" and not m.entity_id and m.source == "model" and " " in m.text:
            entry = gazetteer.lookup(m.text.replace(" ", ""), lang)
            if entry is not None and entry.type == m.type:
                m.entity_id = entry.entity_id


def _link_transliterated_places(mentions: list[Mention], lang: str, country_of: dict[str, str]) -> None:
    """Places the model found that the lists lack in this script, linked by their Latin name's key.

    GeoNames gives Arabic-script names for the largest cities only; "كريدون"
    (Croydon), "وفيتشي" (and Vichy) are found by the transliteration key,
    clitics off the first word.  Keys of regions collide with towns far
    away ("كتالونيا" and Kutloanong, "فلوريدا" and Floridia), so the town's
    country must be named in the article too, or the town be a large city.
    """
    from ..translit import name_key
    from .gazetteer import transliterated_places, transliterated_places_all, transliterated_short_places

    todo = [m for m in mentions if m.type == "LOC" and not m.entity_id and m.source == "model"
            and (_ARABIC_SCRIPT.search(m.base or m.text) or _CYRILLIC.search(m.base or m.text))]
    if not todo:
        return
    index = transliterated_places()
    countries = {eid.split(":", 1)[1] for m in mentions if (eid := m.entity_id or "").startswith("country:")}
    countries |= {country_of[m.entity_id] for m in mentions if m.entity_id in country_of}
    for m in todo:
        words = (m.base or m.text).split()
        cyrillic = bool(_CYRILLIC.search(m.base or m.text))
        # Cyrillic: case endings go on the last word ("Рушдене"), Arabic clitics on the first.
        forms = [[*words[:-1], v] for v in variants(fold(words[-1]).casefold(), lang)] if cyrillic \
            else [[v, *words[1:]] for v in variants(fold(words[0]), lang)]
        for form in forms:
            key = name_key(" ".join(form))
            if cyrillic:
                # Cyrillic spells a name letter for letter: a key too short to
                # trust alone ("Палу", Palu) counts where the spelling agrees too.
                hits = tuple(h for h in (*transliterated_places_all().get(key, ()), *transliterated_short_places().get(key, ()))
                             if _spelt_alike(" ".join(form), h.name))
            else:
                # Arabic writes a Latin g as ج as often as غ ("جلاسكو", Glasgow): J may be K.
                hits = (index.get(key), index.get(tuple(k.replace("J", "K") for k in key)))
            hit = next((h for h in hits if h is not None and (country_of.get(h.entity_id) in countries
                                                              or h.population >= TRANSLIT_ALONE_POPULATION)), None)
            if hit is not None:
                m.entity_id = hit.entity_id
                break


def _lone_zipf(word: str, lang: str) -> float:
    """How common a word is, as written or, without a plural ending, as its singular ("معاونان" -> "معاون")."""
    zipf = _written_zipf(word, lang)
    for suffix in languages.get(lang).plural_suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            zipf = max(zipf, _written_zipf(word[: -len(suffix)].rstrip("\u200c"), lang))
    return zipf


def _written_zipf(word: str, lang: str) -> float:
    """How common a word is as written in the source: clean text folds "آمنة" to "امنه", which wordfreq barely knows."""
    return max(zipf_of(w, lang) for w in {word, fold(word)})


def person_base(word: str, lang: str | None = None) -> str:
    """Strip one case ending from a capitalised name word ("Тоқаевтың" -> "Тоқаев")."""
    if not any("\u0400" <= c <= "\u04ff" for c in word) or lang in ("ru", "uk", "be"):
        if "'" in word or "’" in word:
            return re.split(r"['’]", word)[0]
        return word
    if "-" in word and word.rsplit("-", 1)[1].islower() and len(word.rsplit("-", 1)[1]) <= 4:
        return word.rsplit("-", 1)[0]
    low = word.casefold()
    for suf in turkic.PERSON_CASE_ENDINGS:
        if low.endswith(suf) and len(word) - len(suf) >= 4:
            stem = word[: -len(suf)]
            return stem
    return word


@lru_cache(maxsize=1)
def default_recognizer() -> Recognizer:
    return Recognizer()
