"""Exports: events, actors and documents as JSONL, CSV or Parquet; the actor graph as
GraphML or GEXF (both open in Gephi).

    >>> with Corpus("newsgraph.db") as corpus, open("events.jsonl", "wb") as out:  # doctest: +SKIP
    ...     export_records(corpus.iter_event_records(), out, "jsonl", EVENT_COLUMNS)

JSONL keeps the nested records of the export contract (DESIGN.md, "Event record");
CSV and Parquet flatten them into dotted columns (``source.name``, ``text_info.start``)
with a fixed schema, and lists become JSON text. Everything streams in batches, so
memory stays bounded whatever the store size.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph import errors
from newsgraph.errors import QueryError

FORMATS = ("jsonl", "csv", "parquet")
GRAPH_FORMATS = ("graphml", "gexf")

_ACTOR_REF = ("id", "name", "country", "sector", "wikidata")
# (column, arrow type) in output order; dotted names reach into nested records.
EVENT_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("id", pa.string()),
    ("doc_id", pa.string()),
    ("story_id", pa.string()),
    ("type", pa.string()),
    ("mode", pa.string()),
    ("quad_class", pa.string()),
    *((f"source.{k}", pa.string()) for k in _ACTOR_REF),
    *((f"target.{k}", pa.string()) for k in _ACTOR_REF),
    ("sources", pa.string()),
    ("targets", pa.string()),
    ("date", pa.string()),
    ("date_text", pa.string()),
    ("location", pa.string()),
    ("negated", pa.bool_()),
    ("hypothetical", pa.bool_()),
    ("confidence", pa.float64()),
    ("text_info.sentence", pa.string()),
    ("text_info.start", pa.int64()),
    ("text_info.end", pa.int64()),
    ("cite_info.title", pa.string()),
    ("cite_info.author", pa.string()),
    ("cite_info.published", pa.string()),
    ("cite_info.source", pa.string()),
)
ACTOR_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("id", pa.string()),
    ("name", pa.string()),
    ("aliases", pa.string()),
    ("kind", pa.string()),
    ("country", pa.string()),
    ("sector", pa.string()),
    ("wikidata", pa.string()),
)
DOCUMENT_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("id", pa.string()),
    ("source", pa.string()),
    ("title", pa.string()),
    ("authors", pa.string()),
    ("published", pa.string()),
    ("published_precision", pa.string()),
    ("language", pa.string()),
    ("body", pa.string()),
)
# The JSONL event record: the export contract's keys only, in its order.
EVENT_KEYS = (
    "id",
    "doc_id",
    "story_id",
    "type",
    "mode",
    "quad_class",
    "source",
    "target",
    "date",
    "date_text",
    "location",
    "negated",
    "hypothetical",
    "confidence",
    "text_info",
    "cite_info",
)


def event_contract(record: dict) -> dict:
    """The record reduced to the keys DESIGN.md promises (the views carry a few more)."""
    return {k: record.get(k) for k in EVENT_KEYS}


def _flat_value(record: dict, column: str) -> object:
    value: object = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (list, tuple)):
        # actor lists keep ids only in flat files; JSONL has the full records
        items = [v["id"] if isinstance(v, dict) and "id" in v else v for v in value]
        return json.dumps(items, ensure_ascii=False)
    return value


def _batches(records: Iterable[dict], size: int = 2000) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def export_records(
    records: Iterable[dict], out: BinaryIO, fmt: str, columns: tuple[tuple[str, pa.DataType], ...]
) -> int:
    """Write `records` to the binary stream `out` as jsonl, csv or parquet; returns
    how many were written. `columns` fixes the flat schema of csv and parquet."""
    if fmt not in FORMATS:
        raise QueryError(
            errors.UNKNOWN_EXPORT.format(
                kind="records", fmt=fmt, detail="use " + ", ".join(FORMATS)
            ),
            source="format",
        )
    count = 0
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
        return count
    names = [c for c, _ in columns]
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(names)
        for record in records:
            writer.writerow(["" if (v := _flat_value(record, c)) is None else v for c in names])
            count += 1
        text.flush()
        text.detach()
        return count
    schema = pa.schema(list(columns))
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for batch in _batches(records):
            arrays = {c: [_flat_value(r, c) for r in batch] for c in names}
            writer.write_table(pa.Table.from_pydict(arrays, schema=schema))
            count += len(batch)
    return count


def write_graph(graph: nx.DiGraph, out: BinaryIO, fmt: str) -> None:
    """Write the actor graph as GraphML or GEXF (networkx writers; Gephi reads both)."""
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8")
    elif fmt == "gexf":
        labelled = graph.copy()
        for node, attrs in labelled.nodes(data=True):
            attrs["label"] = attrs.get("name") or node  # Gephi shows `label`
        nx.write_gexf(labelled, out, encoding="utf-8")
    else:
        raise QueryError(
            errors.UNKNOWN_EXPORT.format(kind="graph", fmt=fmt, detail="use graphml or gexf"),
            source="format",
        )
