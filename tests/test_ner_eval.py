"""The NER scorer's error breakdown: each missed or wrong span falls in exactly one kind."""

from collections import Counter

from newsloom.evaluation import ner_eval as ev


def test_error_kinds_tell_types_boundaries_misses_and_spurious_apart():
    gold = {(0, 2, "PER"), (3, 4, "LOC"), (5, 7, "ORG"), (8, 9, "LOC"), (10, 11, "PER")}
    pred = {(0, 2, "PER"),  # right
            (3, 4, "ORG"),  # same tokens, other type
            (5, 6, "ORG"),  # same type, cut short
            (8, 9, "LOC"), (8, 10, "PER"),  # right, and an overlapping other type: not an error of 8-9
            (12, 13, "LOC")}  # nothing there
    kinds = Counter((k, t) for k, t, _, _ in ev.error_kinds(gold, pred))
    assert kinds == Counter({("type", "LOC"): 1, ("boundary", "ORG"): 1, ("missed", "PER"): 1, ("spurious", "LOC"): 1})
    # A prediction of another type over part of a gold span is both errors at once.
    assert [k for k, *_ in ev.error_kinds({(0, 3, "ORG")}, {(1, 2, "LOC")})] == ["boundary+type"]
    assert ev.error_kinds(gold, gold) == []


def test_evaluate_collects_the_errors_with_their_sentence(tmp_path):
    s = ev.Sentence(["احمد", "رفت", "تهران"], ["B-PER", "O", "B-LOC"])
    errors = []
    counts, _ = ev.evaluate([s], "fa", lambda batch: [{(0, 1, "PER"), (1, 3, "LOC")}], errors=errors)
    assert counts.tp["PER"] == 1 and counts.fn["LOC"] == 1 and counts.fp["LOC"] == 1
    assert [e[1][0] for e in errors] == ["boundary"]
    table = ev.error_table(ev.write_errors(errors, str(tmp_path / "e.tsv")))
    assert "boundary" in table and (tmp_path / "e.tsv").read_text(encoding="utf-8").startswith("boundary\tLOC\tتهران [LOC]\tرفت تهران [LOC]")
