"""Every error message newsgraph shows a user, in one place.

Each names the input it is about and what to do. Codes are stable (NG1xx ingest,
NG2xx store, NG3xx models and settings, NG4xx queries) so that they can be searched
for in the docs and in logs.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class: `code` is stable, the message names the input and the remedy."""

    code = "NG000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        text = super().__str__()
        return f"[{self.code}] {self.source}: {text}" if self.source else f"[{self.code}] {text}"


class InputError(NewsgraphError):
    """An input could not be read or cleaned. The batch goes on without it."""

    code = "NG100"


class StoreError(NewsgraphError):
    code = "NG200"


class ModelError(NewsgraphError):
    code = "NG300"


class QueryError(NewsgraphError):
    code = "NG400"


# ---- messages ------------------------------------------------------------------
MISSING_PATH = "no such file or folder; check the path (globs must match at least one file)"
EMPTY_INPUT = "the input is empty (0 bytes or only white space)"
BINARY_INPUT = "looks like a binary file ({kind}), not text or HTML; skipped"
UNDECODABLE = "could not decode the bytes as text in any known encoding"
BAD_GZIP = "the gzip stream is truncated or corrupt ({detail})"
BAD_JSONL_LINE = "line {line} is not valid JSON ({detail})"
JSONL_NO_TEXT = "line {line} has none of the text fields {fields}; set --text-field or --html-field"
BAD_WARC = "the WARC file could not be read ({detail})"
TOO_LARGE = "is {size} MB, over the limit of {limit} MB (raise it with --max-mb)"
NO_BODY = "no article body could be extracted (all {n} blocks looked like page furniture)"
FETCH_DISABLED = "is a URL; URLs are fetched only with --fetch"
FETCH_FAILED = "could not be fetched ({detail})"
UNKNOWN_FORMAT = "has an extension newsgraph does not read ({ext}); supported: {supported}"

NOT_OUR_DATABASE = (
    "is not a newsgraph database ({detail}). Pass another --db path; newsgraph will not "
    "change a file it did not create"
)
NEWER_SCHEMA = (
    "was written by a newer newsgraph (schema {found}, this one knows {known}); upgrade newsgraph"
)
DB_LOCKED = "is locked by another process; wait for it to finish or use another --db"

MODEL_MISSING = (
    "spaCy pipeline {name!r} is not installed. Run the set-up (bash scripts/setup.sh), or "
    "pip install a spaCy pipeline and pass its name or path with --model"
)
