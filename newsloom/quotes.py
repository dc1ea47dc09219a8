"""Who said what: direct and reported speech with its cue and speaker.

Rules on top of the recogniser's mentions, the way Europe Media Monitor finds
quotes: a quotation (any mark style, or a verb of saying followed by a colon,
as Persian and Arabic copy writes it) or a reported clause ("X said that …",
"по словам X", "به گفته X", "وقال X إن", "X … деп мәлімдеді") is found
first, then the speaker in the clause around its cue.  A speaker named there
is a linked mention; a title ("رئيس الوزراء") or pronoun ("وی") is resolved to
the person the article has named with that title, or the speaker of the
previous quote; otherwise the speaker stays unknown rather than guessed.

The word lists are data: verbs of saying from ``titles.json``; attribution
phrases, complementisers and pronouns per language in ``quotes.json``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from . import lexicon
from .model import Article, Field, Mention, Quote, Span, local_id
from .normalize import sentences

# Opening mark -> the marks that close it.
# Kazakh and Russian copy often closes “ with “ again (“Жағдай ушығып бара жатыр“).
_PAIRS = {"«": "»", "“": "”“", "„": "“”", "‹": "›", "‚": "‘’", "「": "」", "『": "』"}
_STRAIGHT = '"'
# Single marks ('…', ‘…’): an opening one starts a word, a closing one ends it, so the
# apostrophes inside words ("Trump'ın", "don't") never pair up.
_PURE_CLOSERS = "»”›」』"
_ANY_PAIR_MARK = re.compile("[" + re.escape("".join(_PAIRS) + _PURE_CLOSERS) + "]")
_MAX_QUOTE_LINES = 8  # a quotation runs over at most this many lines (NTREX, wire copy: one paragraph a line)
_SINGLE = re.compile(r"(?<![\w'’])['‘](?=\w)[^\n]*?(?<=[\w.,!?…])['’](?!\w)")
_OPENING = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_ANY_MARK = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values()) + _STRAIGHT + "'‘") + "]")
_MIN_WORDS = 3  # shorter quoted runs are names and scare quotes («الأمن الجماعى»)
_MIN_UNCUED_WORDS = 6  # a quotation no verb of saying attributes must read like a sentence
_SPEAKER_TYPES = ("PER", "ORG")
# One to four capitalised words: a name in scripts with case, for speakers the recogniser missed.
# Words are joined by spaces only: a name never runs over a line or a sentence end ("Lee.\nDoubling").
# A short word may end in a period: an initial or an honorific ("Ms. Schroeder", "J. Smith").
_CAPITALISED = r"(?P<name>(?:[^\W\d_a-zа-яёәіңғүұқөһ](?:\w{0,2}\.|[\w'’-]*)[ \t]+){0,3}[^\W\d_a-zа-яёәіңғүұқөһ][\w'’-]+)"
_WORD = re.compile(r"\w+", re.UNICODE)
# ", — " (or "!", "?") right before a verb of saying closes direct speech.
_DASH_CLOSE = re.compile(r"([,!?…])[ \t]*[—–][ \t]*")
_DASH_AFTER_CLOSE = re.compile(r"[ \t]*[,!?…]?[ \t]*[—–][ \t]*\w")
_MAX_CUE_GAP = 120  # characters between a quotation and the verb that attributes it
# Quotes in a run of paragraphs continue one speaker ("وی ادامه داد:") at most this far back.
_CONTINUATION = 1500
# A verb of saying with no subject ("dedi", "وقال") names no one: the person named just before
# (within about two sentences) said it.
_SUBJECTLESS_REACH = 300


@cache
def _data(lang: str) -> dict:
    return lexicon._load("quotes.json").get(lang, {}) if lang else {}


def _loose(phrase: str) -> str:
    """A regex for a lexicon phrase that tolerates the spelling variants news copy mixes."""
    out = []
    for ch in phrase:
        if ch in "أإآا":
            out.append("[أإآا]")
        elif ch in "يىی":
            out.append("[يىی]")
        elif ch in "كک":
            out.append("[كک]")
        elif ch == " ":  # "по данным" is not "поданным"; Persian copy writes a half space or a space
            out.append("[\\s\u200c]")
        elif ch == "\u200c":
            out.append("[\\s\u200c]?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(words) -> str:
    return "|".join(_loose(w) for w in sorted(set(words), key=len, reverse=True) if w)


@cache
def _verbs(lang: str) -> re.Pattern | None:
    words = lexicon.speech_verbs(lang) + _data(lang).get("verbs", [])
    # Gender and number forms of the past tense (заявил, заявила, заявили) from one stem each.
    words += [stem + end for group in _data(lang).get("past", []) for stem in group["stems"] for end in group["endings"]]
    # Attribution phrases are matched on their own (the speaker sits elsewhere).
    words = [w for w in words if w not in _according_words(lang)]
    if not words:
        return None
    prefix = "(?:[وف])?" if lang == "ar" else ""
    return re.compile(rf"(?<!\w){prefix}(?:{_alternation(words)})(?!\w)", re.IGNORECASE)


def _according_words(lang: str) -> set[str]:
    acc = _data(lang).get("according", {})
    return set(acc.get("before", [])) | set(acc.get("after", []))


@cache
def _according(lang: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    acc = _data(lang).get("according", {})
    # Arabic attaches the preposition to the speaker ("وفقًا لرئيس"): no word end after "ل".
    before = acc.get("before", [])
    pb = re.compile(rf"(?<!\w)(?:{_alternation(before)})(?:(?<=ل)|(?!\w))", re.IGNORECASE) if before else None
    after = acc.get("after", [])
    pa = re.compile(rf"(?:{_alternation(after)})(?!\w)", re.IGNORECASE) if after else None
    return pb, pa


@cache
def _that(lang: str) -> re.Pattern | None:
    words = _data(lang).get("that", [])
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE) if words else None


@cache
def _pronouns(lang: str) -> re.Pattern | None:
    words = _data(lang).get("pronouns", [])
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE) if words else None


@cache
def _titles(lang: str) -> re.Pattern | None:
    t = lexicon.titles(lang)
    words = [w for w in t["before"] + t["after"] if len(w) > 2]
    return re.compile(rf"(?<!\w)(?:{_alternation(words)})(?!\w)", re.IGNORECASE) if words else None


@cache
def _calendar_words(lang: str) -> frozenset[str]:
    """Weekday and month names (CLDR, through babel): capitalised, and never a speaker ("on Friday stated")."""
    from babel import Locale

    out = set()
    for code in {lang, "en"} - {""}:
        try:
            loc = Locale.parse(code)
        except Exception:  # a language CLDR does not know
            continue
        for table in (loc.days, loc.months):
            for ctx in ("format", "stand-alone"):
                for names in (table[ctx]["wide"], table[ctx]["abbreviated"]):
                    out.update(n.casefold().rstrip(".") for n in names.values())
    return frozenset(out)


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _strip(text: str, s: int, e: int, chars: str = " \t\n,،:;-–—") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    zone: tuple[int, int] | None  # where the speaker is looked for


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _marked(text: str, ps: int, pe: int, state: dict | None = None) -> list[tuple[int, int]]:
    """Spans of quoted content (inside the marks) in one paragraph.

    ``state`` learns whether the paragraph ends inside a quotation ("open") and
    where a closing mark with no opening one stands ("orphan"): the two ends of
    a quotation that runs over several lines.
    """
    state = {} if state is None else state
    spans = []
    i = ps
    first = _ANY_PAIR_MARK.search(text, ps, pe)
    twin = _twin_closers(text, ps, pe)
    if twin:
        spans += twin
        first = None
    if first and first.group(0) in _PURE_CLOSERS:
        # «…\n…\nГениальный продукт», — написала: the quote opened lines before
        # (find() takes the span only then: a stray closing mark is a typo).
        state["orphan"] = first.start()
        i = first.end()
    while True:
        m = _OPENING.search(text, i, pe)
        if not m:
            break
        i, ch = m.start(), m.group(0)
        closers, depth, j = _PAIRS[ch], 1, i + 1
        inner = re.compile("[" + re.escape(ch + closers) + "]")
        attributed = None  # a closing mark a dash and a reporting clause follow ("…»», — говорит Ри" written "…», — говорит Ри")
        while True:
            c = inner.search(text, j, pe)
            if not c:
                break
            j = c.start()
            if text[j] == ch and ch not in closers:
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    break
                if _DASH_AFTER_CLOSE.match(text, j + 1, pe):
                    attributed = j
            j += 1
        if not c and attributed is not None:
            # Copy that drops the outer closing mark after a nested quotation closes both with one.
            spans.append((i + 1, attributed))
            i = attributed + 1
        elif c:
            spans.append((i + 1, j))
            i = j + 1
        else:  # never closed: the quote runs to the paragraph end
            spans.append((i + 1, pe))
            state["open"] = True
            break
    straight = [m.start() for m in re.finditer(_STRAIGHT, text[ps:pe])]
    straight = [ps + i for i in straight if not any(s <= ps + i < e for s, e in spans)]
    if len(straight) % 2:
        first = straight[0]
        # Closing when glued to the word before it or followed by punctuation (`البلد "، كتب`).
        nxt = text[first + 1:first + 2]
        closing_like = (first > ps and not text[first - 1].isspace()) or not nxt.strip() or unicodedata.category(nxt)[0] == "P"
        if closing_like:
            # A quote whose opening mark the copy lost: it starts after the
            # colon that introduced it, or with the paragraph.
            colon = text.rfind(":", ps, first)
            spans.append((colon + 1 if colon >= 0 else ps, first))
            if colon < 0:
                state["orphan"] = first
            straight = straight[1:]
        else:
            spans.append((straight[-1] + 1, pe))
            state["open"] = True
            straight = straight[:-1]
    nested = _nest_straight(text, straight, ps, pe)
    spans += nested if nested is not None else [(straight[k] + 1, straight[k + 1]) for k in range(0, len(straight), 2)]
    for m in _SINGLE.finditer(text, ps, pe):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in spans):
            spans.append((m.start() + 1, m.end() - 1))
    return sorted(spans)


def _twin_closers(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Quotations opened with the closing mark itself (”Энергия … ортақ деген сенімдемін” деп атап өтті), in a paragraph with no other marks."""
    if _OPENING.search(text, ps, pe):
        return []
    marks = [m.start() for m in re.finditer("”", text[ps:pe])]
    marks = [ps + i for i in marks]
    if not marks or len(marks) % 2:
        return []
    out = []
    for a, b in zip(marks[::2], marks[1::2]):
        if not (a == ps or text[a - 1].isspace()) or not text[a + 1:a + 2].isalnum():
            return []
        out.append((a + 1, b))
    return out


