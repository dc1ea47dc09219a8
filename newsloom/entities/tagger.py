"""Statistical named-entity tagger: a linear-chain CRF per language (CRFsuite).

The models ship in ``newsloom/data/ner/<lang>.crfsuite`` and are trained by
``python -m newsloom.evaluation.train_ner`` on open corpora (KazNERD for
Kazakh, ANERcorp for Arabic; see ``data/ner/README.md``).  They tag PER, ORG
and LOC in BIO over this module's tokens: words (with an attached
hyphen/apostrophe suffix, so "ҰҚШҰ-ға" stays one token) and single punctuation
marks.

The tagger reads *clean* text (:func:`newsloom.normalize.clean`), exactly as
the recogniser sees it, and training goes through the same path, so that the
Arabic/Persian letter folding and Cyrillic repairs are the same at both ends.

Besides the word itself the features carry what the rest of newsloom already
knows: gazetteer matches and person-title phrases, passed in as ``hints``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .. import lang as languages
from ..lang import variants
from ..lang.arabic_script import TAGGER_PREFIXES
from ..lang.arabic_script import surnames as _arabic_surnames

TOKEN_RE = re.compile(r"\w+(?:[-'’ʻ‘]\w+)*|[^\w\s]", re.UNICODE)
TYPES = ("PER", "ORG", "LOC")
_SENT_END = {".", "!", "?", "؟", "…"}
# Feature groups switched off for an ablation (train_ner --ablate); empty in use.
ABLATE: set[str] = set()


@dataclass(frozen=True)
class Span:
    start: int  # clean-text offsets
    end: int
    type: str


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


def _shape(word: str) -> str:
    out: list[str] = []
    for c in word:
        if c.isupper():
            s = "X"
        elif c.isalpha():
            s = "x"
        elif c.isdigit():
            s = "d"
        else:
            s = c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out[:6])


def _script(word: str) -> str:
    c = next((ch for ch in word if ch.isalpha()), "")
    if not c:
        return "none"
    o = ord(c)
    if 0x400 <= o <= 0x4FF:
        return "cyr"
    if 0x600 <= o <= 0x6FF:
        return "arab"
    if o < 0x250:
        return "lat"
    return "other"


@lru_cache(maxsize=200_000)
def _word_features(word: str, lang: str, clusters: bool = True) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(features of the word itself, the few it lends to its neighbours)."""
    low = word.casefold()
    sc = _script(word)
    f = ["w=" + low, "sh=" + _shape(word), "sc=" + sc]
    n = len(low)
    for k in (2, 3, 4):
        if n > k:
            f.append(f"p{k}=" + low[:k])
    for k in (1, 2, 3, 4, 5):
        if n > k:
            f.append(f"s{k}=" + low[-k:])
    title = word[:1].isupper()
    if title:
        f.append("T")
    if n > 1 and word.isupper():
        f.append("U")
    if any(c.isdigit() for c in word):
        f.append("D")
    if "-" in word or "'" in word or "’" in word:
        f.append("H")
        f.append("hd=" + re.split(r"[-'’ʻ‘]", low)[0])
    f.append("len=" + str(min(n, 10)))
    stem = low
    if sc == "cyr":
        # Case endings move the name into unseen word forms; the stripped
        # stems ("тоқаев" from "тоқаевтың") carry it back to what was seen.
        vs = variants(low, "kk")
        if len(vs) > 1:
            stem = vs[-1]
            f.append("st=" + stem)
            f.append("sf=" + low[len(stem):])
            f.append("st1=" + vs[1])
    elif sc == "arab":
        for p in TAGGER_PREFIXES:
            if low.startswith(p) and n - len(p) >= 3:
                stem = low[len(p):]
                f.append("pf=" + p)
                f.append("st=" + stem)
                break
        # Unvocalised Arabic has no capitals; how common a word is stands in
        # for them (names are rare words, function words and verbs are not).
        zf = _zipf(low, lang)
        f.append("zf=%d" % zf)
        if stem != low:
            f.append("zst=%d" % _zipf(stem, lang))
        # Given names open names; without capitals little else marks where one starts.
        given = _arabic_given_names()
        gn = low in given or stem in given
        # A surname alone ("خاتمی", "پوتین", "بوش") has neither a given name
        # nor a capital to mark it; the politicians' list and the names known
        # abroad say which words people bear.
        sn = "surnames" not in ABLATE and (low in _arabic_surnames() or stem in _arabic_surnames())
        # Foreign names written in Arabic script; Persian letters read as
        # Arabic ones find them in Persian text too ("پوتین" as "بوتین").
        tn = "person_words" not in ABLATE and any(x in _person_words() for x in {low, stem, low.translate(_TO_ARABIC)})
    # Word clusters generalise across word forms and languages; the stem's
    # cluster carries an inflected or clitic-laden form to its word's.
    cl = _clusters() if clusters and "clusters" not in ABLATE else None
    if cl is not None and sc != "none":
        c64, c256, c1024 = cl.of(low)
        if c1024 >= 0:
            f.extend(("c64=%d" % c64, "c256=%d" % c256, "c1k=%d" % c1024))
        if stem != low:
            s64, s256, _ = cl.of(stem)
            if s256 >= 0:
                f.extend(("sc64=%d" % s64, "sc256=%d" % s256))
    else:
        c256 = -1
    own = languages.get(lang).tagger_features
    extra = own(word) if own is not None else ()
    f.extend(extra)
    ctx = ["w=" + low, "sh=" + _shape(word), *extra]
    if c256 >= 0:
        ctx.append("c256=%d" % c256)
    if n > 3:
        ctx.append("s3=" + low[-3:])
    if stem != low:
        ctx.append("st=" + stem)
    if title:
        ctx.append("T")
    if sc == "arab":
        ctx.append("zf=%d" % zf)
        if gn:
            f.append("gn")
            ctx.append("gn")
        if sn:
            f.append("sn")
            ctx.append("sn")
        if tn:
            f.append("tn")
            ctx.append("tn")
    return tuple(f), tuple(ctx)


