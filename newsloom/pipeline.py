"""The stages in order: source -> article -> annotated article -> knowledge base -> events -> store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

from . import dates as dates_stage
from .embed import Encoder, default_encoder, lead_text
from .entities.recognize import default_recognizer
from .events import EVENT_THRESHOLD, EVENT_WINDOW_DAYS, STORY_THRESHOLD, STORY_WINDOW_DAYS, Clusterer, features
from .kb import KnowledgeBase
from .langid import identify, normalize_lang_code
from .model import Article, DateMention
from .normalize import boilerplate_lines, clean


def annotate(article: Article, kb: KnowledgeBase | None = None) -> Article:
    """Language, clean text, dates and entities for one article (in place)."""
    sample = (article.title + "\n" + article.text)[:3000]
    guess = identify(sample, hint=article.lang)
    article.lang, article.script, article.lang_confidence = guess.lang, guess.script, guess.confidence

    article.clean["title"] = clean(article.title)
    article.clean["text"] = clean(article.text, boilerplate_lines(article.text, article.title))

    meta_published = article.published
    article.published = dates_stage.publication_date(article.title, article.text, article.meta | ({"published": meta_published} if meta_published else {}), lang=article.lang) or meta_published
    ref = _ref_date(article.published)
    article.dates = []
    for fname in ("title", "text"):
        ct = article.clean[fname]
        for d in dates_stage.extract_dates(ct.text, article.lang, field=fname, ref=ref):
            s, e = ct.span(d.start, d.end)
            original = article.field(fname)
            article.dates.append(DateMention(fname, s, e, original[s:e], d.value, d.calendar))

    article.mentions = default_recognizer().recognize(article)
    if kb is not None:
        kb.link(article, default_recognizer().gazetteer.canonical)
    return article


def _ref_date(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


@dataclass
class Corpus:
    """What ``analyze`` keeps between articles: the knowledge base and the clusterers."""

    kb: KnowledgeBase = field(default_factory=KnowledgeBase)
    events: Clusterer = field(default_factory=lambda: Clusterer("ev-", EVENT_THRESHOLD, EVENT_WINDOW_DAYS))
    stories: Clusterer = field(default_factory=lambda: Clusterer("st-", STORY_THRESHOLD, STORY_WINDOW_DAYS))
    encoder: Encoder | None = None


def cluster(article: Article, corpus: Corpus, embedding: list[float] | None):
    """Put an annotated article into an event and a story; returns (features, score, reasons)."""
    feats = features(article, embedding)
    event_id, score, reasons = corpus.events.add(article.id, feats)
    event = corpus.events.clusters[event_id]
    if event.parent is None:
        story_id, _, _ = corpus.stories.add(event_id, feats)
        event.parent = story_id
    else:
        story = corpus.stories.clusters[event.parent]
        story.absorb(article.id, feats)
    article.event_id, article.story_id = event_id, event.parent
    return feats, score, reasons


def embed_batch(articles: list[Article], encoder: Encoder | None) -> list[list[float] | None]:
    if encoder is None or not articles:
        return [None] * len(articles)
    texts = [lead_text(a.clean["title"].text, a.clean["text"].text) for a in articles]
    return list(encoder.encode(texts))


def batched(items: Iterable, n: int) -> Iterator[list]:
    batch = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = ["annotate", "cluster", "Corpus", "embed_batch", "batched", "default_encoder", "normalize_lang_code"]
