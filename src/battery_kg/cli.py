"""The ``battery-kg`` command line: a thin layer over the library.

Commands live in :mod:`battery_kg.commands`, one module per area; each module exposes ``COMMANDS``,
a list of click commands, and this file registers them all. Exit codes, for every command:

* 0: success (for ``validate``: the data conforms);
* 1: the data does not conform to the shapes (or a lint error was found);
* 2: usage or input error (a missing file, malformed RDF, a bad parameter), reported as one line
  ``file:line:col: what is wrong`` on stderr, with no traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings

import click

from battery_kg import __version__
from battery_kg.errors import BatteryKGError, one_line

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_INPUT = 2


class BatteryKGGroup(click.Group):
    """Turn library errors into one line on stderr and exit 2, instead of a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except BatteryKGError as exc:
            click.echo(f"battery-kg: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # a file that vanished, a full disk, a folder that cannot be written
            where = one_line(str(exc.filename)) + ":1:1: " if exc.filename else ""
            click.echo(f"battery-kg: {where}{one_line(exc.strerror or str(exc))}", err=True)
            ctx.exit(EXIT_INPUT)


@click.group(cls=BatteryKGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="battery-kg")
def main() -> None:
    """Build, check, query, show and serve the battery supply-chain knowledge graph.

    Exit codes: 0 ok, 1 data does not conform, 2 usage or input error.
    """
    # rdflib warns on stderr about ill-typed literals it meets; validation reports them with file:line.
    warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib(\.|$)")


def _register() -> None:
    import battery_kg.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)


_register()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
