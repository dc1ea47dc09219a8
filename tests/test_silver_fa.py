"""Silver Persian labels projected from the English line of a translation."""

from collections import Counter

from newsloom.evaluation import ner_eval as ev
from newsloom.evaluation.silver_fa import _label_line
from newsloom.model import Mention

FA = "نیکول پاشینیان با توکایف در آلماتی دیدار کرد."


def _m(text, line, typ, eid=None):
    s = line.index(text)
    return Mention("text", s, s + len(text), text, typ, entity_id=eid)


def _names(sent):
    return {(" ".join(sent.tokens[i:j]), t) for i, j, t in ev.chunks_of(sent.tags)}


def test_names_are_found_by_id_and_by_sound():
    en = "Nikol Pashinyan met Tokayev in Almaty."
    en_ms = [_m("Nikol Pashinyan", en, "PER"), _m("Tokayev", en, "PER"), _m("Almaty", en, "LOC", "geonames:1")]
    fa_ms = [_m("آلماتی", FA, "LOC", "geonames:1")]
    sent = _label_line(FA, 0, en_ms, fa_ms, Counter())
    assert _names(sent) == {("نیکول پاشینیان", "PER"), ("توکایف", "PER"), ("آلماتی", "LOC")}


def test_a_line_with_a_name_not_found_again_or_not_confirmed_is_dropped():
    en = "Nikol Pashinyan met Lukashenko in Almaty."
    stats = Counter()
    # Lukashenko is not in the Persian line: what it calls O could be a name it missed.
    assert _label_line(FA, 0, [_m("Lukashenko", en, "PER")], [], stats) is None
    # A Persian name the English side does not have is no silver label either.
    assert _label_line(FA, 0, [], [_m("با توکایف", FA, "PER")], stats) is None
    assert stats["English name not found"] == 1 and stats["Persian name not confirmed"] == 1


def test_a_common_word_never_sounds_like_a_name():
    en = "Ian met them."
    assert _label_line("او با آنها دیدار کرد.", 0, [_m("Ian", en, "PER")], [], Counter()) is None
