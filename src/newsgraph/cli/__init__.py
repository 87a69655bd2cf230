"""The `newsgraph` command. A thin layer over the Python API.

Each group of commands lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="newsgraph",
    help=(
        "Build an evidence-backed model of the political world from news articles: "
        "actors, events (PLOVER), quotes and copies, each tied to the sentence that says so.\n\n"
        "Start with:  newsgraph build examples/  then  newsgraph events  or  newsgraph serve"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported for their side effect of adding commands to `app`.
    import importlib

    for name in ("core", "copies", "actors", "events", "explore"):
        try:
            importlib.import_module(f"newsgraph.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newsgraph.cli.{name}":
                raise


_register()


def main() -> None:
    from newsgraph.errors import NewsgraphError

    try:
        app()
    except NewsgraphError as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(2)