_CLUSTER_FEATURES = ("c64=", "c256=", "c1k=", "sc64=", "sc256=", "-1:c256=", "1:c256=")


def _clusters():
    from .clusters import default_clusters

    return default_clusters()


@lru_cache(maxsize=1)
def _arabic_given_names() -> frozenset[str]:
    from .. import lexicon

    return lexicon.given_names("Arab")


@lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    from .. import lexicon

    return lexicon.person_words("Arab")


# Persian letters for sounds Arabic writes with others, as Arabic writes foreign names.
_TO_ARABIC = str.maketrans({"پ": "ب", "گ": "غ", "چ": "تش", "ژ": "ج"})
_UNFOLD = str.maketrans({"ی": "ي", "ک": "ك"})


def _zipf(word: str, lang: str) -> int:
    """How common the word is in the language of the text (not of the model)."""
    from wordfreq import zipf_frequency

    if lang in ("fa", "ur"):
        return int(zipf_frequency(word, lang))
    w = word.translate(_UNFOLD)
    forms = (w, w[:-1] + "ة") if w.endswith("ه") else (w,)
    return int(max(zipf_frequency(x, "ar") for x in forms))


_OFFSETS = (-3, -2, -1, 1, 2, 3)


@lru_cache(maxsize=200_000)
def _word_view(word: str, lang: str, clusters: bool = True) -> tuple:
    """A word's features as each position sees them: its own, then at -3 .. +3."""
    own, ctx = _word_features(word, lang, clusters)
    views = [own]
    for d in _OFFSETS:
        views.append(tuple(f"{d}:{x}" for x in ctx) if d in (-1, 1) else (f"{d}:{ctx[0]}",))
    return tuple(views), ctx[0][2:]


