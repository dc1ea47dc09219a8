"""``analyze``: annotate, link, cluster and store a stream of articles, resumably."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import IO, Callable

from .events import Cluster
from .pipeline import Corpus, annotate, batched, cluster, default_encoder, embed_batch
from .store import Store

BATCH = 16


@dataclass
class Result:
    article_ids: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def open_corpus(store: Store, embed: bool = True) -> Corpus:
    corpus = Corpus(kb=store.load_kb(), encoder=default_encoder() if embed else None)
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
) -> Result:
    from .sources import iter_articles

    store = Store(db_path)
    corpus = open_corpus(store, embed)
    result = Result()
    started = time.perf_counter()
    seen: set[str] = set()
    try:
        for batch in batched(iter_articles(inputs, problems), BATCH):
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
                    store.save_entities(db, corpus.kb)
                    event = corpus.events.clusters[article.event_id]
                    store.save_cluster(db, "event", event)
                    store.save_cluster(db, "story", corpus.stories.clusters[article.story_id])
                for ent in corpus.kb.entities.values():
                    ent.dirty = False
                result.updated += existed
                result.added += not existed
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
                rebuilt.absorb(member, f)
    if rebuilt.members:
        corpus.events.clusters[old.id] = rebuilt
        store.save_cluster(db, "event", rebuilt)
    else:
        del corpus.events.clusters[old.id]
        store.delete_cluster(db, old.id)


@dataclass
class _Problem:
    path: str
    message: str