def _nest_straight(text: str, marks: list[int], ps: int, pe: int) -> list[tuple[int, int]] | None:
    """Outermost pairs of straight marks, nested by which side of a word each stands on
    ('"The U.S. insists on the "denuclearization-first" … the "end of war,"" Ri said'); None where any is ambiguous."""
    stack, pairs = [], []
    for i in marks:
        prev = text[i - 1] if i > ps else " "
        nxt = text[i + 1] if i + 1 < pe else " "
        opener = (prev.isspace() or prev in "([{—–-:") and not nxt.isspace()
        closer = not prev.isspace() and (nxt.isspace() or unicodedata.category(nxt)[0] == "P")
        if opener == closer:
            return None
        if opener:
            stack.append(i)
        elif not stack:
            return None
        else:
            start = stack.pop()
            if not stack:
                pairs.append((start + 1, i))
    return pairs if not stack else None


def _sentence_of(sents: list[tuple[int, int]], pos: int, ps: int, pe: int) -> tuple[int, int]:
    for s, e in sents:
        if s <= pos < e:
            return s, e
    return ps, pe


def find(text: str, lang: str | None, names: frozenset[tuple[int, int]] = frozenset()) -> list[_Found]:
    """Quotations and reported clauses in one field, with their cue and where to look for the speaker.

    ``names`` are the spans of entity mentions: a name in quotation marks
    («نیکول پاشینیان») is not a quote.
    """
    lang = lang or ""
    verbs, that = _verbs(lang), _that(lang)
    before_acc, after_acc = _according(lang)
    quotative = [w.casefold() for w in _data(lang).get("quotative", [])]
    bare = {w.casefold() for w in _data(lang).get("bare", {}).get("verbs", [])}
    bare_not = {w.casefold() for w in _data(lang).get("bare", {}).get("not_before", [])}
    bare_not_after = {w.casefold() for w in _data(lang).get("bare", {}).get("not_after", [])}
    trailing = _data(lang).get("trailing", False)
    that_gap = _data(lang).get("that_gap", 8)  # words a verb and its "that" may stand apart
    found: list[_Found] = []
    paras = _paragraphs(text)
    states: list[dict] = [{} for _ in paras]
    all_marks = [_marked(text, ps, pe, st) if _ANY_MARK.search(text, ps, pe) else [] for (ps, pe), st in zip(paras, states)]
    groups = _quote_runs(text, paras, states)
    run_ends = {paras[j][0] for _, j in groups}
    for k, (ps, pe) in enumerate(paras):
        cues = _merge_cues(text, [(m.start(), m.end()) for m in verbs.finditer(text, ps, pe)]) if verbs else []
        if not cues and not _ANY_MARK.search(text, ps, pe) and not any(p.search(text, ps, pe) for p in (before_acc, after_acc) if p):
            continue
        sents = [(ps + s, ps + e) for s, e in sentences(text[ps:pe])]
        quoted = []
        marks = all_marks[k]
        if ps in run_ends and "orphan" in states[k] and not any(s == ps for s, _ in marks):
            marks = [(ps, states[k]["orphan"])] + marks
        for qs, qe in marks:
            # The last line of a quotation over several lines may be short ("Гениальный продукт»").
            run_end = qs == ps and ps in run_ends
            qs, qe = _strip(text, qs, qe, " \t-–—")
            if _words(text[qs:qe]) < (1 if run_end else _MIN_WORDS) or any(ns <= qs and qe <= ne for ns, ne in names):
                continue
            f = _attribute_marked(text, qs, qe, cues, sents, ps, pe, marks, (before_acc, after_acc))
            if f.cue is None and _words(text[qs:qe]) < _MIN_UNCUED_WORDS and not run_end:
                continue  # a title or a name in quotation marks («Мызғымас бауырластық-2024»)
            quoted.append((qs, qe))
            found.append(f)
        taken = list(quoted)
        used = {f.cue for f in found if f.cue}

        def free(s: int, e: int) -> bool:
            return not any(s < te and ts < e for ts, te in taken)

        def absorb(s: int, e: int) -> bool:
            """A reported clause takes in the quoted words inside it ("said that … «будут уничтожены»")."""
            inner = [(ts, te) for ts, te in taken if s < te and ts < e]
            if not all((ts, te) in quoted and s <= ts and te <= e + 1 for ts, te in inner):
                return False
            for span in inner:
                taken.remove(span)
                found[:] = [f for f in found if (f.start, f.end) != span]
            return True

        for cs, ce in cues:
            # Direct speech the copy closes with a dash instead of a mark, the quote
            # having opened lines before ("«Нет, нет.\nТо, что они рассказали — фейк, — утверждает он").
            m = _DASH_CLOSE.search(text, ps, cs)
            if (cs, ce) in used or not m or m.end() != cs:
                continue
            qs, qe = _strip(text, ps, m.start() + (m.group(1) != ","), " \t-–—«“„\"")
            if _words(text[qs:qe]) >= _MIN_WORDS and free(qs, qe):
                _, se = _sentence_of(sents, cs, ps, pe)
                found.append(_Found(qs, qe, "direct", (cs, ce), (ce, max(se, ce))))
                taken.append((qs, ce))
                used.add((cs, ce))

        for cs, ce in cues:
            m = re.match(r"\s*[:：]\s*[-–—]?\s*", text[ce:pe])
            if m and free(ce, pe) and text[ce + m.end():pe][:1] not in "«“„‹\"":
                qs, qe = _strip(text, ce + m.end(), pe, " \t")
                if _words(text[qs:qe]) >= _MIN_WORDS:
                    ss, _ = _sentence_of(sents, cs, ps, pe)
                    found.append(_Found(qs, qe, "direct", (cs, ce), (ss, cs)))
                    taken.append((cs, qe))
        for cs, ce in cues:
            if not free(cs, ce):
                continue
            ss, se = _sentence_of(sents, cs, ps, pe)
            comp = that.search(text, ce, min(se, ce + 80)) if that else None
            if comp and _words(text[ce:comp.start()]) <= that_gap:
                qs, qe = _strip(text, comp.end(), se)
                if _words(text[qs:qe]) >= _MIN_WORDS and absorb(qs, qe):
                    # Arabic names the speaker between the verb and إن ("وقال X إن"); other
                    # languages before the verb, or between it and "that".
                    named_after = lang == "ar" and _words(text[ce:comp.start()])
                    zone = (ce, comp.start()) if named_after else (ss, comp.start())
                    found.append(_Found(qs, qe, "indirect", (cs, ce), zone))
                    taken.append((cs, qe))
                    continue
            tail = _trailing(text, lang, ss, se, cs, ce) if trailing else None
            if tail and free(*tail[0]) and _words(text[tail[0][0]:tail[0][1]]) >= _MIN_WORDS + 1:
                found.append(_Found(*tail[0], "indirect", (cs, ce), tail[1]))
                taken.append((tail[0][0], ce))
                continue
            if text[cs:ce].casefold() in bare and not any(f.cue == (cs, ce) and f.end <= cs for f in found):
                # "Moualem said the conditions were fine": English drops "that".
                nxt = re.match(r"[ \t]+(\w+)", text[ce:se])
                prev = re.search(r"(\w+)[ \t]*$", text[ss:cs])
                qs, qe = _strip(text, ce, se)
                if (nxt and nxt.group(1).casefold() not in bare_not and not (prev and prev.group(1).casefold() in bare_not_after)
                        and _words(text[qs:qe]) >= _MIN_WORDS + 1 and absorb(qs, qe)):
                    found.append(_Found(qs, qe, "indirect", (cs, ce), (ss, cs)))
                    taken.append((cs, qe))
                    continue
            rest = text[ce:se].strip(" .!?…\"»”'")
            if quotative and text[cs:ce].casefold().split()[0] in quotative:
                # Verb-final languages: the reported content stands between
                # the speaker, who opens the sentence, and the verb; or the
                # speaker follows the verb ("… осылай істедім деді Флейк").
                if not rest and free(ss, cs):
                    found.append(_Found(*_strip(text, ss, cs), "indirect", (cs, ce), (ss, cs)))
                    taken.append((ss, ce))
                elif rest[:1].isupper() and _words(rest) <= 3 and free(ss, se) and _words(text[ss:cs]) >= _MIN_WORDS:
                    found.append(_Found(*_strip(text, ss, cs), "indirect", (cs, ce), (ce, se)))
                    taken.append((ss, se))
        for pattern, speaker_first in ((before_acc, False), (after_acc, True)):
            for m in pattern.finditer(text, ps, pe) if pattern else ():
                if not free(m.start(), m.end()):
                    continue
                ss, se = _sentence_of(sents, m.start(), ps, pe)
                if speaker_first:  # "X-тың айтуынша, …"
                    q = _strip(text, m.end(), se)
                    zone = (ss, m.start())
                else:
                    comma = re.search(r"[,،]", text[m.end():se])
                    if _words(text[ss:m.start()]) >= _MIN_WORDS:  # "…, according to X."
                        q = _strip(text, ss, m.start())
                        zone = (m.end(), se)
                    elif comma:  # "According to X, …"
                        q = _strip(text, m.end() + comma.end(), se)
                        zone = (m.end(), m.end() + comma.start())
                    else:
                        continue
                if _words(text[q[0]:q[1]]) >= _MIN_WORDS and free(*q):
                    found.append(_Found(q[0], q[1], "indirect", (m.start(), m.end()), zone))
                    taken.append(q)
    _join_runs(text, paras, groups + _dash_runs(text, paras, states, groups, found), found)
    found = [f for f in found if f.end > f.start]
    return sorted(found, key=lambda f: f.start)