def hint_tags(tokens, hints: list[Span] | None) -> list[str]:
    """Per token, the lexicon hint it falls in ("B-gaz.LOC", "I-TITLE", "after-TITLE", "")."""
    n = len(tokens)
    tags = [""] * n
    if hints:
        starts = {t[0]: i for i, t in enumerate(tokens)}
        for h in hints:
            i = starts.get(h.start)
            if i is None:
                continue
            j = i
            while j < n and tokens[j][0] < h.end:
                tags[j] = ("B-" if j == i else "I-") + h.type
                j += 1
            if h.type == "TITLE" and j < n:
                tags[j] = tags[j] or "after-TITLE"
    return tags


_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"'}
_QUOTE_MAX = 8  # tokens: longer quoted runs are speech, not names


def _quoted(tokens) -> list[str]:
    """Per token, where it stands in a short quoted run ("B", "I", "E", "BE"), or ""."""
    n = len(tokens)
    out = [""] * n
    i = 0
    while i < n:
        close = _QUOTES.get(tokens[i][2])
        if close is None:
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= _QUOTE_MAX + 1 and tokens[j][2] != close:
            j += 1
        if j < n and tokens[j][2] == close and j - i - 1 <= _QUOTE_MAX and j > i + 1:
            for k in range(i + 1, j):
                out[k] = ("B" if k == i + 1 else "") + ("E" if k == j - 1 else "") or "I"
            i = j + 1
        else:
            i += 1
    return out


_HEAD_WINDOW = 6  # words: how far ahead an organisation's head noun is looked for


def _org_heads(tokens, lang: str) -> list[tuple[int, str]]:
    """Per word, how many words ahead the next organisation head noun stands ("ohd=2"), if within reach.

    The head ends the name ("Алматы қалалық ішкі істер басқармасының"), so
    the distance tells a place or a common word opening an organisation's
    name from one standing alone.  Quotes may stand inside the name; other
    punctuation ends the reach.
    """
    is_head = languages.get(lang).org_head
    if is_head is None or "heads" in ABLATE:
        return []
    out = []
    nxt = None  # index of the next head at or after i, within the current run of words
    for i in range(len(tokens) - 1, -1, -1):
        w = tokens[i][2]
        if not w[0].isalnum():
            if w not in _QUOTES and w not in _QUOTES.values():
                nxt = None
            continue
        if is_head(w.casefold()):
            out.append((i, "oh"))
            if nxt is not None and nxt - i <= _HEAD_WINDOW:
                out.append((i, "ohd=%d" % (nxt - i)))  # a head in a longer name: "Ұлттық банк басқармасы"
            nxt = i
        elif nxt is not None and nxt - i <= _HEAD_WINDOW:
            d = "ohd=%d" % (nxt - i)
            out.append((i, d))
            if w[:1].isupper():
                out.append((i, d + "&T"))
    return out


def _sparse(tokens, hint_tag: list[str], text: str, lang: str = "") -> list[tuple[int, str]]:
    """(token, feature) pairs of one sentence for what depends on more than one word but fires rarely.

    Every token also has the bias "b" and, after the first, the word bigram
    "bg=prev|word"; :func:`features` adds those and the tagger scores them in bulk.
    """
    n = len(tokens)
    if not n:
        return []
    out = [(0, "-1:edge"), (n - 1, "1:edge")]
    ends = _SENT_END
    # The gaps are read only when a line break is somewhere in the sentence (the tagger's sentences have none).
    broken = bool(text) and "\n" in text[tokens[0][1] : tokens[-1][0]]
    for i in [0] + [i for i in range(1, n) if tokens[i - 1][2] in ends
                    or (broken and "\n" in text[tokens[i - 1][1] : tokens[i][0]])]:
        out.append((i, "BOS"))
        if tokens[i][2][:1].isupper():
            out.append((i, "T&BOS"))
    for i in [i for i, h in enumerate(hint_tag) if h]:
        h = hint_tag[i]
        out.append((i, "h=" + h))
        if i > 0:
            out.append((i - 1, "1:h=" + h))
        if i + 1 < n:
            out.append((i + 1, "-1:h=" + h))
    # Organisations and brands are often quoted whole («Қазақстан темір жолы»):
    # where a short quoted run starts and ends bounds the name.
    if "quotes" not in ABLATE and not _QUOTES.keys().isdisjoint([t[2] for t in tokens]):
        out.extend((i, "q=" + q) for i, q in enumerate(_quoted(tokens)) if q)
    out.extend(_org_heads(tokens, lang))
    return out


