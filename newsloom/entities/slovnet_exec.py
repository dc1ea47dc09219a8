"""natasha's slovnet taggers (NER and morphology) run on our tokens, with the arithmetic laid out for speed.

slovnet's own executor reshapes and swaps axes around every layer, batches
eight sequences with pad tokens whose embeddings leak into the last real
token's window, runs Viterbi over every token in Python and tokenises each
text again.  The network is the same here, weights and all (read from the
loaded slovnet models, so nothing is downloaded or retrained); what changes:

- sequences are laid end to end with one zero row between them, so a batch
  is one matrix product per layer and each sequence sees zeros past its ends,
  as a sequence alone would (no pad-token leak);
- a convolution is one product of the three shifted copies of its input with
  the kernel reordered to match, and the batch norm after it is one
  multiply-add;
- a receptive field is three tokens either side (three layers of width-3
  kernels), so the morphology tagger runs only on windows around the tokens
  whose tags are needed, and gives them what it gives over a whole sentence.
"""

from __future__ import annotations

import numpy as np

# Tokens each side that a position's output depends on: one per width-3 layer.
RADIUS = 3
# Distinct words whose first-layer projection a tagger remembers (3 KB each).
MEMO_WORDS = 20_000


class Net:
    """The embedding, CNN encoder and projection of one slovnet tagger."""

    def __init__(self, api) -> None:
        model = api.infer.model
        enc = api.infer.encoder
        self.words, self.shapes = enc.words_vocab, enc.shapes_vocab
        self.tags = api.infer.decoder.tags_vocab.items
        self._ids: dict[str, tuple[int, int]] = {}  # word -> (word id, shape id)
        nav = model.emb.word
        self.indexes = nav.indexes.array
        self.codes = np.ascontiguousarray(nav.codes.array, dtype=np.float32)
        self.qdims = np.arange(self.codes.shape[0])
        self.shape_emb = np.ascontiguousarray(model.emb.shape.weight.array, dtype=np.float32)
        self.layers = []
        first = True
        for layer in model.encoder.layers:
            w = layer.conv.weight.array  # filters x in x kernel
            filters, in_dim, kernel = w.shape
            if kernel != 3 or layer.conv.padding != 1:
                raise ValueError("slovnet layer shape not supported")
            # Rows ordered (kernel offset, input dim), as np.hstack of shifted copies lays them out.
            flat = np.ascontiguousarray(w.transpose(2, 1, 0).reshape(kernel * in_dim, filters), dtype=np.float32)
            norm = layer.norm
            scale = (norm.weight.array / norm.std.array).astype(np.float32)
            shift = (norm.bias.array - norm.mean.array * scale).astype(np.float32)
            self.layers.append((flat, layer.conv.bias.array.astype(np.float32), scale, shift))
            if first:
                # The first layer is linear in each word's embedding: its three kernel
                # offsets, split into the word part and the (66-row) shape part.
                by_offset = flat.reshape(kernel, in_dim, filters)
                self.word_dim = self.codes.shape[0] * self.codes.shape[2]
                self.first_word = np.ascontiguousarray(
                    by_offset[:, : self.word_dim].transpose(1, 0, 2).reshape(self.word_dim, kernel * filters))
                shapes = np.vstack((self.shape_emb, np.zeros((1, self.shape_emb.shape[1]), np.float32)))
                self.first_shape = np.einsum("sd,kdf->ksf", shapes, by_offset[:, self.word_dim :]).astype(np.float32)
                first = False
        # (input, offsets x filters) kernels of the layers after the first.
        self.later = [(np.ascontiguousarray(flat.reshape(3, -1, flat.shape[1]).transpose(1, 0, 2).reshape(-1, 3 * flat.shape[1])),
                       bias, scale, shift) for flat, bias, scale, shift in self.layers[1:]]
        self._slot = np.full(len(self.indexes), -1, dtype=np.int64)  # word id -> row of _memo
        self._memo = np.zeros((MEMO_WORDS, self.first_word.shape[1]), np.float32)
        self._used = 1
        self.proj_w = np.ascontiguousarray(model.head.proj.weight.array, dtype=np.float32)
        self.proj_b = model.head.proj.bias.array.astype(np.float32)
        crf = getattr(model.head, "crf", None)
        self.transitions = None if crf is None else crf.transitions.array.astype(np.float32)

    def ids(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        cache = self._ids
        if len(cache) > 200_000:
            cache.clear()  # bounded: a long-running process meets ever new words
        w, s = zip(*(cache.get(word) or cache.setdefault(word, _word_ids(self, word)) for word in words)) if words else ((), ())
        return np.fromiter(w, np.int64, len(words)), np.fromiter(s, np.int64, len(words))

    def _slots(self, word_id: np.ndarray) -> np.ndarray:
        """Per token, its word's row of the first-layer memo (row 0 stays zero: the padding).

        A word is projected once per process, not once per article: a few
        thousand common words are most of any news text.  The memo starts
        afresh when full.
        """
        slot = self._slot[word_id]
        missing = slot < 0
        if missing.any():
            new = np.unique(word_id[missing])
            if self._used + len(new) > len(self._memo):
                self._slot[:] = -1
                self._used = 1
                new = np.unique(word_id)
            if 1 + len(new) > len(self._memo):
                self._memo = np.empty((1 + len(new), self.first_word.shape[1]), np.float32)
                self._memo[0] = 0
            at = np.arange(self._used, self._used + len(new))
            self._memo[at] = self.codes[self.qdims, self.indexes[new]].reshape(len(new), -1) @ self.first_word
            self._slot[new] = at
            self._used += len(new)
            slot = self._slot[word_id]
        return slot

    def forward(self, seqs: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """Scores (tokens x tags) per sequence, each computed as if alone."""
        lengths = [len(w) for w, _ in seqs]
        total = sum(lengths) + len(seqs) + 1
        # Row 0 and one row after each sequence stay zero: the padding a lone sequence would get.
        starts, pos = [], 1
        for n in lengths:
            starts.append(pos)
            pos += n + 1
        rows = np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths)]) if seqs else np.zeros(0, int)
        gaps = np.array([s + n for s, n in zip(starts, lengths)], dtype=int)
        word_id = np.concatenate([w for w, _ in seqs]) if seqs else np.zeros(0, int)
        shape_id = np.concatenate([s for _, s in seqs]) if seqs else np.zeros(0, int)
        # First layer: each word's projection from the memo, then per position the sum of its neighbours'.
        filters = self.layers[0][0].shape[1]
        widx = np.zeros(total, dtype=np.int64)
        widx[rows] = self._slots(word_id)
        proj = self._memo.reshape(len(self._memo), 3, filters)
        sidx = np.full(total, self.first_shape.shape[1] - 1)
        sidx[rows] = shape_id
        _, bias, scale, shift = self.layers[0]
        y = proj[widx[:-2], 0] + proj[widx[1:-1], 1] + proj[widx[2:], 2]
        y += self.first_shape[0][sidx[:-2]] + self.first_shape[1][sidx[1:-1]] + self.first_shape[2][sidx[2:]]
        y += bias
        np.maximum(y, 0, out=y)
        y *= scale
        y += shift
        x = np.zeros((total, filters), dtype=np.float32)
        x[1:-1] = y
        x[0] = 0
        x[gaps] = 0
        for wide, bias, scale, shift in self.later:
            # One product of the unshifted input with the three offsets' kernels side by side, then shifted sums.
            z = x @ wide
            f = z.shape[1] // 3
            y = z[:-2, :f] + z[1:-1, f : 2 * f]
            y += z[2:, 2 * f :]
            y += bias
            np.maximum(y, 0, out=y)
            y *= scale
            y += shift
            x = np.zeros((total, y.shape[1]), dtype=np.float32)
            x[1:-1] = y
            x[0] = 0
            x[gaps] = 0
        out = x[rows] @ self.proj_w + self.proj_b
        res, k = [], 0
        for n in lengths:
            res.append(out[k : k + n])
            k += n
        return res


