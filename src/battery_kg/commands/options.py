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

store_option = click.option(
    "--store",
    "store",
    metavar="oxigraph[:DIR]",
    default=None,
    help="Where the graph is loaded and queried: Oxigraph in memory (the default), or Oxigraph on disk in "
    "DIR (loaded once, reused while the files are unchanged, reloaded when they change).",
)

endpoint_option = click.option(
    "--endpoint",
    "endpoint",
    metavar="URL",
    default=None,
    help="Query a remote SPARQL 1.1 endpoint instead of a local store. Credentials come from "
    "BATTERY_KG_TOKEN (bearer) or BATTERY_KG_USER and BATTERY_KG_PASSWORD (Basic, or Digest when asked).",
)

engine_option = click.option(
    "--engine",
    type=click.Choice(["oxigraph", "pyshacl", "rudof"]),
    default=None,
    help="SHACL engine: oxigraph (the default: the shapes compiled to SPARQL queries run on Oxigraph, same "
    "findings as pySHACL), pyshacl (the reference, and what --changed runs) or rudof.",
)
