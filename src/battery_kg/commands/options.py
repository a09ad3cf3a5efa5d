"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder holding graph/ (and optionally ontology/, queries/). Default: the current "
    "directory if it has a graph/ folder, else the graph shipped with battery-kg.",
)
