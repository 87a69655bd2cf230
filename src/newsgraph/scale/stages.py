"""The stage functions every executor maps over batches: in-process, a local process
pool (`newsgraph.scale.local`) or Dask workers (`newsgraph.scale.dask_build`).

They are pure over plain data: a batch of `RawInput` in, a list of `Cleaned` out; a
batch of `Document` in, a list of `Analysis` (or `AnalysisError`) out. None of them
opens the store. The loaded `Analyser` (spaCy model, knowledge base, patterns) is
cached per process, so a worker loads it once however many batches it gets.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from newsgraph import errors, ingest
from newsgraph.errors import AnalysisError, InputError, NewsgraphError
from newsgraph.model import Analysis, Document, RawInput
from newsgraph.settings import Settings


@dataclass(frozen=True)
class Cleaned:
    """What ingest made of one input, ready for the store.

    Exactly one of `document`, `error` is set, or `unchanged` is true (the store
    already holds this source with the same raw bytes, so it was not cleaned again).
    `raw_text` is the decoded raw input the document's offsets point into.
    """

    source: str
    document: Document | None = None
    raw_text: str | None = None
    error: InputError | None = None
    unchanged: bool = False
    raw_hash: str | None = None


def raw_hash(raw: RawInput) -> str:
    """The hash the store compares to decide that an input is unchanged."""
    if hasattr(ingest, "raw_hash"):
        return ingest.raw_hash(raw)
    return hashlib.sha256(raw.data).hexdigest()


def clean_one(raw: RawInput) -> Cleaned:
    """Clean one input; a failure becomes an error record naming the input, never an exception."""
    try:
        doc = ingest.clean(raw)
    except InputError as exc:
        return Cleaned(source=raw.source, error=exc)
    except Exception as exc:  # a bug or a library failure on hostile input: report, go on
        message = errors.CLEAN_FAILED.format(detail=f"{type(exc).__name__}: {exc}")
        return Cleaned(source=raw.source, error=InputError(message, source=raw.source))
    raw_text = ingest.decode(raw) if hasattr(ingest, "decode") else None
    return Cleaned(source=raw.source, document=doc, raw_text=raw_text, raw_hash=doc.raw_hash)


def clean_batch(items: Sequence[RawInput | Cleaned]) -> list[Cleaned]:
    """Clean a batch of inputs, in order; items already settled (`Cleaned`) pass through."""
    return [item if isinstance(item, Cleaned) else clean_one(item) for item in items]


# ---------------------------------------------------------------------- analysis
_ANALYSERS: dict[str, object] = {}
_ANALYSER_LOCK = threading.Lock()


def _analyser_key(settings: Settings, user_actors: Sequence[object]) -> str:
    blob = pickle.dumps(
        (
            settings.model,
            tuple(map(str, settings.kb_paths)),
            tuple(map(str, settings.pattern_paths)),
            list(user_actors),
        )
    )
    return hashlib.sha256(blob).hexdigest()


def analyser_for(settings: Settings, user_actors: Sequence[object] = ()):
    """The `Analyser` for these settings, loaded once per process."""
    from newsgraph.analyse import Analyser

    key = _analyser_key(settings, user_actors)
    with _ANALYSER_LOCK:
        if key not in _ANALYSERS:
            _ANALYSERS[key] = Analyser.from_settings(settings, list(user_actors))
        return _ANALYSERS[key]


def analyse_documents(
    docs: Sequence[Document], settings: Settings, user_actors: Sequence[object] = ()
) -> list[Analysis | AnalysisError]:
    """Analyse a batch in this process; one result per document, in order.

    A document the analysis fails on becomes an `AnalysisError` naming it; the rest of
    the batch goes on. Errors of set-up (a missing model) still stop the build.
    """
    analyser = analyser_for(settings, user_actors)
    # One spaCy model per process is not safe to share between threads.
    with _ANALYSER_LOCK:
        try:
            return list(analyser.analyse(list(docs), processes=1))
        except NewsgraphError:
            raise
        except Exception:  # find the document at fault; the others are kept
            pass
        results: list[Analysis | AnalysisError] = []
        for doc in docs:
            try:
                results.extend(analyser.analyse([doc], processes=1))
            except NewsgraphError:
                raise
            except Exception as exc:
                detail = f"{type(exc).__name__}: {exc}"
                results.append(
                    AnalysisError(errors.ANALYSE_FAILED.format(detail=detail), source=doc.source)
                )
        return results
