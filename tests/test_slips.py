"""Realistic editing slips, written by hand, each with the findings it must produce.

Each ``tests/fixtures/slips/*.slip`` is one edit a person could make to the shipped graph (a wrong town,
a swapped year, a unit typo, a node copied and left half-edited...): the file it edits, the text before
(``--- old``) and after (``+++ new``), and ``# expect: FOCUS SHAPE COMPONENT`` lines. The edit is applied to a
copy of the shipped graph and checked as ``battery-kg validate`` checks it (shapes and lint); the violations
must be exactly the expected ones (``lint lint:RULE`` for a lint finding).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from pathlib import Path

import pytest

from battery_kg.labels import curie
from battery_kg.checks.lint import with_lint
from battery_kg.load import Project, data_files, load_graph_files, load_project
from battery_kg.namespaces import PREFIXES
from battery_kg.resources import locate
from battery_kg.checks.validate import validate
from rdflib import URIRef

SLIPS = sorted((Path(__file__).parent / "fixtures" / "slips").glob("*.slip"))
_EXPECT = re.compile(r"^# expect: (\S+) (\S+) (\S+)$")


def read_slip(path: Path) -> tuple[str, str, str, set[tuple[str, str, str]]]:
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("--- old\n")
    old, _, new = rest.partition("+++ new\n")
    target = re.search(r"^# file: (\S+)$", head, re.MULTILINE).group(1)
    expected = {m.groups() for line in head.splitlines() if (m := _EXPECT.match(line))}
    return target, old, new, expected


def _curie(text: str) -> str:
    prefix, _, local = text.partition(":")
    return curie(URIRef(PREFIXES[prefix] + local)) if prefix in PREFIXES else text


@functools.cache
def _shipped() -> Project:
    return load_project()


def _project(root: Path) -> Project:
    """The shipped ontology and shapes (loaded once) with the data of ``root``'s graph/."""
    base = _shipped()
    files = data_files([root / "graph"])
    sources: dict = {}
    dataset, locations = load_graph_files(files, base.resources, sources)
    return dataclasses.replace(base, dataset=dataset, files=files, locations=locations, sources=sources, _data=None)


def test_there_are_enough_slips():
    assert len(SLIPS) >= 24
    for path in SLIPS:
        _target, old, new, expected = read_slip(path)
        assert old and new and old != new and expected, path.name


@pytest.mark.parametrize("path", SLIPS, ids=[p.stem for p in SLIPS])
def test_slip_is_caught_with_the_findings_it_must_produce(path: Path, tmp_path: Path):
    target, old, new, expected = read_slip(path)
    shutil.copytree(locate().graph, tmp_path / "graph")
    edited = tmp_path / "graph" / target
    text = edited.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: the text to replace is not in {target} exactly once"
    edited.write_text(text.replace(old, new), encoding="utf-8")
    project = _project(tmp_path)
    report = with_lint(project, validate(project))
    assert not report.conforms
    found = {(curie(URIRef(f.focus)), f.source_shape, f.component) for f in report.violations}
    want = {(_curie(focus), _curie(shape) if shape != "lint" else "lint", _curie(component))
            for focus, shape, component in expected}
    assert found == want
