"""The knowledge base: one entry per real-world entity, with every name seen.

Gazetteer mentions arrive already identified (``country:KZ``, ``org:csto``).
Other names are linked here by their script-independent key (see
:mod:`newsloom.translit`): a person is matched on the skeleton of the surname
and must not contradict on the given names, so "Қасым-Жомарт Тоқаев",
"قاسم جومارت توقاييف" and a bare "تاکایف" meet, while two people who only
share a surname and have different given names stay apart.

Skeletons of one name written by different scripts do not always agree: a
Latin "w" has no letter of its own ("Widodo" / "Видодо" / "ويدودو"), Arabic
has no /g/, English spelling is opaque ("Kavanaugh" / "Кавано").  So a
surname that is *near* a known one by a script-aware edit cost (see
:func:`newsloom.translit.key_cost`) is accepted only with confirmation: the
given names agree, or the entity's usual company (the entities it has been
mentioned with) is in this article too.  Short keys collide, so even an
exact one needs such confirmation.

Recognised spans are not always clean: Russian and Kazakh decline names
("Пашиняном", "Риком Перри"), Arabic glues prepositions on ("لترامب"), and a
span may carry a word too many ("جوكو ويدودو بزيارة" = "Joko Widodo on a
visit"); the forms the knowledge base already knows are preferred to the
form as written.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .entities.affixes import variants
from .langid import detect_script
from .model import Article, Mention
from .normalize import fold
from .translit import deletions, key_cost, name_key, romanize, skeleton, slug

# Script-aware edit cost (translit.key_cost) up to which two surname
# skeletons may be one name at all; what else must agree depends on the cost.
NEAR_SURNAME = 1.0
# Below this the difference is one of the confusions scripts are known for
# (v/w, g/j, t/d); above it the spelling differs for real.
CHEAP_SURNAME = 0.5
# Given names are compared by the same cost; one confusion still agrees.
NEAR_GIVEN = 0.5
# Shared company (ids of other entities in the same articles) that confirms a
# cheaply near surname without given names to compare; a costlier one
# ("Kavanaugh" / "Кавано") needs agreeing given names and some company.
CONTEXT_CONFIRM = 2
# Company that is everywhere ("United States" in US news) tells nothing: ids
# linked in more than this share of the articles seen are left out of it.
COMMON_COMPANY = 0.05
CONTEXT_KEEP = 50  # company remembered per entity: the most frequent ones
# A person named this often is well known: one entity in common is enough
# company to recognise the surname at the start of an over-long span.
ESTABLISHED = 5
# A person named in this many articles is well known: a bare surname with no
# full name in its article may still be them (when no one else has it).
FAMOUS_ARTICLES = 3
# Among several people with the surname, the bare surname is the one named
# this many times as often as any other, or none of them.
FAMOUS_OVER_OTHERS = 3
# Surname skeletons this short match too many words and names to be taken on
# their own: they need an agreeing given name, shared company or the very
# same spelling.
SHORT_KEY = 2
# An Arabic-script place the lists lack in that script ("بالو", Palu;
# "ويلينغ", Wheeling) is a place of the knowledge base with its key, when
# the key has this many letters and the place has been named in two
# articles or its country is named here too; a shorter key ("BL": Palu and
# Pula; "BS": Ipswich and "بوتس") needs both.
PLACE_KEY_ALONE = 4
_NAME_SPLIT = re.compile(r"[\s\-‐–]+")  # as translit.name_key splits


@dataclass
class KBEntity:
    id: str
    type: str
    name: str
    # (lang, script, name) -> times seen
    names: Counter = field(default_factory=Counter)
    given: set[str] = field(default_factory=set)  # skeletons of given names seen
    dirty: bool = True
    # ids of the entities this one has been mentioned with, and how often;
    context: Counter = field(default_factory=Counter)
    # The surname keys and spellings the indexes file this entity under, so
    # the store can restore the indexes exactly (see store.save_entities).
    surnames: set[str] = field(default_factory=set)
    spellings: set[str] = field(default_factory=set)

    def add_name(self, name: str, lang: str | None) -> None:
        self.names[(lang or "und", _script_of(name), name)] += 1
        self.dirty = True


@dataclass
class LinkDecision:
    same: bool
    reasons: list[str]


@dataclass
class _Person:
    """One person name of an article, split into given names and surname keys."""

    mentions: list[Mention]
    words: list[str]  # the name's words as written (base forms)
    keys: tuple[str, ...]  # their skeletons
    surname: str
    given: set[str]


_script_of = lru_cache(maxsize=100_000)(detect_script)


def _last_of_conjoined(words: list[str], lang: str | None) -> list[str]:
    """The name nearest its surname in "Bill and Hillary Clinton": two people who share it, not one with two given names.

    Only a lone capitalised word, a lower-case function word of the language,
    then given name and surname: "Duke of Edinburgh" stays whole.
    """
    from . import lexicon

    if len(words) >= 4 and words[1][:1].islower() and words[0][:1].isupper() and words[2][:1].isupper() \
            and words[1].casefold() in lexicon.stopwords(lang or "und"):
        return words[2:]
    return words


def _is_arabic_given_name(word: str) -> bool:
    from . import lexicon

    return _script_of(word) == "Arab" and fold(word) in lexicon.given_names("Arab")


def _spelling(word: str) -> str:
    return fold(word).casefold()


@dataclass
class _Candidate:
    eid: str
    cost: float  # script-aware edit cost between the surname keys
    agree: int  # given names that agree
    shared: int  # co-occurring entities in common
    seen: int  # how often the entity has been named
    why: str
    spelled: bool = False  # the surname is written exactly as the entity's


def _agreeing(a: set[str], b: set[str]) -> int:
    """How many of the given names ``a`` agree with one of ``b``."""
    return sum(1 for x in a if x in b or _given_agree({x}, b)) if a and b else 0


def _given_agree(a: set[str], b: set[str]) -> bool:
    if a & b:
        return True
    # Two-letter keys are one substitution from many others ("Jim" JM, "Juan"
    # JN): for them only the v/w confusion counts.
    return any(key_cost(x, y) <= (NEAR_GIVEN if min(len(x), len(y)) >= 3 else 0.3) for x in a for y in b)


@dataclass
class _KnownPeople:
    """The shipped politicians, indexed once per process as a knowledge base indexes people."""

    entities: dict[str, KBEntity]
    by_surname: dict[tuple[str, str], set[str]]
    near: dict[str, set[str]]
    spellings: dict[str, set[str]]
    # id -> (script, given names as spelt, skeletons of all words) per listed name
    forms: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]]


@lru_cache(maxsize=1)
def _known_people() -> _KnownPeople:
    from .startup_cache import cached

    return cached("known_people", _build_known_people)


def _build_known_people() -> _KnownPeople:
    from .known_people import politicians

    known = _KnownPeople({}, defaultdict(set), defaultdict(set), defaultdict(set), defaultdict(list))
    for qid, cells in politicians():
        ent = KBEntity(f"per:{qid}", "PER", dict(cells).get("en", cells[0][1]), dirty=False)
        for lang, name in cells:
            key = name_key(name)
            if len(key) < 2:
                continue
            script = detect_script(name)
            ent.names[(lang, script, name)] = 0  # known, not yet seen in an article
            known.forms[ent.id].append((script, tuple(_spelling(w) for w in _NAME_SPLIT.split(name)[:-1]), key))
            ent.given.update(key[:-1])
            if not known.by_surname[("PER", key[-1])]:
                for d in deletions(key[-1]):
                    known.near[d].add(key[-1])
            known.by_surname[("PER", key[-1])].add(ent.id)
            known.spellings[_spelling(_NAME_SPLIT.split(name)[-1])].add(ent.id)
        if ent.names:
            known.entities[ent.id] = ent
    return known


_NO_KNOWN_PEOPLE = _KnownPeople({}, {}, {}, {}, {})


class KnowledgeBase:
    def __init__(self, known_people: bool = True) -> None:
        self.entities: dict[str, KBEntity] = {}
        # People known before any article (``known_people``), keyed by their
        # Wikidata id; one joins ``entities`` when an article names it.
        # Their indexes are shared by every knowledge base of the process and
        # only read: lookups consult them next to this knowledge base's own.
        self._k = _known_people() if known_people else _NO_KNOWN_PEOPLE
        self._known, self._known_forms = self._k.entities, self._k.forms
        self._by_surname: dict[tuple[str, str], set[str]] = defaultdict(set)
        # surname skeleton with one letter deleted -> surnames: finds every
        # surname within two edits without comparing against all of them.
        self._near: dict[str, set[str]] = defaultdict(set)
        # Skeletons of one-word place names seen: such a word before a surname
        # is where the person is from, not a given name.
        self._place_keys: set[str] = set()
        # Key of a listed place's name (any script) -> the ids named so.
        self._places_by_key: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._given_keys: set[str] = set()  # skeletons of every given name seen
        self._spellings: dict[str, set[str]] = defaultdict(set)  # surname as written -> people
        self._df: Counter = Counter()  # entity id -> articles it was linked in (this process)
        # creation order: on a tie the older entity wins, whatever the set order
        self._born: dict[str, int] = {}
        self._articles = 0

    # -- construction ------------------------------------------------------------
    def add_entity(self, ent: KBEntity) -> None:
        self.entities[ent.id] = ent
        self._born.setdefault(ent.id, len(self._born) + 1)
        if ent.type == "LOC":
            for _, _, name in ent.names:
                self._note_place(name, ent.id)
        if ent.type == "PER":
            for _, _, name in ent.names:
                key = name_key(name)
                if key:
                    self._index(key[-1], ent.id)
                    self._note_spelling(_NAME_SPLIT.split(name)[-1], ent.id)
                    ent.given.update(key[:-1])
                    self._given_keys.update(key[:-1])

    def _note_place(self, name: str, eid: str | None = None) -> None:
        key = name_key(name)
        if len(key) == 1 and len(key[0]) > SHORT_KEY:
            self._place_keys.add(key[0])
        if key and eid and eid.startswith(("country:", "geonames:")):
            self._places_by_key[key].add(eid)

    def _place_by_key(self, m: Mention, context: set[str], lang: str | None) -> str | None:
        """The one listed place of this knowledge base an unlinked Arabic-script place is, by transliteration key.

        Clitics come off the first word ("وساراسوتا", and Sarasota); Arabic
        writes a Latin g as ج as often as غ, so J may be K.
        """
        from .entities.gazetteer import default_gazetteer

        country_of = default_gazetteer().country_of
        named: set[str] | None = None  # countries named in the article, once a key is known
        words = (m.base or m.text).split()
        rest = name_key(" ".join(words[1:]))
        for first in variants(fold(words[0]), lang):
            key = (*name_key(first), *rest)
            for k in dict.fromkeys((key, tuple(x.replace("J", "K") for x in key))):
                if k not in self._places_by_key:
                    continue
                if named is None:
                    named = {c.split(":", 1)[1] for c in context if c.startswith("country:")} | {country_of[c] for c in context if c in country_of}
                letters = sum(map(len, k))
                ids = {e for e in self._places_by_key[k]
                       if (self._df[e] >= 2) + (country_of.get(e, e.removeprefix("country:")) in named) >= (1 if letters >= PLACE_KEY_ALONE else 2)}
                if len(ids) == 1:
                    return ids.pop()
                if ids:
                    return None  # two places with one key: neither
        return None

    def _index(self, surname: str, eid: str) -> None:
        ids = self._by_surname[("PER", surname)]
        if not ids:
            for d in deletions(surname):
                self._near[d].add(surname)
        ids.add(eid)
        self.entities[eid].surnames.add(surname)

    def _note_spelling(self, word: str, eid: str) -> None:
        spelled = _spelling(word)
        self._spellings[spelled].add(eid)
        self.entities[eid].spellings.add(spelled)

    def _new_id(self, etype: str, name: str) -> str:
        base = f"{etype.lower()}:{slug(name)}"
        eid, n = base, 1
        while eid in self.entities:
            n += 1
            eid = f"{base}-{n}"
        return eid

    # -- linking -------------------------------------------------------------------
    def link(self, article: Article, gazetteer_names: dict[str, tuple[str, str]] | None = None) -> None:
        """Give every mention of ``article`` an entity id and record its names."""
        lang = article.lang
        pending: list[Mention] = []
        self._link_institutions(article)
        for m in article.mentions:
            if m.entity_id:
                ent = self.entities.get(m.entity_id)
                if ent is None:
                    etype, canonical = (gazetteer_names or {}).get(m.entity_id, (m.type, m.base or m.text))
                    ent = KBEntity(m.entity_id, etype, canonical)
                    self.entities[ent.id] = ent
                ent.add_name(m.base or m.text, lang)
                if ent.type == "LOC":
                    self._note_place(m.base or m.text, ent.id)
            elif m.type == "PER":
                pending.append(m)
        context = {m.entity_id for m in article.mentions if m.entity_id}
        for m in article.mentions:
            if m.type == "LOC" and not m.entity_id and _script_of(m.base or m.text) == "Arab" \
                    and (eid := self._place_by_key(m, context, lang)) is not None:
                m.entity_id = eid
                self.entities[eid].add_name(m.base or m.text, lang)
                context.add(eid)
        groups = self._group_people(pending, lang)
        # Full names first: a bare given name ("Joko") may then join the full
        # name of this article it belongs to ("Joko Widodo").
        groups.sort(key=lambda p: -len(p.keys))
        placed: list[tuple[_Person, str]] = []
        k = 0
        while k < len(groups):
            person, k = groups[k], k + 1
            eid = None
            if len(person.keys) == 1:
                eid = self._given_name_of(person.surname, placed)
            if eid is None:
                # (by the words written: "Хью" has no consonant key, yet "Хью Джекман" is a full name)
                bare = all(len(_NAME_SPLIT.split((m.base or m.text).strip())) == 1 for m in person.mentions)
                eid, person, leftover = self._resolve(person, context, lang)
                if leftover:
                    # "Трамптың Батыс" is Trump and a word too many; a bare
                    # "Батыс" grouped with it is not Trump.
                    groups.extend(self._group_people(leftover, lang))
                if eid is not None and bare and not self._bare_surname_may_link(eid, person, context, lang):
                    eid = None
            if eid is not None and eid not in self.entities:
                self._meet(eid)
            if eid is None:
                full = max(person.mentions, key=lambda m: len(name_key(m.base or m.text)))
                name = " ".join(person.words) or full.base or full.text
                eid = self._new_id("PER", romanize(name))
                self.entities[eid] = KBEntity(eid, "PER", name)
                self._born[eid] = len(self._born) + 1
            ent = self.entities[eid]
            ent.given.update(person.given)
            self._given_keys.update(person.given)
            self._index(person.surname, eid)
            self._note_spelling(person.words[-1], eid)
            for m in person.mentions:
                m.entity_id = eid
                name = m.base or m.text
                words = _NAME_SPLIT.split(name)
                if len(conj := _last_of_conjoined(words, lang)) < len(words):
                    name = " ".join(conj)  # this person's name, without the other's given name
                ent.add_name(name, lang)
            placed.append((person, eid))
            context.add(eid)
        self._articles += 1
        self._df.update(context)
        for eid in {m.entity_id for m in article.mentions if m.entity_id}:
            ent = self.entities[eid]
            ent.name = self.canonical_name(ent)
            if ent.type == "PER":
                ent.context.update(context - {eid})
                if len(ent.context) > 2 * CONTEXT_KEEP:
                    ent.context = Counter(dict(ent.context.most_common(CONTEXT_KEEP)))

    def _link_institutions(self, article: Article) -> None:
        """Unlisted state institutions ("وزارت دفاع", "Минобороны России") get their (country, kind) id."""
        from .entities.institutions import identify, main_country

        todo = [m for m in article.mentions if not m.entity_id and m.type in ("ORG", "LOC")]
        if not todo:
            return
        ids = [m.entity_id for m in article.mentions if m.entity_id]
        from .lang import get as language

        main, named = main_country(ids, language(article.lang).home_countries), frozenset(ids)
        for m in todo:
            inst = identify(m.base or m.text, article.lang, main, named)
            if inst is None:
                continue
            m.entity_id, m.type = inst.entity_id, "ORG"
            if inst.entity_id not in self.entities:
                self.entities[inst.entity_id] = KBEntity(inst.entity_id, "ORG", inst.name)

    def _bare_surname_may_link(self, eid: str, person: _Person, context: set[str], lang: str | None) -> bool:
        """Whether a surname alone, with no full name in its article, may be the person ``eid`` of other articles.

        A bare surname is the weakest evidence there is ("Бэтмен", Batman, is
        near "Pittman" and shared a story's company with him): it links only
        to a fully named person who is well known (a listed politician, or
        named in FAMOUS_ARTICLES articles) or spelt exactly so with their usual company here too, and
        who is the one such candidate or named far more often than the others.
        """
        cands = self.candidates(person.surname, set(), context, spelled=person.words[-1], lang=lang)
        # People only ever named by a bare surname are no one's full name: the
        # surname may join them as it always did, unless a fully named person
        # could be meant.
        full = {c.eid: c for c in cands if self.entities[c.eid].given}
        if not full:
            return True
        cand = full.get(eid)
        if cand is None:
            return False
        others = max((self._df[e] for e in full if e != eid), default=0)
        if others and not (cand.cost == 0 and self._df[eid] >= FAMOUS_OVER_OTHERS * others):
            return False  # "Trump" is Donald, not Ivanka, only because he is named far more often
        famous = self._df[eid] >= FAMOUS_ARTICLES or eid in self._known
        return famous or (cand.cost == 0 and cand.spelled and cand.shared >= CONTEXT_CONFIRM)

    def _meet(self, eid: str) -> None:
        """A known person named for the first time becomes an entity of this knowledge base."""
        known = self._known[eid]
        self.entities[eid] = KBEntity(eid, known.type, known.name, Counter(known.names), set(known.given))
        self._born[eid] = len(self._born) + 1
        self._given_keys.update(known.given)

    def _group_people(self, mentions: list[Mention], lang: str | None) -> list[_Person]:
        """The article's person mentions grouped by surname, inflections and clitics undone."""
        by_surname: dict[str, list[Mention]] = defaultdict(list)
        keyed: dict[int, tuple[list[str], tuple[str, ...]]] = {}
        # Surnames as written in this article: "Пашиняном" is "Пашинян" when
        # the article also has the nominative, even if nothing else knows it yet.
        local = Counter(k[-1] for k in (name_key(m.base or m.text) for m in mentions) if k)
        for m in mentions:
            words, keys = self._name_keys(m.base or m.text, lang, local)
            if keys:
                keyed[id(m)] = (words, keys)
                by_surname[keys[-1]].append(m)
        out = []
        for surname, group in by_surname.items():
            # "Boris Johnson ... Lyndon Johnson" in one article are two people;
            # a bare "Johnson" goes with the first of them named.
            people: list[_Person] = []
            for m in sorted(group, key=lambda m: -len(keyed[id(m)][1])):
                words, keys = keyed[id(m)]
                given = set(keys[:-1])
                home = next((p for p in people if not given or not p.given or _given_agree(given, p.given)), None)
                if home is None:
                    people.append(_Person([m], words, keys, surname, given))
                else:
                    home.mentions.append(m)
                    home.given |= given
            out.extend(people)
        return out

    def _name_keys(self, name: str, lang: str | None, local: Counter | None = None) -> tuple[list[str], tuple[str, ...]]:
        """Words and skeletons of a person name, the surname in its base form.

        The recogniser hands over the name as written; Russian declines
        surnames ("Путиным" keeps an m the nominative lacks) and Arabic glues
        prepositions on ("لترامب").  A form the knowledge base already knows
        wins over the form as written; otherwise the name stays as it is.
        """
        # (Before the skeleton filter: "и" has no consonant to keep it.)
        words = [w for w in _last_of_conjoined(_NAME_SPLIT.split(name), lang) if skeleton(w)]
        if not words:
            return [], ()
        keys = [skeleton(w) for w in words]
        local = local or Counter()

        def seen_surname(k: str) -> bool:
            # Only people articles have named: the listed politicians' surnames
            # are too many, and "Роком" (Rock, instrumental) would be the Turkish "Rakım".
            return any(e in self.entities for e in self._people_named(k))

        def known(k: str, last: bool) -> bool:
            if last:
                return seen_surname(k) or local[k] > (k == keys[-1])
            # an earlier word may be the surname of an over-long span ("Трамптың Батыс")
            return k in self._given_keys or seen_surname(k)

        for i, w in enumerate(words):
            last = i == len(words) - 1
            if known(keys[i], last):
                continue
            # Given names decline too ("Риком Перри", "Хуаном Карлосом").
            for v in variants(fold(w).casefold(), lang)[1:]:
                k = skeleton(v)
                if len(k) > (SHORT_KEY if last else 1) and known(k, last):
                    keys[i] = k
                    break
        return words, tuple(keys)

    @staticmethod
    def _given_name_of(key: str, placed: list[tuple[_Person, str]]) -> str | None:
        """The one full name of this article whose given name is ``key``."""
        owners = {eid for p, eid in placed if len(p.keys) > 1 and key in p.keys[:-1]}
        return owners.pop() if len(owners) == 1 else None

    def _resolve(self, person: _Person, context: set[str], lang: str | None) -> tuple[str | None, _Person, list[Mention]]:
        """The known person this name most likely is, or None; the name as understood; mentions it leaves out."""
        best: tuple | None = None
        # A given name alone ("كريس", Chris) is no one's surname by its key
        # alone ("Garcia" is KRS too): only a surname spelt just so.
        bare_given = len(person.words) == 1 and _is_arabic_given_name(person.words[0])
        # The last word is the surname; but a span may run past the name
        # ("جوكو ويدودو بزيارة" = "Joko Widodo on a visit", "ترامب أثناء اجتماع"
        # = "Trump during a meeting"): an earlier word is the surname when the
        # words before it agree with the person's given names, or, for the
        # first word, when the person's usual company is here.
        for i in range(len(person.keys) - 1, -1, -1):
            last = i == len(person.keys) - 1
            given = set(person.keys[:i])
            for cand in self.candidates(person.keys[i], given, context, need_given=not last and i > 0,
                                        need_company=not last and i == 0, spelled=person.words[i],
                                        written=tuple(person.words[: i + 1]), lang=lang):
                if bare_given and not cand.spelled:
                    continue
                rank = (cand.agree, cand.spelled, -cand.cost, min(cand.shared, 3), last, cand.seen, -self._born.get(cand.eid, 0))
                if best is None or rank > best[0]:
                    best = (rank, cand, i)
        if best is None and person.given:
            # "آمریکا ترامپ", "США Риком Перри": a place glued before the name is
            # not a given name that contradicts; with the person's company here.
            places = {g for g in person.given if g in self._place_keys}
            if places:
                for cand in self.candidates(person.surname, person.given - places, context, need_company=True,
                                            spelled=person.words[-1], lang=lang):
                    rank = (cand.agree, cand.spelled, -cand.cost, min(cand.shared, 3), True, cand.seen, -self._born.get(cand.eid, 0))
                    if best is None or rank > best[0]:
                        best = (rank, cand, len(person.keys) - 1)
        if best is None:
            return None, person, []
        _, cand, i = best
        leftover: list[Mention] = []
        if i < len(person.keys) - 1:
            # Only single words that are not the surname leave; multi-word
            # spans hold the name (so this cannot go round in circles).
            keep = [m for m in person.mentions
                    if len(k := self._name_keys(m.base or m.text, lang)[1]) > 1 or person.keys[i] in k]
            leftover = [m for m in person.mentions if m not in keep]
            person = _Person(keep, person.words[: i + 1], person.keys[: i + 1], person.keys[i], set(person.keys[:i]))
        return cand.eid, person, leftover

    def _people_named(self, surname: str) -> set[str]:
        """Ids of the people (named in articles or known) with this surname skeleton."""
        return self._by_surname.get(("PER", surname), set()) | self._k.by_surname.get(("PER", surname), set())

    def _near_surnames(self, surname: str) -> list[tuple[str, float]]:
        """Known surname skeletons within NEAR_SURNAME of ``surname``, with their cost."""
        out = [(surname, 0.0)] if self._people_named(surname) else []
        if len(surname) < 2:
            return out
        near = self._near.get(surname, set()) | self._k.near.get(surname, set())
        for d in deletions(surname):
            near |= self._near.get(d, set()) | self._k.near.get(d, set())
            if self._people_named(d):
                near.add(d)
        near.discard(surname)
        for other in near:
            cost = key_cost(surname, other)
            if cost <= NEAR_SURNAME:
                out.append((other, cost))
        return out

    def candidates(self, surname: str, given: set[str], context: set[str] = frozenset(),
                   need_given: bool = False, need_company: bool = False, spelled: str = "",
                   written: tuple[str, ...] = (), lang: str | None = None) -> list[_Candidate]:
        """Known people ``surname`` with ``given`` names may be, each with why.

        Same surname skeleton and given names that do not contradict is a
        match, as it always was, except for short skeletons, which need an
        agreeing given name, shared company or the very same spelling.  A near skeleton needs
        agreeing given names, or (when only script confusions apart) company.
        """
        out = []
        spelled_as = (self._spellings.get(_spelling(spelled), set()) | self._k.spellings.get(_spelling(spelled), set())) if spelled else ()
        script = _script_of(spelled) if spelled else ""
        # Company that is everywhere ("United States" in US news) tells nothing.
        informative = [c for c in context if self._df[c] <= max(COMMON_COMPANY * self._articles, 3)]
        for other, cost in self._near_surnames(surname):
            ids = self._by_surname.get(("PER", other), set())
            if given and not cost:  # only a full, exactly keyed name can be a listed person's
                ids = ids | self._k.by_surname.get(("PER", other), set())
            for eid in ids:
                ent = self.entities.get(eid)
                if ent is None:
                    ent = self._known[eid]
                    if cost or not given or not given <= ent.given or not self._is_listed_name(eid, written):
                        continue
                agree = _agreeing(given, ent.given)
                if given and ent.given and not agree:
                    continue  # same surname, different given names: another person
                # Without agreeing given names, what no company could make a
                # match is refused before the company is counted: a short key
                # alone, spelt otherwise ("Vann" FN, "Zaev" SF; nor with company:
                # "آمنة" MN and "Чжан Мин" MN share a whole story), or a near key
                # that is not cheap or too short.
                if not agree and (need_given or (len(surname) <= SHORT_KEY and eid not in spelled_as if cost == 0 else
                                                 cost > CHEAP_SURNAME or min(len(surname), len(other)) <= SHORT_KEY)):
                    continue
                if script == "Latn" and (cost or len(surname) <= SHORT_KEY) and eid not in spelled_as \
                        and self._spelt_otherwise_in(ent, lang, script, other):
                    continue  # near keys bridge languages; in one language another spelling is another name
                shared = sum(1 for c in informative if ent.context[c])
                if need_company and (len(surname) <= SHORT_KEY or cost or shared < CONTEXT_CONFIRM
                                     and not (shared and sum(ent.names.values()) >= ESTABLISHED)):
                    continue
                if cost == 0:
                    why = f"same surname key {surname}"
                elif agree and (cost <= CHEAP_SURNAME or shared >= 1):
                    why = f"surname keys {surname} ~ {other} (edit cost {cost:.1f})"
                elif not agree and shared >= CONTEXT_CONFIRM:
                    why = f"surname keys {surname} ~ {other} (edit cost {cost:.1f})"
                else:
                    continue
                if agree:
                    why += f", given names agree ({agree} word{'s' if agree > 1 else ''})"
                if shared:
                    why += f", {shared} co-occurring entit{'ies' if shared > 1 else 'y'} in common"
                out.append(_Candidate(eid, cost, agree, shared, sum(ent.names.values()), why, eid in spelled_as))
        return out

    @staticmethod
    def _spelt_otherwise_in(ent: KBEntity, lang: str | None, script: str, key: str) -> bool:
        """Whether ``ent``'s surname skeleton ``key`` comes from a name in this language and script.

        "Jon Rahm" and "Joan Ryan" (JN RM / JN RN), "Tom Daley" and "Tom Udall"
        (both TM DL) are near or equal skeletons written in one language: two
        people.  Near skeletons are for a name another language writes (Kazakh
        "Тоқаев" and Russian "Токаев", Arabic "توقاييف" and Persian "تاکایف").
        Asked for Latin script only: a Latin name is mostly the name's own
        spelling, while Arabic and Cyrillic ones transliterate and vary even
        within one language ("غراهام" / "جراهام" for Graham).
        """
        return any(sc == script and ln == (lang or "und") and name_key(n)[-1:] == (key,) for (ln, sc, n) in ent.names)

    def _is_listed_name(self, eid: str, written: tuple[str, ...]) -> bool:
        """Whether a full name as written is one of the listed names of a known person.

        A known person no article has named yet has no company to confirm a
        match, and skeletons of short names collide ("Rick Perry" and "Erika
        Ober" are both RK BR).  So where the list has the person's name in the
        mention's script, the given names must be spelt as listed and the
        surname's skeleton agree (an "-а" ending keeps it); in another script every word's skeleton must agree,
        on a skeleton long enough not to be chance.
        """
        if len(written) < 2:
            return False
        script = detect_script(" ".join(written))
        given = tuple(_spelling(w) for w in written[:-1])
        keys = tuple(skeleton(w) for w in written)
        forms = self._known_forms.get(eid, ())
        same_script = [f for f in forms if f[0] == script]
        if same_script:
            return any(g == given and k[-1] == keys[-1] for _, g, k in same_script)
        return sum(map(len, keys)) >= 6 and any(k == keys for _, _, k in forms)

    @staticmethod
    def canonical_name(ent: KBEntity) -> str:
        if ent.id.startswith(("country:", "geonames:", "org:")):
            return ent.name
        # Prefer a Latin-script form (readable to most users), then the longest
        # frequent form.
        def rank(item):
            (lang, script, name), count = item
            # Latin, then Cyrillic (it romanises well), then the fullest, most frequent form.
            return ({"Latn": 2, "Cyrl": 1}.get(script, 0), len(name.replace("-", " ").split()), count)

        return max(ent.names.items(), key=rank)[0][2] if ent.names else ent.name

    # -- explanation -------------------------------------------------------------
    def explain(self, name1: str, name2: str) -> LinkDecision:
        """Are these two names one entity, and why.

        In order: names this knowledge base has already recorded for one
        entity; the gazetteer and alias lists (countries, cities,
        organisations and their acronyms in many languages), where each name
        must be a listed name as a whole; then the person-name rules
        :meth:`link` uses, on the transliteration keys.
        """
        reasons: list[str] = []
        f1, f2 = fold(name1).casefold(), fold(name2).casefold()
        ids1 = {e.id for e in self.entities.values() if any(fold(n).casefold() == f1 for (_, _, n) in e.names)}
        ids2 = {e.id for e in self.entities.values() if any(fold(n).casefold() == f2 for (_, _, n) in e.names)}
        both = ids1 & ids2
        if both:
            eid = sorted(both)[0]
            return LinkDecision(True, [f"both are recorded names of {eid} ({self.entities[eid].name}, {self.entities[eid].type})"])

        from .entities.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        e1, e2 = gaz.lookup(name1), gaz.lookup(name2)
        for name, e in ((name1, e1), (name2, e2)):
            if e:
                kind = "acronym" if e.acronym else "name"
                reasons.append(f"{name!r} is a listed {kind} ({e.lang}) of {e.entity_id}: {e.canonical}, {e.type}")
            else:
                reasons.append(f"{name!r} is not, as a whole, in the place and organisation lists")
        if e1 and e2:
            same = e1.entity_id == e2.entity_id
            return LinkDecision(same, reasons + ["same listed entity" if same else "different listed entities"])
        if e1 or e2:
            e, other = (e1, name2) if e1 else (e2, name1)
            why = f"{other!r} is no listed name of {e.entity_id}"
            if any((x := gaz.lookup(w)) is not None and x.entity_id == e.entity_id for w in other.split()):
                why += " (it contains one, but a longer name is a different entity)"
            return LinkDecision(False, reasons + [why + f"; a {e.type} and an unlisted name stay apart"])

        from .entities.recognize import person_base

        bases = [" ".join(person_base(w) for w in name.split()) for name in (name1, name2)]
        for name, base in zip((name1, name2), bases):
            if base != name:
                reasons.append(f"{name!r} is read in its base form {base!r} (a case ending cut)")
        name1, name2 = bases
        k1, k2 = name_key(name1), name_key(name2)
        reasons.append(f"transliteration keys: {name1!r} -> {'-'.join(k1) or '∅'} ({romanize(name1)}), "
                       f"{name2!r} -> {'-'.join(k2) or '∅'} ({romanize(name2)})")
        if not k1 or not k2:
            return LinkDecision(False, reasons + ["one name has no consonant key"])
        s1, s2 = k1[-1], k2[-1]
        cost = key_cost(s1, s2)
        g1, g2 = set(k1[:-1]), set(k2[:-1])
        agree = _agreeing(g1, g2)
        if cost == 0:
            reasons.append(f"surname keys agree ({s1})")
        else:
            reasons.append(f"surname keys {s1} / {s2}: script-aware edit cost {cost:.1f} "
                           f"(near up to {NEAR_SURNAME}, script confusions only up to {CHEAP_SURNAME})")
        if g1 and g2:
            reasons.append(f"given names {'agree' if agree else 'contradict'} ({'-'.join(sorted(g1))} / {'-'.join(sorted(g2))})")
        else:
            reasons.append("no given names on both sides to compare")
        if cost > NEAR_SURNAME:
            return LinkDecision(False, reasons + ["surnames differ"])
        if g1 and g2 and not agree:
            return LinkDecision(False, reasons + ["same surname, different given names: two people"])
        if cost == 0:
            if not agree and len(s1) <= SHORT_KEY:
                return LinkDecision(False, reasons + [f"surname key {s1} is too short to decide alone; "
                                                      "an agreeing given name or shared co-occurring entities would be needed"])
            return LinkDecision(True, reasons + ["read as person names (PER): one person"])
        if agree and cost <= CHEAP_SURNAME:
            return LinkDecision(True, reasons + ["one person: the surnames differ only by how scripts write them"])
        return LinkDecision(False, reasons + ["not without context: linking needs agreeing given names and, "
                                              "for a costlier difference, co-occurring entities in common"])
