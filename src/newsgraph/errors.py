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

# ---- queries (explore) ---------------------------------------------------------
BAD_DATE = "{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
BAD_WINDOW = "the window is empty: since {since} is after until {until}"
BAD_LIMIT = "limit {value} is out of range; use 1 to {max}"
BAD_OFFSET = "offset {value} is negative; use 0 or more"
BAD_MIN = "{value} is below the minimum allowed here"
EMPTY_QUERY = "the search query is empty; type one or more words"
BAD_SEARCH = 'the search query could not be parsed ({detail}); use plain words or "a phrase"'
UNKNOWN_ACTOR = (
    "no actor matches {name!r}; try part of the name, an alias or an id (see `newsgraph actors`)"
)
UNKNOWN_DOCUMENT = "no single document matches {ref!r}; see `newsgraph docs`"
UNKNOWN_RELATION = "{a} and {b} are not recorded as copies of each other"
UNKNOWN_TYPE = "{value!r} is not a PLOVER event type; use one of {types}"
UNKNOWN_EXPORT = "cannot export {kind!r} as {fmt!r}; {detail}"
READ_ONLY = "the server is read-only; start it with --allow-writes to change the store"


# ---- scale (pipeline, local workers, Dask) ---------------------------------------
class AnalysisError(NewsgraphError):
    """A document could not be analysed (spaCy, actors, events). The batch goes on."""

    code = "NG500"


CLEAN_FAILED = "could not be cleaned ({detail})"
ANALYSE_FAILED = (
    "could not be analysed ({detail}); the other documents go on and this one is tried "
    "again on the next build"
)
DASK_ADDRESS = (
    "is not a Dask scheduler address; pass tcp://HOST:PORT for a running scheduler or "
    "local:N to start a local cluster with N workers"
)
DASK_UNREACHABLE = "no Dask scheduler answers there ({detail}); start one or use --dask local:N"


class NotFoundError(QueryError):
    """A query named an actor, document or relation the store does not hold."""

    code = "NG404"


# events (patterns and queries)
PATTERN_FILE_UNREADABLE = (
    "the event pattern file could not be read ({detail}); check the --patterns path"
)
PATTERN_FILE_INVALID = (
    "the event pattern file is not valid YAML ({detail}); see docs/events.md for the format"
)
PATTERN_INVALID = "pattern {where} is invalid: {detail}; see docs/events.md for the format"
BAD_QUERY_DATE = "{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"

ACTOR_FILE_MISSING = "no such actor file; check the path given with --actors"
ACTOR_FILE_BAD = "is not a valid actor file ({detail}); see docs/actors.md for the format"
ACTOR_NOT_FOUND = "no actor matches {name!r}; see `newsgraph actors` for the list"


# scale: local worker processes
class WorkerError(NewsgraphError):
    """A worker process of a build died; the build stops, and the next run resumes."""

    code = "NG510"


WORKER_DIED = (
    "a worker process died while it worked on {batch} (build with -j {processes}); "
    "the build stopped without storing that batch, and the next build resumes from it. {hint}"
)
WORKER_LOST = (
    "It was killed or ran out of memory: check free memory, or build with fewer "
    "processes (-j) or a smaller --batch-size"
)
WORKER_NO_MAIN = (
    "The main script was read from standard input, which worker processes cannot load "
    "again: run it from a file, or build with -j 1"
)

BAD_MIN_CONFIDENCE = "minimum confidence {value!r} is not between 0 and 1"
