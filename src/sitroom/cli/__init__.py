"""The ``sitroom`` command. Thin wiring only: each command builds settings, calls one library
function, and prints. Commands live in one module per area and register on ``app``."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="sitroom",
    help="Turn conflict news into structured, traceable events (ACLED-compatible) and briefs.\n\n"
    "Quick start:  sitroom run examples/articles   then   sitroom events",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)

# Importing a command module registers its commands on ``app``.
from sitroom.cli import api, brief, core, extract, geo, ingest, maintain, scale  # noqa: E402,F401


def main() -> None:
    app()
