"""``analyze``: annotate, link, cluster and store a stream of articles, resumably."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import IO, Callable

import numpy as np

from .embed import SemanticSpace
from .events import Cluster
from .normalize import sentences
from .pipeline import Corpus, annotate, batched, cluster, default_encoder, embed_batch
from .relations import MAX_SENTENCES, confirm, relation
from .store import Store

BATCH = 16


@dataclass
class Result:
    article_ids: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def open_corpus(store: Store, embed: bool = True) -> Corpus:
    saved = store.get_meta("semantic_space")
    space = SemanticSpace.from_json(json.loads(saved)) if saved else None
    corpus = Corpus(kb=store.load_kb(), encoder=default_encoder() if embed else None, space=space)
    store.load_clusterer("event", corpus.events)
    store.load_clusterer("story", corpus.stories)
    return corpus


def analyze(
    inputs: list[str],
    db_path: str,
    problems: list,
    out: IO[str] | None = None,
    on_progress: Callable[[int, float], None] | None = None,
    embed: bool = True,
    max_bytes: int | None = None,
) -> Result:
    from .ingest import iter_articles
    from .ingest.files import MAX_BYTES

    store = Store(db_path)
    corpus = open_corpus(store, embed)
    result = Result()
    started = time.perf_counter()
    seen: set[str] = set()
    try:
        for batch in batched(iter_articles(inputs, problems, max_bytes=max_bytes or MAX_BYTES), BATCH):
            todo = []
            for article in batch:
                if article.id in seen:
                    problems.append(_Problem(article.source, f"duplicate id {article.id!r} in this run; later copy kept"))
                seen.add(article.id)
                old_hash = store.article_hash(article.id)
                # Hash what the source gave, before annotation fills in fields.
                article.meta["content_hash"] = article.content_hash
                if old_hash == article.meta["content_hash"]:
                    result.unchanged += 1
                else:
                    todo.append((article, old_hash is not None))
            annotated = [annotate(a, corpus.kb) for a, _ in todo]
            vectors = embed_batch(annotated, corpus.encoder)
            for (article, existed), vec in zip(todo, vectors):
                with store.transaction() as db:
                    if existed:
                        _withdraw(store, db, corpus, article.id)
                    feats, score, reasons = cluster(article, corpus, vec)
                    store.save_article(db, article, article.to_record(), feats, reasons, score)
                    store.save_relations(db, article.id, _relations(store, corpus, article, feats))
                    store.save_entities(db, corpus.kb)
                    event = corpus.events.clusters[article.event_id]
                    store.save_cluster(db, "event", event)
                    store.save_cluster(db, "story", corpus.stories.clusters[article.story_id])
                for ent in corpus.kb.entities.values():
                    ent.dirty = False
                result.updated += existed
                result.added += not existed
            if any(v is not None for v in vectors):
                # Once per batch: the language means drift slowly, and a lost
                # last batch only costs them a few updates.
                store.set_meta("semantic_space", json.dumps(corpus.space.to_json()))
            for article in batch:
                result.article_ids.append(article.id)
                if out is not None:
                    out.write(json.dumps(store.record(article.id), ensure_ascii=False) + "\n")
            if on_progress:
                done = len(result.article_ids)
                on_progress(done, done / max(1e-9, time.perf_counter() - started))
    finally:
        store.close()
    return result


MAX_RELATION_CHECKS = 30
# Sentence embeddings are the slow part (about a second per article): confirm
# only this many candidate passages per new article.
MAX_CONFIRMATIONS = 3


def _relations(store: Store, corpus: Corpus, article, feats) -> list:
    """Translations, near-copies and shared passages among the (newest) other members of the article's event.

    The cheap alignment of names and numbers proposes.  Whole-article matches
    that cover most names in order stand on that; a shared passage must be
    confirmed sentence by sentence with the encoder (the aligned sentences
    become the evidence shown).
    """
    event = corpus.events.clusters[article.event_id]
    vec = corpus.space.vector(feats.embedding, feats.lang) if feats.embedding is not None else None
    found = []
    confirmations = MAX_CONFIRMATIONS
    for member in event.members[-MAX_RELATION_CHECKS - 1 :]:
        if member == article.id:
            continue
        other = store.article_features(member)
        if other is None:
            continue
        ovec = corpus.space.vector(other.embedding, other.lang) if other.embedding is not None else None
        rel = relation(member, other, ovec, article.id, feats, vec)
        if rel is None:
            continue
        if rel.kind == "shared passage" and corpus.encoder is not None and confirmations > 0:
            confirmations -= 1
            # Original text, not the folded one: the sentences are shown as evidence.
            row = store.query("SELECT text FROM articles WHERE id=?", (member,))
            sa, va = _sentence_vectors(corpus, member, row[0]["text"] if row else "")
            sb, vb = _sentence_vectors(corpus, article.id, article.text)
            rel = confirm(rel, other.lang == feats.lang, sa, va, sb, vb)
        elif rel.kind == "shared passage":
            rel = None  # unconfirmed, a shared list of names is too weak to claim a passage
        if rel is not None:
            found.append(rel)
    return found


def _sentence_vectors(corpus: Corpus, aid: str, text: str):
    cache = corpus.sentence_cache
    if aid not in cache:
        sents = [" ".join(text[s:e].split()) for s, e in sentences(text or "")][:MAX_SENTENCES]
        vecs = np.asarray(corpus.encoder.encode(sents), dtype=np.float32) if sents else np.zeros((0, 0), np.float32)
        if len(vecs):
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        if len(cache) > 256:
            cache.pop(next(iter(cache)))
        cache[aid] = (sents, vecs)
    return cache[aid]


def _withdraw(store: Store, db, corpus: Corpus, aid: str) -> None:
    """Take a changed article out of its event before it is clustered again."""
    row = db.execute("SELECT event_id FROM articles WHERE id=?", (aid,)).fetchone()
    if not row or not row[0] or row[0] not in corpus.events.clusters:
        return
    old = corpus.events.clusters[row[0]]
    rebuilt = Cluster(old.id, parent=old.parent)
    for member in old.members:
        if member != aid:
            f = store.article_features(member)
            if f is not None:
                rebuilt.absorb(member, f, corpus.space.vector(f.embedding, f.lang) if f.embedding is not None else None)
    if rebuilt.members:
        corpus.events.clusters[old.id] = rebuilt
        corpus.events.index_cluster(rebuilt)
        store.save_cluster(db, "event", rebuilt)
    else:
        corpus.events.forget(old.id)
        store.delete_cluster(db, old.id)


@dataclass
class _Problem:
    path: str
    message: str