def features(tokens, lang: str, hints: list[Span] | None = None, text: str = "") -> list[list[str]]:
    """Feature strings per token (training form).  ``hints`` are lexicon spans (gaz.LOC, TITLE, ...)."""
    n = len(tokens)
    words = [_word_view(t[2], lang) for t in tokens]
    out: list[list[str]] = []
    for i in range(n):
        f = list(words[i][0][0])
        for k, d in enumerate(_OFFSETS, 1):
            if 0 <= i + d < n:
                f.extend(words[i + d][0][k])
        f.append("b")
        if i > 0:
            f.append("bg=" + words[i - 1][1] + "|" + words[i][1])
        out.append(f)
    for i, x in _sparse(tokens, hint_tags(tokens, hints), text, lang):
        out[i].append(x)
    return out


def spans_from_bio(labels: list[str], tokens: list[tuple[int, int, str]]) -> list[Span]:
    """CoNLL reading: an I- that does not continue a chunk of its type starts one."""
    out: list[Span] = []
    cur: list | None = None
    for lab, tok in zip(labels, tokens):
        if lab == "O" or "-" not in lab:
            cur = None
            continue
        bi, typ = lab.split("-", 1)
        if bi == "I" and cur is not None and cur[2] == typ:
            cur[1] = tok[1]
            out[-1] = Span(cur[0], cur[1], typ)
            continue
        cur = [tok[0], tok[1], typ]
        out.append(Span(tok[0], tok[1], typ))
    return out


def model_path(lang: str):
    return resources.files("newsloom") / "data" / "ner" / f"{lang}.crfsuite"


def _crf_tables(lang: str, path: str | None):
    """(labels, attribute -> score per label, label transition scores) of a CRFsuite model."""
    import numpy as np
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    if path is None:
        with resources.as_file(model_path(lang)) as p:
            crf.open(str(p))
    else:
        crf.open(str(path))
    info = crf.info()
    labels = list(crf.labels())
    index = {lab: k for k, lab in enumerate(labels)}
    size = len(labels)
    weights: dict[str, np.ndarray] = {}
    for (attr, lab), w in info.state_features.items():
        vec = weights.get(attr)
        if vec is None:
            vec = weights[attr] = np.zeros(size)
        vec[index[lab]] += w
    trans = np.zeros((size, size))
    for (a, b), w in info.transitions.items():
        trans[index[a], index[b]] = w
    return labels, weights, trans


