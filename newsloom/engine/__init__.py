"""Running the per-article work elsewhere, with the same code as the local path.

The per-article work (reading, language, clean text, dates, entities, the
embedding) needs nothing but the article; linking to the corpus' knowledge
base and clustering need the whole store and stay in one process
(``analyze --from-annotations``).  :func:`article_row` is that per-article
work and the one row format both sides read and write.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..model import Article, DateMention, Mention

# Parquet columns, in order; JSON columns hold nested parts of the record.
COLUMNS = ("id", "source", "url", "lang", "script", "title", "text", "published", "content_hash",
           "record", "mentions", "meta", "embedding")


def article_row(article: Article, encoder=None) -> dict[str, Any]:
    """Annotate one article on its own and return its row.

    The record has the entities linked within the article only; the
    ``mentions`` column holds them as recognised, before that linking (the
    gazetteer's ids, no person resolved), which is what ``analyze`` links
    into its knowledge base, so that ``--from-annotations`` links exactly as
    ``analyze`` does.
    """
    from ..kb import KnowledgeBase
    from ..pipeline import embed_batch, link, prepare

    content_hash = article.content_hash
    prepare(article)
    recognised = json.dumps([asdict(m) for m in article.mentions], ensure_ascii=False)
    link(article, KnowledgeBase())
    vector = embed_batch([article], encoder)[0] if encoder is not None else None
    return {
        "id": article.id, "source": article.source, "url": article.url, "lang": article.lang,
        "script": article.script, "title": article.title, "text": article.text, "published": article.published,
        "content_hash": content_hash,
        "record": json.dumps(article.to_record(), ensure_ascii=False),
        "mentions": recognised,
        "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
        "embedding": [float(x) for x in vector] if vector is not None else None,
    }


def article_from_row(row: dict[str, Any]) -> tuple[Article, list[float] | None]:
    """The annotated article back from a row, ready for corpus linking; and its embedding."""
    from ..pipeline import clean_fields

    record = json.loads(row["record"])
    article = Article(id=row["id"], text=row["text"], title=row["title"] or "", source=row["source"] or "",
                      lang=row["lang"], published=row["published"], url=row["url"],
                      meta=json.loads(row["meta"] or "{}"))
    article.script = row["script"]
    # As recognised: the gazetteer's ids kept (dropping them left every place and organisation unlinked, and
    # clustering split what analyze joins), people left to the store's knowledge base to resolve.
    article.mentions = [Mention(**m) for m in json.loads(row["mentions"] or "[]")]
    article.dates = [DateMention(**d) for d in record.get("dates", [])]
    article.meta["content_hash"] = row["content_hash"]
    clean_fields(article)
    embedding = row.get("embedding")
    return article, (list(embedding) if embedding is not None else None)
