"""Plain-data records (the frozen dataclasses of `newsgraph.model`) to JSON and back.

Used for the columns of the Parquet shards Dask workers write. The round trip is
exact: tuples come back as tuples, nested records as their classes, floats as the
same floats.

>>> from newsgraph.model import Block
>>> from_json(Block, to_json(Block("paragraph", 0, 5)))
Block(kind='paragraph', start=0, end=5)
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_json(record: object) -> str:
    """A dataclass instance as compact JSON (its fields, recursively)."""
    return json.dumps(dataclasses.asdict(record), ensure_ascii=False, separators=(",", ":"))


def from_json(cls: type[T], text: str) -> T:
    """The instance of dataclass `cls` that `to_json` turned into `text`."""
    return _build(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{name: _build(hints[name], v) for name, v in value.items()})
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            return _build(arg, value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        return dict(value)
    return value
