"""Options and helpers shared by the command modules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console

from newsgraph.settings import DEFAULT_DB


def _width(stream) -> int | None:
    """Rich falls back to 80 columns when output is piped, which folds every table cell;
    a file or a pager gets wide tables unless COLUMNS says otherwise."""
    if os.environ.get("COLUMNS") or (hasattr(stream, "isatty") and stream.isatty()):
        return None
    return 160


console = Console(highlight=False, width=_width(sys.stdout))
err_console = Console(stderr=True, highlight=False, width=_width(sys.stderr))

DbOption = typer.Option(
    Path(DEFAULT_DB),
    "--db",
    envvar="NEWSGRAPH_DB",
    help="The newsgraph database file (SQLite). Created by `build` when missing.",
)


def open_corpus(db: Path):
    import newsgraph

    return newsgraph.open(db)
