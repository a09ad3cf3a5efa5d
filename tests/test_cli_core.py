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
    assert "data.csv:1:1: unknown file type '.csv' (battery-kg reads .nq, .nt, .trig, .ttl files" in result.stderr
    result = run("validate", str(tmp_path / "nowhere.ttl"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("nowhere.ttl:1:1: no such file or directory")


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


# ----------------------------------------------------------------------------- interrupted and repeated builds


def _release(folder: Path) -> dict[str, str]:
    """Every file of a release folder (recursively) and the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build_process(root: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    # One hash seed unless the test sets its own: the kill test compares whole releases byte for byte,
    # and determinism across seeds is the business of the test below.
    env = {**os.environ, "PYTHONHASHSEED": "0", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "battery_kg", "build", "--root", str(root), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


KILL_POINTS = 20


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_release_and_the_next_build_cleans_up(tmp_path):
    """SIGKILL a build at 20 points spread over its duration: the output folder is always one whole release
    (the previous one, or the new one once swapped in), and the next build leaves nothing else beside it."""
    import time

    root = tmp_path / "project"
    shutil.copytree(GRAPH, root / "graph")
    where = tmp_path / "releases"
    where.mkdir()
    out = where / "build"
    started = time.monotonic()
    first = _build_process(root, out)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    duration = time.monotonic() - started
    previous = _release(out)
    # The data changes, so the new release differs from the previous one in its data files.
    edit(root / "graph/organisations/verkor.trig", 'rdfs:label "Verkor"@en .', 'rdfs:label "Verkor SAS"@en .')
    reference = tmp_path / "reference"
    reference.mkdir()
    done = _build_process(root, reference / "build")
    assert done.wait(timeout=300) == 0
    new = _release(reference / "build")
    assert new != previous and set(new) == set(previous)
    outcomes = []
    for i in range(KILL_POINTS):
        delay = duration * (i + 0.5) / KILL_POINTS
        process = _build_process(root, out)
        time.sleep(delay)
        process.kill()
        process.wait(timeout=60)
        now = _release(out)
        assert now in (previous, new), f"kill at {delay:.2f}s left a mixed release"
        outcomes.append("new" if now == new else "previous")
        if any(p.name.startswith(".build.tmp-") for p in where.iterdir()):
            outcomes.append("mid-write")  # killed while the new release was being written beside the old
        if now == new:  # swapped in: make the next kill interrupt a change again
            previous, new = new, previous
            edit(root / "graph/organisations/verkor.trig", *(('"Verkor SAS"@en', '"Verkor"@en')
                                                              if 'Verkor SAS' in (root / "graph/organisations/verkor.trig").read_text()
                                                              else ('"Verkor"@en .', '"Verkor SAS"@en .')))
    assert "previous" in outcomes, "no kill landed during a build: the delays do not cover it"
    assert "mid-write" in outcomes, "no kill landed while the release was being written"
    final = _build_process(root, out)
    assert final.wait(timeout=300) == 0
    assert sorted(p.name for p in where.iterdir()) == ["build"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


SEEDS = ("0", "1", "4242")


@pytest.mark.slow
def test_every_build_file_is_byte_identical_across_hash_seeds(tmp_path):
    """The same input builds the same bytes whatever PYTHONHASHSEED is (ontology.html included)."""
    releases = {}
    for seed in SEEDS:
        process = _build_process(locate().graph.parent, tmp_path / f"seed-{seed}", {"PYTHONHASHSEED": seed})
        assert process.wait(timeout=300) == 0, process.stderr.read()
        releases[seed] = _release(tmp_path / f"seed-{seed}")
    assert len(releases[SEEDS[0]]) >= 12
    differing = sorted({name for seed in SEEDS[1:] for name, digest in releases[seed].items()
                        if releases[SEEDS[0]].get(name) != digest})
    assert differing == [], f"files that differ between hash seeds: {differing}"


def test_build_without_visuals_replaces_a_full_release_and_refuses_a_foreign_folder(tmp_path):
    """A release folder is replaced whole (files the new build does not write are gone); a folder holding
    anything else is refused, untouched."""
    out = tmp_path / "release"
    out.mkdir()
    for name in ("explorer.html", "battery-kg.trig", ".battery-kg.trig.k2j3abcd.tmp"):
        (out / name).write_text("old\n")
    result = run("build", "--no-visuals", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["battery-kg.trig", "battery-kg.nq", "battery-kg.ttl",
                                                            "battery-kg.nt", "battery-kg.jsonld", "ontology.ttl",
                                                            "shapes.ttl", "summary.json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    (out / "my-notes.md").write_text("mine\n")
    result = run("build", "--no-visuals", "-o", str(out))
    assert result.exit_code == 2
    assert "not replaced: this folder holds my-notes.md, which a build does not write" in result.stderr
    assert (out / "my-notes.md").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
