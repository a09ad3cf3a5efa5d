"""Every command and every option says what it does (--help) and is documented in README.md or docs/;
``battery-kg --help`` starts without importing the SHACL engine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from battery_kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
CONTEXT = click.Context(main)
COMMANDS = [main.get_command(CONTEXT, name) for name in main.list_commands(CONTEXT)]


def options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and not p.hidden]


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_command_has_help_and_is_documented(command):
    assert command.help and command.help.strip(), f"battery-kg {command.name} has no help text"
    assert re.search(rf"battery-kg {re.escape(command.name)}\b", DOCS), f"battery-kg {command.name} is not in the docs"


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_every_option_has_help_and_is_documented(command):
    for option in options(command):
        assert option.help and option.help.strip(), f"battery-kg {command.name} {option.opts[0]} has no help text"
        assert any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", DOCS) for o in option.opts), \
            f"battery-kg {command.name} {'/'.join(option.opts)} is not in README.md or docs/"


def test_the_cli_reference_is_what_the_commands_say():
    """docs/cli.md holds every command's --help: regenerate it when a command or option changes."""
    from battery_kg.release.cli_reference import reference

    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/cli.md is stale: python -m battery_kg.release.cli_reference > docs/cli.md"
    for command in COMMANDS:
        assert f"## battery-kg {command.name}\n" in written
        for option in options(command):
            assert option.opts[-1] in written.split(f"## battery-kg {command.name}\n", 1)[1].split("\n## ", 1)[0], \
                f"battery-kg {command.name} {option.opts[-1]} is missing from its section of docs/cli.md"


def test_help_does_not_import_the_shacl_engine():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom battery_kg.cli import main\n"
            "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyshacl', 'owlrl', 'pyrudof')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