# The attribution closing a reported sentence: ", the company said." / ", he said on Friday, and …"
# (at most a few words between the cue and the clause end), or ", said John Smith, a spokesman."
_AFTER_CUE = re.compile(r"(?:[ \t]+[\w'’.-]+){0,3}?[ \t]*(?:[.!?…](?=\s|$)|,[ \t]+(?:and|but|и|а|но)\b|$)")
_MAX_SUBJECT_WORDS = 6


def _trailing(text: str, lang: str, ss: int, se: int, cs: int, ce: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A sentence its attribution closes without quotation marks: (content, where the speaker is)."""
    lead = text[ss:cs]
    comma = max(lead.rfind(","), lead.rfind("،"))
    if comma < 0:
        return None
    subject = lead[comma + 1:]
    if not subject.strip():  # ", said John Smith, a spokesman for X."
        m = re.match(r"[ \t]*[^,.;:!?]+", text[ce:se])
        if not m or not _words(m.group(0)) or _words(m.group(0)) > _MAX_SUBJECT_WORDS:
            return None
        zone = (ce, ce + m.end())
    else:
        if _words(subject) > _MAX_SUBJECT_WORDS or any(c in subject for c in "\"«»“”"):
            return None
        if {w.casefold() for w in _WORD.findall(subject)} & set(_data(lang).get("not_in_subject", ())):
            return None  # ", when he told the Assembly that …": a subordinate clause, not an attribution
        if not _AFTER_CUE.match(text, ce, se + 1):
            return None
        zone = (ss + comma + 1, cs)
    q = _strip(text, ss, ss + comma)
    return q, zone


def _quote_runs(text: str, paras, states) -> list[tuple[int, int]]:
    """(first, last) paragraph of each quotation that opens in one line and closes lines later, with no marks between."""
    runs = []
    for i, st in enumerate(states):
        if not st.get("open"):
            continue
        for j in range(i + 1, min(len(paras), i + 1 + _MAX_QUOTE_LINES)):
            if "orphan" in states[j]:
                runs.append((i, j))
                break
            if _ANY_PAIR_MARK.search(text, *paras[j]) or '"' in text[paras[j][0]:paras[j][1]]:
                break
    return runs


def _dash_runs(text: str, paras, states, runs, found: list[_Found]) -> list[tuple[int, int]]:
    """Quotations that open with a mark and close lines later with ", — сказал он" and no mark."""
    out = []
    started = {i for i, _ in runs}
    for i, st in enumerate(states):
        if not st.get("open") or i in started:
            continue
        for j in range(i + 1, min(len(paras), i + 1 + _MAX_QUOTE_LINES)):
            ps, pe = paras[j]
            if any(ps <= f.start <= ps + 2 and f.cue and f.cue[0] < pe and _DASH_CLOSE.match(text, f.end, f.cue[0] + 1) for f in found):
                out.append((i, j))
                break
            if _ANY_PAIR_MARK.search(text, ps, pe) or '"' in text[ps:pe]:
                break
    return out


def _join_runs(text: str, paras, runs, found: list[_Found]) -> None:
    """Every line of a quotation over several lines is a quote with the cue of its closing line ("…», — написала она")."""
    for i, j in runs:
        (ps_i, pe_i), (ps_j, pe_j) = paras[i], paras[j]
        last = next((f for f in found if ps_j <= f.start and f.end <= pe_j and f.kind == "direct" and f.start - ps_j <= 2), None)
        if last is None:
            continue
        found[:] = [f for f in found if not (pe_i < f.start and f.end < ps_j)]  # what the middle lines seemed to report
        for ps, pe in paras[i + 1:j]:
            s, e = _strip(text, ps, pe, " \t-–—")
            found.append(_Found(s, e, "direct", last.cue, last.zone))
        first = next((f for f in found if ps_i <= f.start < pe_i and f.end >= _strip(text, ps_i, pe_i)[1] - 1), None)
        if first is None:
            qs = max((i0 for i0 in (text.rfind(c, ps_i, pe_i) for c in "«“„\"") if i0 >= 0), default=ps_i - 1) + 1
            s, e = _strip(text, qs, pe_i, " \t-–—")
            if _words(text[s:e]):
                found.append(_Found(s, e, "direct", last.cue, last.zone))
        elif first.cue is None:
            first.cue, first.zone = last.cue, last.zone


def _merge_cues(text: str, cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"деп" + "мәлімдеді" are one cue: join cues that only whitespace separates."""
    out: list[list[int]] = []
    for s, e in cues:
        if out and s >= out[-1][1] and not text[out[-1][1]:s].strip():
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _attribute_marked(text, qs, qe, cues, sents, ps, pe, marks=(), according=()) -> _Found:
    """The cue of a quotation: a verb of saying just after it, else just before it in its sentence, else the colon that introduces it."""
    mark_end = qe + len(text[qe:]) - len(text[qe:].lstrip(" \t")) + 1  # past the closing mark
    after = [c for c in cues if qe <= c[0] <= qe + _MAX_CUE_GAP and not _crosses_quote(text, mark_end, c[0])
             and not any(mark_end <= ms < c[0] for ms, _ in marks)]
    if after:
        cs, ce = after[0]
        ss, se = _sentence_of(sents, cs, ps, pe)
        if not _words(text[mark_end:cs]) and not _words(text[ce:se]):
            # «…» деді / "…" dedi: the speaker opens the sentence, before the quotation.
            ss, _ = _sentence_of(sents, max(ps, qs - 2), ps, pe)
            return _Found(qs, qe, "direct", (cs, ce), (ss, qs))
        return _Found(qs, qe, "direct", (cs, ce), (mark_end, max(se, ce)))
    ss, _ = _sentence_of(sents, max(ps, qs - 2), ps, pe)
    # A verb inside another quotation ("The U.S. insists on the "…"") attributes nothing.
    before = [c for c in cues if max(ss, qs - _MAX_CUE_GAP) <= c[0] and c[1] <= qs and not any(ms <= c[0] < me for ms, me in marks)]
    if before:
        cs, ce = before[-1]
        return _Found(qs, qe, "direct", (cs, ce), (ss, qs))
    lead = text[ss:qs].rstrip(" \t«“„‹‚\"'‘-–—")
    if lead.endswith(":"):
        # "Холли Снидэрдің айтуынша: “…”", "По словам X: «…»": an attribution phrase, however long the lead.
        colon = ss + len(lead) - 1
        acc = [m for p in according if p for m in p.finditer(text, ss, colon)]
        if acc:
            return _Found(qs, qe, "direct", (acc[-1].start(), acc[-1].end()), (ss, colon))
    if lead.endswith(":") and _words(lead) <= 8:
        # "Робин Кристи, Мелроуз: «…»": a short lead and a colon name the speaker without a verb.
        colon = ss + len(lead) - 1
        return _Found(qs, qe, "direct", (colon, colon + 1), (ss, colon))
    return _Found(qs, qe, "direct", None, None)


def _crosses_quote(text: str, s: int, e: int) -> bool:
    return any(ch in text[s:e] for ch in "«“„\"")


class _Resolver:
    """Speakers for one article's quotes, in reading order."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.lang = article.lang or ""
        self.mentions = sorted((m for m in article.mentions if m.type in _SPEAKER_TYPES), key=lambda m: (m.field != "title", m.start))
        self.last: tuple[Field, int, str, str] | None = None  # field, position, id, name of the previous speaker
        self.run_end = -1  # where the previous quote ends, attributed or going on without a cue
        self.orgs = {self.key(m)[0] for m in self.mentions if m.type == "ORG"}
        self.local: dict[str, str] = {}  # name -> id of the speakers no mention names

    @staticmethod
    def key(m: Mention) -> tuple[str, str]:
        # The ids and names the record's "entities" use (model.Article.entities).
        return m.entity_id or local_id(m), m.base or m.text

    def speaker(self, fname: Field, f: _Found) -> tuple[str | None, str | None, Span | None]:
        text = self.article.field(fname)
        if f.zone is None:
            sid, name, _ = self._continuation(fname, f.start)
            # The run of quotes goes on from here: a person named before it is no newer than its speaker.
            if sid:
                self.run_end = f.end
            return sid, name, None
        zs, ze = f.zone
        # Names inside the content are what was said about, unless the
        # clause opens with its speaker ("Тоқаев … деп мәлімдеді").
        speaker_led = zs == f.start
        inside = [m for m in self.mentions if m.field == fname and zs <= m.start and m.end <= ze
                  and (speaker_led or not f.start <= m.start < f.end)]
        inside += self._surnames(fname, text, zs, ze, inside)
        titles = _titles(self.lang)
        t = titles.search(text, zs, ze) if titles else None
        if f.cue and self._pronoun_at_cue(text, f):
            # "he told BBC Radio 4", "рассказал он в эфире BBC": the pronoun is the subject, the names are
            # whom he told; the pronoun branch below resolves it.
            inside, t = [], None
        if t and not inside and (self._indefinite(text, zs, t.start()) or self._org_noun_after(text, t.end(), ze)):
            # "A government spokesperson said", "Представитель правительства говорит": someone the article does not name.
            return None, None, None
        # Where the subject comes first, the words before the verb of saying are where the speaker stands.
        subject_first = bool(_data(self.lang).get("subject_first") and f.cue and zs < f.cue[0])
        if (subject_first and t and inside and t.start() < min(f.cue[0], min(m.start for m in inside))
                and self._apart(text, t.end(), min(m.start for m in inside))):
            # "The minister instead highlighted meetings between Kim and Moon and added:": the title is the
            # subject, the names what it spoke of.
            inside = []
        if inside:
            cue = f.cue[0] if f.cue else ze
            # The person nearest the cue; an organisation only when no person
            # is named and no title stands before it ("رئیس شورای امنیت" is a person).
            # A clause led by its speaker names it first (verb-final: "Тоқаев Путинмен … деп мәлімдеді"),
            # and so does a sentence that opens with a name ("Pompeo met Ri … and said").
            # A name in a case other than the nominative is no subject ("похвалил Кима, но сказал").
            opens = {m.start for m in inside if subject_first and m.type == "PER" and m.start < f.cue[0] and not text[zs:m.start].strip()}
            m = min(inside, key=lambda m: (m.type != "PER", m.start not in opens if opens else 0, self._oblique(m),
                                           m.start if speaker_led else abs(m.start - cue)))
            run = self._name_next_to_cue(text, f) if m.type == "ORG" and f.cue else None
            if run and not (m.start < run[1] and run[0] < m.end):
                # "said Aulia Arriani, a spokesperson for the Red Cross": the person the recogniser missed speaks.
                return self._found(fname, f, f"PER:{run[2]}", run[2], Span(fname, *run))
            if not (m.type == "ORG" and t and t.start() < m.start and not text[t.end():m.start].strip()):
                sid, name = self.key(m)
                return self._found(fname, f, sid, name, Span(fname, m.start, m.end, m.text))
        country = self._country_subject(fname, text, zs, f.cue[0]) if subject_first and not inside and t is None else None
        if country:
            # "China and Russia argue that …", "the United States has said": a state speaks.
            return self._found(fname, f, *self.key(country), Span(fname, country.start, country.end, country.text))
        if t:
            # The person so titled; else the speaker going on ("Trump said … The President said"),
            # else the nearest person named before.
            named = self._titled(t.group(0), fname, t.start())
            if named is None:
                going_on = self._continuation(fname, f.start)[:2]
                named = going_on if going_on[0] else self._nearest_person(fname, t.start())
            if named:
                return self._found(fname, f, *named, Span(fname, t.start(), t.end(), t.group(0)))
        pronouns = _pronouns(self.lang)
        p = pronouns.search(text, zs, ze) if pronouns else None
        if p or (t is None and _words(text[zs:ze]) <= 1):
            # "وی ادامه داد:", or a verb with no subject ("وأضاف أن"): the same speaker goes on.
            sid, name, _ = self._continuation(fname, f.start)
            if sid:
                # A person named since the previous quote is who "he" is now ("Gendon Subandono … had
                # trained them. «…», he said").
                newer = self._nearest_person(fname, min(f.start, zs), since=max(self.last[1], self.run_end))
                if newer:
                    sid, name = newer
            if p and sid in self.orgs:  # "he said" is a person, not the organisation quoted before
                sid = None
            if sid is None:  # "he said", or "dedi" alone, opening the quotes: the nearest person named before
                sid, name = self._nearest_person(fname, f.start, None if p else _SUBJECTLESS_REACH) or (None, None)
            if sid:
                mention = Span(fname, p.start(), p.end(), p.group(0)) if p else None
                return self._found(fname, f, sid, name, mention)
        run = self._name_next_to_cue(text, f) if f.cue else None
        if run is None and (speaker_led and _data(self.lang).get("quotative") or not text[:zs].rstrip()[-1:].strip(".!?")):
            # The sentence opens with its speaker: "Moualem, who also serves as …, said".
            run = self._name_opening(text, zs, ze)
        if run:
            return self._found(fname, f, f"PER:{run[2]}", run[2], Span(fname, *run))
        words = [w.casefold() for w in _WORD.findall(text[zs:ze])]
        nobody = set(_data(self.lang).get("not_speakers", ()))
        org_nouns = set(_data(self.lang).get("org_nouns", ()))
        lower = {w for w in _WORD.findall(text[zs:ze]) if w[:1].islower()}  # "the company", not "Security Council"
        if f.cue and not inside and t is None and p is None and org_nouns & lower and len(words) <= 7:
            # "the company said", "по словам компании": the organisation the sentence or the article named last.
            org = self._nearest_org(fname, f)
            return self._found(fname, f, *self.key(org), None) if org else (None, None, None)
        if f.cue and not inside and t is None and p is None and 0 < len(words) <= 7 and not nobody & set(words):
            # A description instead of a name ("the player added", "добавляет спортсмен"): the person
            # named since the previous quote ("Ronaldo, 33, slammed the reports. «…», the player added"),
            # else the speaker going on.
            since = max(self.last[1], self.run_end) if self.last and self.last[0] == fname else -1
            sid, name = self._nearest_person(fname, min(f.start, zs), _CONTINUATION, since=since) or (None, None)
            if sid is None:
                sid, name, _ = self._continuation(fname, f.start)
            if sid:
                return self._found(fname, f, sid, name, None)
        return None, None, None

    def _apart(self, text: str, s: int, e: int) -> bool:
        """A word of the sentence's own (a verb, a noun) stands between a title and a name: the title is not the name's."""
        stop = lexicon.stopwords(self.lang)
        return any(w[0].islower() and w.casefold() not in stop for w in _WORD.findall(text[s:e]))

    def _oblique(self, m: Mention) -> bool:
        """A name in an oblique case ("Кима" for "Ким Чен Ын"): its last word is no word of its base form."""
        if not _data(self.lang).get("case_endings") or not m.base:
            return False
        base = {w.casefold().replace("ё", "е") for w in m.base.split()}
        return m.text.split()[-1].casefold().replace("ё", "е") not in base

    def _country_subject(self, fname: Field, text: str, zs: int, cs: int) -> Mention | None:
        """A country standing just before its verb of saying ("Russia argue", "the United States has said")."""
        for m in self.article.mentions:
            if (m.field == fname and m.type == "LOC" and (m.entity_id or "").startswith("country:") and zs <= m.start
                    and m.end <= cs and _words(text[m.end:cs]) <= 2 and not any(c in text[m.end:cs] for c in ",;:")
                    and not self._oblique(m) and not re.match(r"['’]s?(?!\w)", text[m.end:m.end + 2])
                    and not re.search(r"['’]s?$", m.text)):  # "China's state media reported": a modifier
                return m
        return None

    def _org_noun_after(self, text: str, s: int, e: int) -> bool:
        w = _WORD.match(text[s:e].lstrip())
        return bool(w) and w.group(0).casefold() in set(_data(self.lang).get("org_nouns", ()))

    def _nearest_org(self, fname: Field, f: _Found) -> Mention | None:
        """The organisation named in the quote's sentence nearest its cue, else the last one named before it."""
        text = self.article.field(fname)
        cs = f.cue[0]
        ss = max(text.rfind(".", 0, min(f.start, cs)), text.rfind("\n", 0, min(f.start, cs))) + 1
        se = min(i for i in (text.find("\n", max(f.end, cs)), len(text)) if i >= 0)
        orgs = [m for m in self.mentions if m.type == "ORG" and m.field == fname]
        near = [m for m in orgs if ss <= m.start and m.end <= se]
        if near:
            return min(near, key=lambda m: abs(m.start - cs))
        before = [m for m in orgs if m.end <= ss and ss - m.end <= _CONTINUATION]
        if not before:
            return None
        # The organisation the article is about (named most so far), the latest of equals.
        counts: dict[str, int] = {}
        for m in orgs:
            if m.end <= ss:
                counts[self.key(m)[0]] = counts.get(self.key(m)[0], 0) + 1
        return max(reversed(before), key=lambda m: counts[self.key(m)[0]])

    def _pronoun_at_cue(self, text: str, f: _Found) -> bool:
        pronouns = _pronouns(self.lang)
        if pronouns is None:
            return False
        cs, ce = f.cue
        before = re.search(r"(\w+)[ \t]+$", text[max(0, cs - 30):cs])
        after = re.match(r"[ \t]+(\w+)", text[ce:ce + 30])
        if after and f.start <= ce + after.start(1) < f.end:
            after = None  # "Mayorga claims she went to the police": the reported clause's subject
        return any(m and pronouns.fullmatch(m.group(1)) for m in (before, after))

    def _indefinite(self, text: str, zs: int, ts: int) -> bool:
        """An indefinite article within two words before a title ("a government spokesperson")."""
        words = {w.casefold() for w in _WORD.findall(text[zs:ts])[-3:]}
        return bool(words & set(_data(self.lang).get("indefinite", ())))

    def _nearest_person(self, fname: Field, pos: int, reach: int | None = None, since: int = -1) -> tuple[str, str] | None:
        before = [(m.end, self.key(m)) for m in self.mentions if m.type == "PER" and m.field == fname and since <= m.start and m.end <= pos
                  and (reach is None or pos - m.end <= reach)]
        # A person the recogniser missed, once a speaker, is named again by the name or its last word.
        text = self.article.field(fname)
        for name, sid in self.local.items():
            for form in {name, name.split()[-1]}:
                if len(form) < 3:
                    continue
                for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text[:pos]):
                    if since <= m.start() and (reach is None or pos - m.end() <= reach):
                        before.append((m.end(), (sid, name)))
        return max(before, key=lambda b: b[0])[1] if before else None

    def _name_opening(self, text: str, zs: int, ze: int) -> tuple[int, int, str] | None:
        """Verb-final copy opens with its speaker and a comma ("Trump, … olduğunu söyledi"): a name the recogniser missed."""
        m = re.match(r"[ \t]*" + _CAPITALISED + r"[ \t]*,", text[zs:ze])
        if not m and _data(self.lang).get("subject_first"):
            # "Ri Yong Ho told the Assembly that …", "Pompeo met Ri … and said that …": a subject
            # the recogniser missed, then a lowercase verb.  A sentence opens with a capital
            # anyway, so one word must also be capitalised in mid-sentence elsewhere to be a name.
            m = re.match(r"[ \t]*" + _CAPITALISED + r"[ \t]+(?P<next>[^\W\d_A-ZА-ЯЁ]\w*)", text[zs:ze])
            if m and (m.group("next").casefold() in self._not_verbs()  # "General Assembly and said"
                      or len(m.group("name").split()) == 1 and not self._capitalised_inside(m.group("name"))):
                m = None
        if not m:
            return None
        s, e = zs + m.start("name"), zs + m.end("name")
        words = text[s:e].split()
        stop = lexicon.stopwords(self.lang)
        if any(w.casefold() in stop for w in words) or self._not_a_person(s, e, text[s:e]):
            return None
        return s, e, text[s:e]

    def _not_verbs(self) -> set[str]:
        """Words that cannot follow a sentence's subject as its verb: prepositions and conjunctions."""
        d = _data(self.lang)
        return {w.casefold() for w in d.get("bare", {}).get("not_before", []) + d.get("not_in_subject", [])}

    def _capitalised_inside(self, word: str) -> bool:
        """The word stands capitalised after a lowercase word somewhere in the article: a name, not a sentence opener."""
        pattern = re.compile(r"(?<![.!?…:\n])[ \t]+" + re.escape(word) + r"(?!\w)")
        return any(pattern.search(self.article.field(f)) for f in ("title", "text"))

    def _name_next_to_cue(self, text: str, f: _Found) -> tuple[int, int, str] | None:
        """A capitalised name the recogniser missed, right before or after the cue ("Nugroho said", "said Hammel")."""
        cs, ce = f.cue
        stop = lexicon.stopwords(self.lang)
        before = re.search(_CAPITALISED + r"[ \t]*,?[ \t]*$", text[max(0, cs - 60):cs])
        # After the cue, a name ends the clause or a function word follows it ("said Hammel on Friday");
        # a lowercase word makes it a modifier ("according to Indonesian regulations").
        after = re.match(r"[ \t]*" + _CAPITALISED + r"(?=[ \t]*(?:$|[^\w\s]|(?P<next>\w+)))", text[ce:ce + 60])
        if after and after.group("next") and after.group("next")[0].islower() and after.group("next").casefold() not in stop:
            after = None
        for m, base in ((before, max(0, cs - 60)), (after, ce)):
            if not m:
                continue
            s, e = base + m.start("name"), base + m.end("name")
            words = text[s:e].split()
            if not all(w[0].isupper() for w in words) or any(w.casefold() in stop for w in words) or f.start <= s < f.end:
                continue
            if self._not_a_person(s, e, text[s:e]):
                continue
            return s, e, text[s:e]
        return None

    def _not_a_person(self, s: int, e: int, name: str) -> bool:
        """A capitalised run the recogniser or the date reader took for something else ("Friday", "West Virginia")."""
        a = self.article
        other = [m for m in a.mentions if m.type not in _SPEAKER_TYPES] + list(a.dates)
        return (any(m.start < e and s < m.end and 2 * (min(e, m.end) - max(s, m.start)) >= e - s for m in other)
                or name.casefold() in lexicon.stopwords(self.lang)
                or name.split()[0].casefold() in _data(self.lang).get("not_speakers", ())
                or all(w.casefold().rstrip(".") in _calendar_words(self.lang) for w in name.split()))

    def _surnames(self, fname: Field, text: str, zs: int, ze: int, known: list[Mention]) -> list[Mention]:
        """Bare surnames of people named earlier that the recogniser left out ("كتب باشينيان")."""
        out = []
        for w in _WORD.finditer(text, zs, ze):
            if any(m.start <= w.start() < m.end for m in known):
                continue
            word = w.group(0).casefold()
            for m in self.mentions:
                if m.type == "PER" and len(word) > 3 and (m.base or m.text).split()[-1].casefold() == word:
                    out.append(Mention(fname, w.start(), w.end(), w.group(0), "PER", m.base or m.text, m.entity_id, "quotes"))
                    break
        return out

    def _found(self, fname, f, sid, name, mention):
        if sid and sid.startswith("PER:"):
            # A name the recogniser missed is one person in its short and long forms ("Ri Yong Ho" … "Ri said").
            same = next((k for k in self.local if set(name.split()) <= set(k.split()) or set(k.split()) <= set(name.split())), None)
            if same:
                if len(name) > len(same):
                    self.local[name] = self.local.pop(same)
                sid, name = self.local.get(name, self.local.get(same)), (name if len(name) > len(same) else same)
            else:
                self.local[name] = sid
        self.last = (fname, f.end, sid, name)
        self.run_end = f.end
        return sid, name, mention

    def _continuation(self, fname: Field, pos: int):
        # Measured from the run's last quote: a long run of quotes is one speaker's throughout.
        if self.last and self.last[0] == fname and pos - max(self.last[1], self.run_end) <= _CONTINUATION:
            return self.last[2], self.last[3], None
        return None, None, None

    def _titled(self, title: str, fname: Field, pos: int) -> tuple[str, str] | None:
        """The person this article names next to this title ("رئيس جمهور قزاقستان «X»")."""
        low = title.casefold()
        titled = []
        for m in self.mentions:
            if m.type != "PER":
                continue
            field_text = self.article.field(m.field)
            left = field_text[max(0, m.start - len(low) - 4):m.start].casefold()
            right = field_text[m.end:m.end + len(low) + 4].casefold()
            before = m.field == "title" or (m.field == fname and m.end <= pos)
            if low in left or low in right:
                titled.append((not before, -m.start if before else m.start, m))
        if titled:  # the nearest one so titled before this point, else the first after it
            return self.key(min(titled, key=lambda t: t[:2])[2])
        return None