class Tagger:
    """A trained CRF applied with numpy.

    CRFsuite trains and stores the model; tagging reads its weights once and
    scores each distinct word form once (per position relative to the token),
    then runs Viterbi.  Same labels as ``pycrfsuite.Tagger.tag``, several
    times faster, which matters because every Kazakh and Arabic article
    goes through here.
    """

    def __init__(self, lang: str, path: str | None = None) -> None:
        import numpy as np

        self.lang = lang
        if path is None:
            from ..startup_cache import cached

            # Reading the weights out of CRFsuite's dump is seconds per model.
            self.labels, self._weights, self._trans = cached(f"crf-{lang}", lambda: _crf_tables(lang, None))
        else:
            self.labels, self._weights, self._trans = _crf_tables(lang, path)
        # A model trained without cluster features has no use for them, and
        # they would load the static embedding table for nothing.
        self._clustered = any(k.startswith(_CLUSTER_FEATURES) for k in self._weights)
        size = len(self.labels)
        self._zero = np.zeros((len(_OFFSETS) + 1, size))
        # Per distinct word form: a row of _table (the scores it gives its own
        # position and each neighbour's) and its folded form, for bigrams.
        self._rows: dict[str, dict[str, int]] = {}  # lang -> word -> row
        self._lows: list[str] = []
        self._table = np.zeros((1024, len(_OFFSETS) + 1, size))
        self._np = np

    def _row(self, word: str, lang: str) -> int:
        """The row of _table with the scores a word form gives its own position and each neighbour's."""
        views, low = _word_view(word, lang, self._clustered)
        arr = self._zero.copy()
        for k, part in enumerate(views):
            for x in part:
                w = self._weights.get(x)
                if w is not None:
                    arr[k] += w
        row = len(self._lows)
        if row == len(self._table):
            self._table = self._np.concatenate((self._table, self._np.zeros_like(self._table)))
        self._table[row] = arr
        self._lows.append(low)
        self._rows.setdefault(lang, {})[word] = row
        return row

    def tag_tokens(self, tokens, hints: list[Span] | None = None, text: str = "", lang: str | None = None) -> list[str]:
        """BIO labels of one sentence."""
        return self._viterbi([tokens], [hint_tags(tokens, hints)], text, lang or self.lang)[0]

    def tag(self, text: str, hints: list[Span] | None = None, lang: str | None = None) -> list[Span]:
        """PER/ORG/LOC spans of ``text`` (clean text, in language ``lang``), in its offsets."""
        toks = tokenize(text)
        if not toks:
            return []
        tags = hint_tags(toks, hints)
        sents, sent_tags, k = [], [], 0
        for sent in _sentences(toks, text):
            sents.append(sent)
            sent_tags.append(tags[k : k + len(sent)])
            k += len(sent)
        out: list[Span] = []
        for sent, labels in zip(sents, self._viterbi(sents, sent_tags, text, lang or self.lang)):
            out.extend(spans_from_bio(labels, sent))
        return out

    def _emissions(self, sents, sent_tags, text: str, lang: str, lens):
        """(token x label) scores of all sentences' tokens at once, with each token's sentence and position.

        A neighbour counts only inside its own sentence, as in training.
        """
        np = self._np
        S = len(sents)
        flat = [t for sent in sents for t in sent]
        sid = np.repeat(np.arange(S), lens)
        pos = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
        if len(self._lows) + len(flat) > 200_000:  # bounded: a long-running process meets ever new words
            self._rows.clear()
            self._lows.clear()
        rows_of = self._rows.setdefault(lang, {})
        idx = [rows_of.get(t[2]) for t in flat]
        if None in idx:
            # Looked up again: a new word's second occurrence finds the row its first one made.
            idx = [k if k is not None else self._row(w, lang) for w, k in ((t[2], rows_of.get(t[2])) for t in flat)]
        stack = self._table[idx]  # (tokens, 1 + offsets, labels)
        N = len(flat)
        e = stack[:, 0].copy()
        for k, d in enumerate(_OFFSETS, 1):
            if abs(d) >= N:
                continue
            if d < 0:
                same = (sid[-d:] == sid[: N + d])[:, None]
                e[-d:] += np.where(same, stack[: N + d, k], 0.0)
            else:
                same = (sid[: N - d] == sid[d:])[:, None]
                e[: N - d] += np.where(same, stack[d:, k], 0.0)
        get = self._weights.get
        bias = get("b")
        if bias is not None:
            e += bias
        rows, vecs = [], []
        base = 0
        for sent, tags in zip(sents, sent_tags):
            for i, x in _sparse(sent, tags, text, lang):
                w = get(x)
                if w is not None:
                    rows.append(base + i)
                    vecs.append(w)
            base += len(sent)
        # Word bigrams inside each sentence: most pairs never had a weight.
        all_lows = self._lows
        lows = [all_lows[k] for k in idx]
        for k, w in [kw for kw in enumerate(map(get, ["bg=" + a + "|" + b for a, b in zip(lows, lows[1:])]), 1) if kw[1] is not None]:
            if pos[k]:
                rows.append(k)
                vecs.append(w)
        if vecs:
            np.add.at(e, np.array(rows), np.array(vecs))
        return e, sid, pos

    def _viterbi(self, sents, sent_tags, text: str, lang: str) -> list[list[str]]:
        """Best label sequences of all sentences at once (numpy over sentences, a loop over positions)."""
        np = self._np
        S = len(sents)
        lens = np.array([len(s) for s in sents])
        if S == 0 or lens.max() == 0:
            return [[] for _ in sents]
        T = int(lens.max())
        L = len(self.labels)
        e, sid, pos = self._emissions(sents, sent_tags, text, lang, lens)
        # Longest sentences first, so that the sentences still running at
        # position i are always a prefix of the batch.
        order = np.argsort(-lens, kind="stable")
        rank = np.empty(S, dtype=np.intp)
        rank[order] = np.arange(S)
        em = np.zeros((S, T, L))
        em[rank[sid], pos] = e
        running = np.searchsorted(-lens[order], -np.arange(T), side="left")  # sentences longer than i
        trans = self._trans[None]  # (1, from, to)
        # Only the best scores in the loop, into kept buffers (as slovnet_exec.viterbi);
        # the back pointers after it are one argmax of the very same sums.
        scores = np.zeros((S, T, L))  # past its end a sentence keeps zeros (pointers there are not read)
        scores[:, 0] = em[:, 0]
        cand = np.empty((S, L, L))
        add, best_of = np.add, np.maximum.reduce
        for i in range(1, T):
            m = running[i]
            add(scores[:m, i - 1, :, None], trans, out=cand[:m])
            add(best_of(cand[:m], axis=1), em[:m, i], out=scores[:m, i])
        back = np.broadcast_to(np.arange(L), (S, T, L)).copy()
        if T > 1:
            live = np.arange(1, T)[None, :] < lens[order][:, None]  # (S, T - 1): position i inside the sentence
            pointers = (scores[:, :-1, :, None] + trans[:, None]).argmax(axis=2)
            back[:, 1:][live] = pointers[live]
        cur = scores[np.arange(S), lens[order] - 1].argmax(axis=1)
        path = np.empty((S, T), dtype=np.intp)
        path[:, T - 1] = cur
        ar = np.arange(S)
        for i in range(T - 1, 0, -1):
            cur = back[ar, i, cur]
            path[:, i - 1] = cur
        path = path[rank]
        labels = self.labels
        return [[labels[k] for k in path[si, : lens[si]]] for si in range(S)]


def _sentences(tokens, text, limit: int = 120):
    """Cut at sentence ends and line breaks, as the training sentences are cut."""
    cur: list = []
    for i, t in enumerate(tokens):
        if cur and ("\n" in text[cur[-1][1] : t[0]] or len(cur) >= limit):
            yield cur
            cur = []
        cur.append(t)
        if t[2] in _SENT_END:
            yield cur
            cur = []
    if cur:
        yield cur


def has_model(lang: str | None) -> bool:
    model = languages.get(lang).tagger
    return model is not None and model_path(model).is_file()


@lru_cache(maxsize=8)
def default_tagger(lang: str):
    """The shipped tagger serving ``lang`` (a CRF, or natasha where the language says so), or None."""
    if languages.get(lang).tagger == "natasha":
        from . import natasha_ru

        return natasha_ru.default_natasha_tagger()
    if not has_model(lang):
        return None
    try:
        return Tagger(languages.get(lang).tagger)
    except (ImportError, OSError):
        return None