def _word_ids(net: Net, word: str) -> tuple[int, int]:
    from slovnet.shape import word_shape

    return net.words.encode(word.lower()), net.shapes.encode(word_shape(word))


def viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best tag path of a linear-chain CRF with no start or end scores, as slovnet decodes it.

    (Cutting the recursion into sqrt(n) chunks of max-plus products, exact
    too, was slower here: numpy's overhead on the small arrays outweighs the
    calls saved; so was running all chunks' recursions at once from every
    entry tag, 2026-12-02.)
    """
    n, k = emissions.shape
    if n == 0:
        return []
    # The loop keeps only the best scores (two ufunc calls a token into kept
    # buffers); the back pointers are then one argmax over all positions, of
    # the very same sums, so ties break as before.
    scores = np.empty((n, k), dtype=np.result_type(emissions, transitions))
    scores[0] = emissions[0]
    cand = np.empty((k, k), dtype=scores.dtype)
    add, best_of = np.add, np.maximum.reduce
    for v in range(1, n):
        add(scores[v - 1][:, None], transitions, out=cand)
        add(best_of(cand, axis=0), emissions[v], out=scores[v])
    back = (scores[:-1, :, None] + transitions).argmax(axis=1).tolist()
    best = int(scores[-1].argmax())
    path = [best]
    for b in reversed(back):
        best = b[best]
        path.append(best)
    path.reverse()
    return path


def bio_spans(tokens, tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (i, j, type) of BIO tags, as slovnet's ``bio_spans`` reads them."""
    out, start, typ = [], 0, None
    for k, tag in enumerate(tags):
        part, _, t = tag.partition("-")
        if part == "O":
            if typ:
                out.append((start, end, typ))
                typ = None
        elif part == "B":
            if typ:
                out.append((start, end, typ))
            typ, start, end = t, k, k + 1
        elif part == "I":
            end = k + 1
    if typ:
        out.append((start, end, typ))
    return out


class NER:
    def __init__(self, api) -> None:
        self.net = Net(api)
        self.o = self.net.tags.index("O")

    def spans(self, words_list: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        if not words_list:
            return []
        scores = self.net.forward([self.net.ids(w) for w in words_list])
        out = []
        for words, em in zip(words_list, scores):
            path = viterbi(em, self.net.transitions)
            out.append(bio_spans(words, [self.net.tags[t] for t in path]))
        return out


class Morph:
    def __init__(self, api) -> None:
        from slovnet.conll import parse_conll_tag

        self.net = Net(api)
        self.parsed = [parse_conll_tag(t) for t in self.net.tags]

    def tag(self, words: list[str], wanted: list[tuple[int, int]]) -> dict[int, tuple[str, dict]]:
        """(pos, feats) of the tokens in the ``wanted`` ranges, each from a window of RADIUS tokens around it."""
        windows: list[list[int]] = []
        for i, j in sorted(wanted):
            a, b = max(0, i - RADIUS), min(len(words), j + RADIUS)
            if windows and a <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], b)
            else:
                windows.append([a, b])
        if not windows:
            return {}
        scores = self.net.forward([self.net.ids(words[a:b]) for a, b in windows])
        need = {k for i, j in wanted for k in range(i, j)}
        out = {}
        for (a, b), sc in zip(windows, scores):
            best = sc.argmax(axis=1)
            for k in range(a, b):
                if k in need:
                    out[k] = self.parsed[best[k - a]]
        return out
