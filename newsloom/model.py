"""The data model every stage reads and extends.

An :class:`Article` starts as what a source gave us (title, text, metadata) and is
annotated in place by the pipeline stages, the way a spaCy ``Doc`` is filled in by
its components.  Offsets in every annotation point into the *original* ``title`` or
``text`` string, so ``article.field(m.field)[m.start:m.end] == m.text`` always holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Field = Literal["title", "text"]
FIELDS: tuple[Field, ...] = ("title", "text")

ENTITY_TYPES = ("PER", "ORG", "LOC", "NORP", "EVENT", "TITLE")


@dataclass
class Mention:
    """A span of a source field that names an entity."""

    field: Field
    start: int
    end: int
    text: str
    type: str
    # Base form used for linking ("Тоқаевтың" -> "Тоқаев"); the span itself keeps
    # the whole inflected word.
    base: str = ""
    entity_id: str | None = None
    # Which recogniser produced it, so every link can be explained.
    source: str = ""


def local_id(m: Mention) -> str:
    """The id of a mention the knowledge base did not link: its type and name ("PER:Moualem"), upper case
    where every knowledge-base id is lower case ("per:…", "country:…")."""
    return f"{m.type}:{m.base or m.text}"


def is_local_id(entity_id: str) -> bool:
    return entity_id.split(":", 1)[0] in ENTITY_TYPES


@dataclass
class DateMention:
    """A date mentioned in a field, normalised to ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)."""

    field: Field
    start: int
    end: int
    text: str
    value: str
    calendar: str = "gregorian"


@dataclass
class Span:
    """A stretch of a source field (a quote's reporting cue, the words that name its speaker)."""

    field: Field
    start: int
    end: int
    text: str


@dataclass
class Quote:
    """What someone said: the quoted or reported content, its cue and its speaker (``quotes.py``)."""

    field: Field
    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    cue: Span | None = None
    speaker_id: str | None = None
    speaker_name: str | None = None
    # The words in this article that name or stand for the speaker (a name, a title, a pronoun).
    speaker_mention: Span | None = None

    def to_record(self) -> dict[str, Any]:
        speaker = None
        if self.speaker_id is not None:
            speaker = {"id": self.speaker_id, "name": self.speaker_name,
                       "mention": asdict(self.speaker_mention) if self.speaker_mention else None}
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "speaker": speaker, "cue": asdict(self.cue) if self.cue else None}


@dataclass
class Figure:
    """A number with its unit and what it counts (``figures.py``): "1,300 troops" -> 1300, None, "troops"."""

    field: Field
    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    counts: str | None = None


@dataclass
class Entity:
    """One real-world entity as seen in an article (the output contract's shape)."""

    id: str
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Article:
    id: str
    text: str
    title: str = ""
    source: str = ""
    lang: str | None = None
    published: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # Where the reader found it ("path", "path:line", "<stdin>:line"), so that a
    # duplicate id can be reported with both of its sources.
    origin: str = ""

    # Filled in by the pipeline.
    script: str | None = None
    lang_confidence: float | None = None
    clean: dict[str, Any] = field(default_factory=dict)  # field -> normalize.CleanText
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    event_id: str | None = None
    story_id: str | None = None
    warnings: list[str] = field(default_factory=list)

    def field(self, name: Field) -> str:
        return self.title if name == "title" else self.text

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title, self.text, self.lang or "", self.published or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def entities(self) -> list[Entity]:
        """Mentions grouped by linked entity, in order of first appearance."""
        grouped: dict[str, Entity] = {}
        for m in sorted(self.mentions, key=lambda m: (m.field != "title", m.start)):
            key = m.entity_id or local_id(m)
            ent = grouped.get(key)
            if ent is None:
                ent = grouped[key] = Entity(id=key, type=m.type, name=m.base or m.text)
            ent.mentions.append(m)
        return list(grouped.values())

    def to_record(self) -> dict[str, Any]:
        """The JSON Lines output contract."""
        return {
            "id": self.id,
            "source": self.source,
            "lang": self.lang,
            "script": self.script,
            "title": self.title,
            "published": self.published,
            "entities": [
                {
                    "id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "mentions": [
                        {"field": m.field, "start": m.start, "end": m.end, "text": m.text}
                        for m in e.mentions
                    ],
                }
                for e in self.entities()
            ],
            "dates": [asdict(d) for d in self.dates],
            "quotes": [q.to_record() for q in self.quotes],
            "figures": [asdict(f) for f in self.figures],
            "event_id": self.event_id,
            "story_id": self.story_id,
        }
