"""Language of a clean body, by py3langid and the model it ships (no download)."""

from __future__ import annotations

from functools import lru_cache

# Below this much text or this confidence, "unknown" is more honest than a guess.
MIN_CHARS = 40
MIN_PROBABILITY = 0.80


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
