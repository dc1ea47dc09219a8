"""The stages in order: source -> article -> annotated article -> knowledge base -> events -> store."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from . import dates as dates_stage
from . import figures as figures_stage
from . import quotes as quotes_stage
from .embed import Encoder, MemoEncoder, SemanticSpace, default_encoder, lead_text
from .entities.recognize import default_recognizer
from .events import EVENT_WINDOW_DAYS, STORY_WEIGHTS, STORY_WINDOW_DAYS, Clusterer, features
from .kb import KnowledgeBase
from .langid import identify, normalize_lang_code
from .model import Article, DateMention
from .normalize import boilerplate_lines, clean


def annotate(article: Article, kb: KnowledgeBase | None = None) -> Article:
    """Everything for one article (in place): language, clean text, dates, entities, links, quotes, figures."""
    prepare(article)
    return link(article, kb) if kb is not None else attribute(article)


def prepare(article: Article) -> Article:
    """What needs the article alone and teaches the corpus nothing: language, clean text, dates, entity mentions."""
    sample = (article.title + "\n" + article.text)[:3000]
    guess = identify(sample, hint=article.lang)
    article.lang, article.script, article.lang_confidence = guess.lang, guess.script, guess.confidence

    clean_fields(article)

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
    return article


def link(article: Article, kb: KnowledgeBase) -> Article:
    """Give the article's mentions the knowledge base's entity ids (and teach it what they show)."""
    kb.link(article, default_recognizer().gazetteer.canonical)
    return attribute(article)


def attribute(article: Article) -> Article:
    """Quotes with their speakers and figures with what they count; after linking, as a speaker is an entity."""
    article.quotes = quotes_stage.extract(article)
    article.figures = figures_stage.extract(article)
    return article


def clean_fields(article: Article) -> None:
    """Clean text with offsets for both fields (what annotation and clustering read)."""
    article.clean["title"] = clean(article.title)
    article.clean["text"] = clean(article.text, boilerplate_lines(article.text, article.title))


def _ref_date(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


class Corpus:
    """What ``analyze`` keeps between articles: the knowledge base, the embedding space and the clusterers."""

    def __init__(self, kb: KnowledgeBase | None = None, encoder: Encoder | None = None, space: SemanticSpace | None = None) -> None:
        self.kb = kb if kb is not None else KnowledgeBase()
        self.encoder = encoder
        self.space = space if space is not None else SemanticSpace()
        self.events = Clusterer("ev-", EVENT_WINDOW_DAYS, space=self.space)
        # Stories are found through events (see ``cluster``); this one only holds them.
        self.stories = Clusterer("st-", STORY_WINDOW_DAYS, STORY_WEIGHTS, space=self.space)
        self.sentence_cache: dict = {}  # article id -> (sentences, vectors), for the newest articles
        # Quotes of an event's members are compared with every new member: encoded once.
        self.quote_encoder = MemoEncoder(encoder) if encoder is not None else None


def cluster(article: Article, corpus: Corpus, embedding: list[float] | None, copy_of: tuple[str, str] | None = None):
    """Put an annotated article into an event and a story; returns (features, score, reasons).

    ``copy_of`` = (event id, reason): the article is a copy of one in that event and joins it.

    A new event joins the story of the most similar other event within the
    story window (single link: a story is a chain of related events), scored
    on looser weights than events; otherwise it starts a story.
    """
    feats = features(article, embedding)
    if embedding is not None:
        corpus.space.observe(embedding, article.lang)
    event_id, score, reasons = corpus.events.add(article.id, feats, into=copy_of[0] if copy_of else None)
    if copy_of and event_id == copy_of[0]:
        reasons = [copy_of[1]]
    event = corpus.events.clusters[event_id]
    story = corpus.stories.clusters.get(event.parent) if event.parent else None
    if story is None:
        related, s, _ = corpus.events.best(feats, corpus.stories.weights, STORY_WINDOW_DAYS, exclude=frozenset([event_id]))
        if related is not None and s >= corpus.events.threshold and related.parent in corpus.stories.clusters:
            story = corpus.stories.clusters[related.parent]
        else:
            story = corpus.stories.new_cluster()
        event.parent = story.id
    story.absorb(article.id, feats, corpus.space.vector(embedding, article.lang) if embedding is not None else None)
    article.event_id, article.story_id = event_id, story.id
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
