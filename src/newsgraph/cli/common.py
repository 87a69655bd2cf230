"""Options and helpers shared by the command modules."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from newsgraph.settings import DEFAULT_DB

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

DbOption = typer.Option(
    Path(DEFAULT_DB),
    "--db",
    envvar="NEWSGRAPH_DB",
    help="The newsgraph database file (SQLite). Created by `build` when missing.",
)


def open_corpus(db: Path):
    import newsgraph

    return newsgraph.open(db)
