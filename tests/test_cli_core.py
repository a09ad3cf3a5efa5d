"""The core commands, in-process: exact exit codes and the messages people act on."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.resources import locate

GRAPH = locate().graph


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A user project: a copy of the shipped graph/ in a folder of its own."""
    shutil.copytree(GRAPH, tmp_path / "graph")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_command_has_help_text():
    assert len(main.commands) >= 3
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0, name


def test_validate_conforms_on_the_project_graph():
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("conforms: no violations")


def test_validate_json_format():
    import json

    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"conforms": True, "results": []}


# Each breakage named in the issue, with the line of the file where the focus node is defined,
# the node, and the constraint that must fire.
BREAKAGES = [
    pytest.param(
        "organisations/verkor.trig",
        "        bkg:operatedBy bkr:verkor ;\n        bkg:locatedIn bkr:bourbourg ;",
        "        bkg:locatedIn bkr:bourbourg ;",
        "graph/organisations/verkor.trig:17",
        "verkor-bourbourg-gigafactory",
        "bksh:SiteShape-operatedBy, sh:MinCountConstraintComponent",
        id="no operator",
    ),
    pytest.param(
        "organisations/prologium.trig",
        "bkg:value 0.8 ;",
        "bkg:value -0.8 ;",
        "graph/organisations/prologium.trig:61",
        "capacity-prologium-dunkirk-2028",
        "bksh:QuantityStatementShape-value, sh:MinInclusiveConstraintComponent",
        id="negative capacity",
    ),
    pytest.param(
        "organisations/verkor.trig",
        'bkg:year "2030"^^xsd:gYear ;',
        'bkg:year "2030" ;',
        "graph/organisations/verkor.trig:46",
        "capacity-verkor-bourbourg-2030",
        "bksh:QuantityStatementShape-year, sh:DatatypeConstraintComponent",
        id="year as text",
    ),
    pytest.param(
        "organisations/verkor.trig",
        "    bkr:verkor a bkg:Company ;\n        rdfs:label \"Verkor\"@en .\n",
        "    bkr:verkor a bkg:Company .\n",
        "graph/organisations/verkor.trig:12",
        "<https://w3id.org/battery-kg/id/verkor>",
        "bksh:SourcedFactShape-unsourced, sh:MaxCountConstraintComponent",
        id="fact without a source",
    ),
]


@pytest.mark.parametrize("file, old, new, location, node, constraint", BREAKAGES)
def test_broken_data_fails_validation_naming_file_node_and_constraint(project_copy, file, old, new, location, node,
                                                                       constraint):
    target = project_copy / "graph" / file
    edit(target, old, new)
    if "without a source" in constraint or "Sourced" in constraint:
        # state the label again, outside any named graph: nobody says it
        target.write_text(target.read_text(encoding="utf-8") + '\nbkr:verkor rdfs:label "Verkor"@en .\n',
                          encoding="utf-8")
    result = run("validate", cwd=project_copy)
    assert result.exit_code == 1, result.stdout
    lines = [line for line in result.stdout.splitlines() if line.startswith(location + ":")]
    assert any(node in line and constraint in line for line in lines), result.stdout
    assert result.stdout.splitlines()[-1].startswith("does not conform: ")


def test_build_writes_nothing_when_the_data_does_not_conform(project_copy):
    edit(project_copy / "graph/organisations/prologium.trig", "bkg:value 4.0 ;", "bkg:value -4.0 ;")
    result = run("build", "-o", "out", cwd=project_copy)
    assert result.exit_code == 1
    assert "not built: the data does not conform" in result.stderr
    assert not (project_copy / "out").exists()


def test_malformed_turtle_is_one_line_with_file_line_col_and_exit_2(project_copy):
    edit(project_copy / "graph/organisations/verkor.trig", 'rdfs:label "Verkor"@en .', 'rdfs:label "Verkor .')
    result = run("validate", cwd=project_copy)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("battery-kg: graph/organisations/verkor.trig:13:")
    assert "syntax error" in result.stderr and "Traceback" not in result.stderr


def test_unknown_file_type_and_missing_path_exit_2(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n")
    result = run("validate", str(tmp_path / "data.csv"))
    assert result.exit_code == 2
    assert "data.csv: unknown file type '.csv' (expected one of .nq, .nt, .trig, .ttl)" in result.stderr
    result = run("validate", str(tmp_path / "nowhere.ttl"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("nowhere.ttl: no such file or directory")


def test_build_writes_every_artefact(tmp_path):
    result = run("build", "-o", str(tmp_path / "out"), "--no-visuals")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["battery-kg.jsonld", "battery-kg.nq", "battery-kg.nt", "battery-kg.trig", "battery-kg.ttl",
                     "ontology.ttl", "shapes.ttl", "summary.json"]
    assert "bkg:Gigafactory" in result.stdout and "ProLogium Dunkirk article" in result.stdout


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_is_byte_identical_across_processes(tmp_path):
    # Separate processes with different hash seeds: set iteration order differs between them.
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "battery_kg", "build", "--no-visuals", "-o", str(tmp_path / seed)],
                       check=True, env=env, capture_output=True)
    assert _digest(tmp_path / "1") == _digest(tmp_path / "2")


def test_stats_counts_by_class_and_source():
    import json

    result = run("stats", "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    # 18 gigafactories: the seed articles' three (Bourbourg, Dunkirk, Taiwan) and the 15 of the European
    # pages (graph/sources-europe.trig); two R&D centres (Grenoble, Paris-Saclay).
    assert stats["entitiesByClass"]["bkg:Gigafactory"] == 18
    assert stats["entitiesByClass"]["bkg:ResearchCentre"] == 2
    # 23 production sites (18 gigafactories, 2 materials and 3 recycling plants) in 9 countries
    # (8 in Europe, and Taiwan), 69 source documents (2 seed articles and 67 pages)
    assert (stats["plants"], stats["plantCountries"], stats["sources"]) == (23, 9, 69)
    assert set(stats["factsBySource"]) >= {"Verkor Bourbourg article", "ProLogium Dunkirk article"}


def test_a_user_root_overrides_the_shipped_graph(project_copy):
    (project_copy / "graph" / "organisations" / "prologium.trig").unlink()
    result = run("stats", "--format", "json", "--root", str(project_copy))
    assert result.exit_code == 0
    import json

    # Without ProLogium's file its two gigafactories (Dunkirk, Taiwan) are gone: 18 - 2.
    assert json.loads(result.stdout)["entitiesByClass"]["bkg:Gigafactory"] == 16


def test_click_is_the_cli_framework():
    assert isinstance(main, click.Group)
