"""``validate --changed REV`` on a temporary git repository: it checks the nodes of the changed files
and the nodes their shapes reach, and gives them exactly the findings a full run gives them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.checks.incremental import validate_changed
from battery_kg.load import load_project
from battery_kg.resources import locate

BKR = "https://w3id.org/battery-kg/id/"
SOURCE_GRAPH = locate().graph


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files are shown relative to the current directory
    shutil.copytree(SOURCE_GRAPH, tmp_path / "graph")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "graph")
    git(tmp_path, "commit", "-q", "-m", "data")
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def results(result) -> list[dict]:
    return json.loads(result.stdout)["results"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_checks_nothing(repo):
    result = invoke("validate", "--root", str(repo), "--changed", "HEAD", "--format", "json")
    assert result.exit_code == 0
    assert results(result) == []
    assert "checked 0 node(s) from 0 changed data file(s)" in result.stderr


def test_changed_matches_full_run_on_the_checked_nodes(repo):
    # Bourbourg stops being a place: the gigafactory in verkor.trig (unchanged) now points at a non-place.
    edit(repo / "graph" / "places.trig", "bkr:bourbourg a bkg:Town ;", "bkr:bourbourg a bkg:Vehicle ;")
    # and the innovation centre (in a second changed file) loses its operator
    edit(repo / "graph" / "organisations" / "verkor.trig",
         "bkg:operatedBy bkr:verkor ;\n        bkg:locatedIn bkr:grenoble .", "bkg:locatedIn bkr:grenoble .")

    run = validate_changed(load_project(root=repo), "HEAD")
    checked = {str(n) for n in run.checked}
    assert run.changed_files == ["graph/organisations/verkor.trig", "graph/places.trig"]
    assert BKR + "verkor-bourbourg-gigafactory" in checked  # reached: it points at bkr:bourbourg
    assert BKR + "prologium" not in checked  # untouched and out of reach

    incremental = invoke("validate", "--root", str(repo), "--changed", "HEAD", "--format", "json", "--no-lint")
    full = invoke("validate", "--root", str(repo), "--format", "json", "--no-lint")
    assert incremental.exit_code == full.exit_code == 1
    assert f"checked {len(checked)} node(s) from 2 changed data file(s)" in incremental.stderr
    assert results(incremental) == [r for r in results(full) if r["focusNode"] in checked]
    got = {(r["focusNode"], r["sourceShape"], r["constraintComponent"]) for r in results(incremental)}
    assert (BKR + "verkor-bourbourg-gigafactory", "bksh:SiteShape-locatedIn", "sh:ClassConstraintComponent") in got
    assert (BKR + "verkor-innovation-centre", "bksh:SiteShape-operatedBy", "sh:MinCountConstraintComponent") in got


def test_committed_changes_since_an_older_revision(repo):
    edit(repo / "graph" / "organisations" / "alpine.trig", 'rdfs:label "Alpine"@en , "Alpine"@fr .',
         'rdfs:label "Alpine"@en , "Alpine"@fr ;\n        bkg:supports bkr:alpine-a390 .')
    git(repo, "commit", "-q", "-am", "alpine supports a car")
    result = invoke("validate", "--root", str(repo), "--changed", "HEAD~1", "--format", "json", "--no-lint")
    assert result.exit_code == 1
    assert [(r["file"], r["line"], r["sourceShape"]) for r in results(result)] == [
        ("graph/organisations/alpine.trig", 8, "bksh:DataNodeShape"),  # a car is outside bkg:supports' range
        ("graph/organisations/alpine.trig", 8, "bksh:OrganisationShape-supports")]


def test_bad_revision_is_a_usage_error(repo):
    result = invoke("validate", "--root", str(repo), "--changed", "no-such-rev")
    assert result.exit_code == 2
    assert "no-such-rev" in result.stderr
