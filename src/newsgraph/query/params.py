"""Query parameters as dataclasses: one shape shared by the CLI, the HTTP API and the web UI.

Every field has a default a new user can live with. Dates are ISO prefixes
("2021", "2021-03", "2021-03-09"); `since` is inclusive, `until` is inclusive at its
own precision (``until="2021"`` keeps "2021-12-31").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph import errors
from newsgraph.errors import QueryError
from newsgraph.events.query import DEFAULT_MIN_CONFIDENCE

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MAX_LIMIT = 1000


def check_date(value: str | None, name: str) -> str | None:
    """`value` if it is an ISO date prefix, None if empty; QueryError otherwise."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise QueryError(errors.BAD_DATE.format(value=value), source=name)
    return value


def check_page(limit: int, offset: int) -> None:
    """Refuse a page size or offset the store should not be asked for."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(errors.BAD_LIMIT.format(value=limit, max=MAX_LIMIT), source="limit")
    if offset < 0:
        raise QueryError(errors.BAD_OFFSET.format(value=offset), source="offset")


@dataclass(frozen=True)
class Window:
    """A time window over event dates plus the auxiliary modes to include.

    By default only factual events count: not negated ("refused to"), not
    hypothetical ("could"). Undated events are kept only when no window is set.
    """

    since: str | None = None
    until: str | None = None
    include_negated: bool = False
    include_hypothetical: bool = False
    # Events the extractor was unsure of (no actor at all, guessed arguments) stay stored
    # but are hidden by default, as in `newsgraph events` (see events.query).
    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", check_date(self.since, "since"))
        object.__setattr__(self, "until", check_date(self.until, "until"))
        if self.since and self.until and self.since > self.until + "~":
            raise QueryError(
                errors.BAD_WINDOW.format(since=self.since, until=self.until), source="since"
            )

    def sql(self, alias: str = "e") -> tuple[str, list[object]]:
        """A WHERE fragment (starting with ' and') over the events table `alias`."""
        parts: list[str] = []
        args: list[object] = []
        if not self.include_negated:
            parts.append(f"{alias}.negated = 0")
        if not self.include_hypothetical:
            parts.append(f"{alias}.hypothetical = 0")
        if self.min_confidence > 0:
            parts.append(f"{alias}.confidence >= ?")
            args.append(self.min_confidence)
        if self.since:
            parts.append(f"{alias}.date >= ?")
            args.append(self.since)
        if self.until:
            # '~' sorts after every digit and '-', so "2021-05" <= "2021~".
            parts.append(f"{alias}.date <= ?")
            args.append(self.until + "~")
        return "".join(" and " + p for p in parts), args


@dataclass(frozen=True)
class GraphParams:
    """The actor graph: who did what to whom in a window.

    `min_count` drops edges seen in fewer distinct story-events; `max_nodes` keeps
    the busiest actors and `max_edges` the heaviest edges between them (0 keeps
    all), so a page stays readable on a big store.
    """

    window: Window = Window()
    min_count: int = 1
    max_nodes: int = 0
    max_edges: int = 0  # keep the heaviest edges among the kept actors (0 keeps all)
    actor: str | None = None  # keep only this actor and its neighbours

    def __post_init__(self) -> None:
        if self.min_count < 1:
            raise QueryError(errors.BAD_MIN.format(value=self.min_count), source="min_count")
        for name in ("max_nodes", "max_edges"):
            if getattr(self, name) < 0:
                raise QueryError(errors.BAD_MIN.format(value=getattr(self, name)), source=name)


@dataclass(frozen=True)
class TimelineParams:
    """Events ordered by the date they happened (not the publication date).

    `actor` keeps events with that actor on either side; with `other` too, only
    events between the pair. `doc` keeps one document's events.
    """

    window: Window = Window()
    actor: str | None = None
    other: str | None = None
    type: str | None = None
    doc: str | None = None
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        check_page(self.limit, self.offset)
        if self.other and not self.actor:
            object.__setattr__(self, "actor", self.other)
            object.__setattr__(self, "other", None)


@dataclass(frozen=True)
class SearchParams:
    """Full-text search over titles and bodies, narrowed by facets."""

    query: str
    actor: str | None = None
    type: str | None = None
    since: str | None = None  # publication date of the document
    until: str | None = None
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        check_page(self.limit, self.offset)
        object.__setattr__(self, "since", check_date(self.since, "since"))
        object.__setattr__(self, "until", check_date(self.until, "until"))
        if not self.query or not self.query.strip():
            raise QueryError(errors.EMPTY_QUERY, source="q")


@dataclass(frozen=True)
class PageParams:
    """A page of a plain listing."""

    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        check_page(self.limit, self.offset)
