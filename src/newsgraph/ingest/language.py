"""Language of a clean body, by py3langid and the model it ships (no download).

The package ships its model compressed with LZMA, which takes a third of a second of CPU
to inflate at every load (in the build's parent and again in its worker's fork server).
An inflated copy is kept in the user's cache folder (`newsgraph.cache.derived_file`) and
read instead; without a cache folder the package loads its own file.
"""

from __future__ import annotations

import lzma
import shutil
from array import array
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from newsgraph.cache import derived_file

# Below this much text or this confidence, "unknown" is more honest than a guess.
MIN_CHARS = 40
MIN_PROBABILITY = 0.80


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    inflated = derived_file("langid-model", Path(MODEL_DIR) / MODEL_FILE, ".npz", _inflate)
    if inflated is not None:
        try:
            return _from_inflated(inflated)
        except Exception:  # noqa: BLE001 - another layout: the package reads its own file
            pass
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _inflate(source: Path, out: BinaryIO) -> None:
    with lzma.open(source) as packed:
        shutil.copyfileobj(packed, out, length=1 << 20)


# array.array type codes by item size, for the automaton's tables.
_ARRAY_CODES = {2: "H", 4: "I", 8: "Q"}


def _from_inflated(path: Path):
    """The identifier from the inflated model: the arrays the package's loader reads from
    its compressed file, in the forms its constructor takes."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    def table(values: np.ndarray) -> array:
        return array(_ARRAY_CODES[values.dtype.itemsize], np.ascontiguousarray(values).tobytes())

    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            table(data["nextmove"]),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=table(data["nextmove_row"]),
        )


def warm_up() -> None:
    """Load the model now rather than on the first text."""
    _identifier()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when there is too little text to tell.

    >>> detect_language("The government said on Tuesday that talks would resume next week.")
    'en'
    """
    sample = text[:5000]
    if len(sample.strip()) < MIN_CHARS:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= MIN_PROBABILITY else None