def extract(article: Article) -> list[Quote]:
    """Quotes of an annotated article (its mentions linked), in reading order."""
    resolver = _Resolver(article)
    out = []
    for fname in ("title", "text"):
        text = article.field(fname)
        if not text:
            continue
        names = frozenset((m.start, m.end) for m in article.mentions if m.field == fname)
        for f in find(text, article.lang, names):
            sid, name, mention = resolver.speaker(fname, f)
            if mention and f.start <= mention.start < f.end:
                # "Тоқаев ... деп мәлімдеді": what was said follows the speaker's name.
                after = mention.end
                while after < f.end and text[after].isalnum():  # a case ending on the name ("Тоқаевтың")
                    after += 1
                f.start = _strip(text, after, f.end)[0]
                if _words(text[f.start:f.end]) < _MIN_WORDS:
                    continue
            if f.kind == "indirect" and sid is None and not _ANY_PAIR_MARK.search(text, f.start, f.end) and '"' not in text[f.start:f.end]:
                continue  # a reported clause nobody can be found to have said is most often not one
            cue = Span(fname, f.cue[0], f.cue[1], text[f.cue[0]:f.cue[1]]) if f.cue else None
            out.append(Quote(fname, f.start, f.end, text[f.start:f.end], f.kind, cue, sid, name, mention))
    return out
