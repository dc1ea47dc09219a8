"""The knowledge base: one entry per real-world entity, with every name seen.

Gazetteer mentions arrive already identified (``country:KZ``, ``org:csto``).
Other names are linked here by their script-independent key (see
:mod:`newsloom.translit`): a person is matched on the skeleton of the surname
and must not contradict on the given names, so "Қасым-Жомарт Тоқаев",
"قاسم جومارت توقاييف" and a bare "تاکایف" meet, while two people who only
share a surname and have different given names stay apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .langid import detect_script
from .model import Article, Mention
from .normalize import fold
from .translit import name_key, romanize, slug


@dataclass
class KBEntity:
    id: str
    type: str
    name: str
    # (lang, script, name) -> times seen
    names: Counter = field(default_factory=Counter)
    given: set[str] = field(default_factory=set)  # skeletons of given names seen
    dirty: bool = True

    def add_name(self, name: str, lang: str | None) -> None:
        self.names[(lang or "und", detect_script(name), name)] += 1
        self.dirty = True


@dataclass
class LinkDecision:
    same: bool
    reasons: list[str]


class KnowledgeBase:
    def __init__(self) -> None:
        self.entities: dict[str, KBEntity] = {}
        self._by_surname: dict[tuple[str, str], set[str]] = defaultdict(set)

    # -- construction ------------------------------------------------------------
    def add_entity(self, ent: KBEntity) -> None:
        self.entities[ent.id] = ent
        if ent.type == "PER":
            for _, _, name in ent.names:
                key = name_key(name)
                if key:
                    self._by_surname[("PER", key[-1])].add(ent.id)
                    ent.given.update(key[:-1])

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
        people: dict[str, list[Mention]] = defaultdict(list)
        for m in article.mentions:
            if m.entity_id:
                ent = self.entities.get(m.entity_id)
                if ent is None:
                    etype, canonical = (gazetteer_names or {}).get(m.entity_id, (m.type, m.base or m.text))
                    ent = KBEntity(m.entity_id, etype, canonical)
                    self.entities[ent.id] = ent
                ent.add_name(m.base or m.text, lang)
            elif m.type == "PER":
                key = name_key(m.base or m.text)
                if key:
                    people[key[-1]].append(m)
        for surname, group in people.items():
            full = max(group, key=lambda m: len(name_key(m.base or m.text)))
            given = set(name_key(full.base or full.text)[:-1])
            eid = self._resolve_person(surname, given)
            if eid is None:
                eid = self._new_id("PER", romanize(full.base or full.text))
                ent = KBEntity(eid, "PER", full.base or full.text)
                self.entities[eid] = ent
            ent = self.entities[eid]
            ent.given.update(given)
            self._by_surname[("PER", surname)].add(eid)
            for m in group:
                m.entity_id = eid
                ent.add_name(m.base or m.text, lang)
        for eid in {m.entity_id for m in article.mentions if m.entity_id}:
            ent = self.entities[eid]
            ent.name = self.canonical_name(ent)

    def _resolve_person(self, surname: str, given: set[str]) -> str | None:
        best, best_score = None, -1.0
        for eid in self._by_surname.get(("PER", surname), ()):
            ent = self.entities[eid]
            if given and ent.given and not (given & ent.given):
                continue  # same surname, different given names: another person
            score = len(given & ent.given) * 10 + sum(ent.names.values())
            if score > best_score:
                best, best_score = eid, score
        return best

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
        """Would these two person/organisation names be linked, and why."""
        reasons = []
        f1, f2 = fold(name1), fold(name2)
        for ent in self.entities.values():
            folded = {fold(n) for (_, _, n) in ent.names}
            if f1 in folded and f2 in folded:
                reasons.append(f"both are recorded names of {ent.id} ({ent.name})")
                return LinkDecision(True, reasons)
        k1, k2 = name_key(name1), name_key(name2)
        reasons.append(f"keys: {name1!r} -> {'-'.join(k1) or '∅'}, {name2!r} -> {'-'.join(k2) or '∅'}")
        if not k1 or not k2:
            return LinkDecision(False, reasons + ["one name has no consonant key"])
        if k1[-1] != k2[-1]:
            return LinkDecision(False, reasons + ["surname skeletons differ"])
        reasons.append(f"surname skeletons agree ({k1[-1]})")
        g1, g2 = set(k1[:-1]), set(k2[:-1])
        if g1 and g2 and not g1 & g2:
            return LinkDecision(False, reasons + ["given names contradict"])
        if g1 & g2:
            reasons.append("given names agree (" + ", ".join(sorted(g1 & g2)) + ")")
        else:
            reasons.append("no given name to contradict")
        return LinkDecision(True, reasons)
