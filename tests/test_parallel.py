import json

import pytest

from newsloom import parallel
from newsloom.analyze import analyze
from newsloom.store import Store

from .conftest import CORPORA

NTREX = CORPORA / "ntrex" / "ntrex_docs.jsonl"


def _corpus(tmp_path, docs: int = 5) -> tuple:
    if not NTREX.is_file():
        pytest.skip("../shared/corpora/ntrex is not present")
    rows = [json.loads(line) for line in open(NTREX, encoding="utf-8")]
    keep = list(dict.fromkeys(r["doc_id"] for r in rows))[:docs]
    langs = ["eng", "kaz", "rus", "arb", "fas", "tur", "kir", "uzb"]
    chosen = sorted((r for r in rows if r["doc_id"] in keep and r["lang"] in langs), key=lambda r: (langs.index(r["lang"]), keep.index(r["doc_id"])))
    src = tmp_path / "corpus.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for r in chosen:
            fh.write(json.dumps({"id": f"{r['doc_id']}|{r['lang']}", "title": r["title"], "text": r["text"], "lang": r["lang"]}, ensure_ascii=False) + "\n")
        # A later copy of an id: skipped, whichever process annotates.
        fh.write(json.dumps({"id": f"{chosen[0]['doc_id']}|{chosen[0]['lang']}", "title": "Other", "text": "Other text."}) + "\n")
    return src, len(chosen)


def _records(db) -> dict:
    store = Store(str(db))
    try:
        ids = [r["id"] for r in store.query("SELECT id FROM articles ORDER BY id")]
        return {i: store.record(i) for i in ids}
    finally:
        store.close()


def test_two_jobs_store_what_one_job_stores(tmp_path):
    src, n = _corpus(tmp_path)
    assert n > 2 * 16  # several batches, so the workers are used
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = analyze([str(src)], str(one), [], embed=False, jobs=1)
    problems: list = []
    r2 = analyze([str(src)], str(two), problems, embed=False, jobs=2)
    assert r1.article_ids == r2.article_ids and r2.added == n and r2.duplicates == 1
    assert len(problems) == 1 and "duplicate id" in problems[0].message
    a, b = _records(one), _records(two)
    assert len(a) == n and a == b
    # Run again with workers: nothing changed, nothing annotated.
    r3 = analyze([str(src)], str(two), [], embed=False, jobs=2)
    assert r3.unchanged == n and r3.added == r3.updated == 0
    assert _records(two) == b


def test_one_batch_stays_in_process(monkeypatch):
    from newsloom.model import Article

    def no_pool(*a, **k):
        raise AssertionError("a worker pool for a single batch")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    arts = [Article(id="x", title="Astana", text="Kazakhstan's president spoke in Astana on Monday.")]
    out = list(parallel.prepared([("tag", arts)], embed=False, jobs=4))
    assert len(out) == 1 and out[0][0] == "tag" and out[0][2] == [None]
    assert out[0][1][0].lang and out[0][1][0].mentions
