"""--store, --endpoint and --engine on the command line: every store gives the same answers as the default.

In-process (click's CliRunner), exact exit codes. The endpoint is a real ``oxigraph serve`` on 127.0.0.1,
started and stopped here, that the graph is published to first.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.query import catalogue
from battery_kg.resources import locate

QUERIES = [q.name for q in catalogue()]
GRAPH = locate().graph


def run(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def oxigraph_dir(tmp_path_factory) -> str:
    """A persistent Oxigraph store, loaded by the first command and reused by the others."""
    return "oxigraph:" + str(tmp_path_factory.mktemp("kg") / "store")


@pytest.fixture(scope="module")
def endpoint(oxigraph_server):
    """The query URL of an ``oxigraph serve`` holding the published graph."""
    published = run("publish", "--endpoint", oxigraph_server + "/store")
    assert published.exit_code == 0, published.output
    return oxigraph_server + "/query"


def test_the_whole_catalogue_is_checked():
    assert len(QUERIES) == 24


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_catalogue_same_output_on_oxigraph(oxigraph_dir, name, fmt):
    expected = run("query", name, "-f", fmt)
    assert expected.exit_code == 0, expected.output
    assert expected.output.strip()
    for store in ("oxigraph", oxigraph_dir, "rdflib"):
        got = run("query", name, "-f", fmt, "--store", store)
        assert got.exit_code == 0, got.output
        assert got.output == expected.output, store


@pytest.mark.slow
@pytest.mark.parametrize("name", QUERIES)
def test_catalogue_same_output_on_an_endpoint(endpoint, name):
    for fmt in ("table", "json"):
        expected = run("query", name, "-f", fmt)
        got = run("query", name, "-f", fmt, "--endpoint", endpoint)
        assert got.exit_code == 0, got.output
        assert got.output == expected.output, fmt


def test_parameters_bind_on_oxigraph():
    args = ("query", "capacity-as-of", "-p", "year=2029")
    expected = run(*args)
    # each site's GWh statements of its latest year by 2029, one row per source: ACC 1 (2024), AESC
    # Douai 1 (2029), Navalmoral 2, Arnstadt 2, Surany 1 (2027), Northvolt Ett 1, Drei 1, Sagunto 1
    # (2027), Salzgitter 2, ProLogium Dunkirk 2 (2028), Tesla 2 (2027), Verkor Bourbourg 6 (2025)
    assert "(22 rows)" in expected.output
    assert run(*args, "--store", "oxigraph").output == expected.output


def test_stats_same_figures(oxigraph_dir):
    for fmt in ("text", "json"):
        expected = run("stats", "--format", fmt)
        assert expected.exit_code == 0
        for store in ("oxigraph", oxigraph_dir, "rdflib"):
            got = run("stats", "--format", fmt, "--store", store)
            assert (got.exit_code, got.output) == (0, expected.output), store


@pytest.mark.slow
def test_stats_same_figures_on_an_endpoint(endpoint):
    assert run("stats", "--endpoint", endpoint).output == run("stats").output


def _export_counts(tmp_path: Path, *options: str) -> tuple[int, int]:
    out = tmp_path / f"export{len(list(tmp_path.iterdir()))}.graphml"
    result = run("export", "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    return graph.number_of_nodes(), graph.number_of_edges()


def test_export_same_counts(tmp_path):
    expected = _export_counts(tmp_path)
    assert expected[0] > 20 and expected[1] > 20
    assert _export_counts(tmp_path, "--store", "oxigraph") == expected
    assert _export_counts(tmp_path, "--store", "oxigraph", "--statements", "fold") == \
        _export_counts(tmp_path, "--statements", "fold")


@pytest.mark.slow
def test_export_same_counts_on_an_endpoint(endpoint, tmp_path):
    assert _export_counts(tmp_path, "--endpoint", endpoint) == _export_counts(tmp_path)


@pytest.mark.parametrize("command", [["query", "timeline"], ["export", "--format", "graphml"], ["stats"]])
def test_store_and_endpoint_together_is_a_usage_error(command):
    result = run(*command, "--store", "oxigraph", "--endpoint", "http://127.0.0.1:9/query")
    assert result.exit_code == 2
    assert "give either --store or --endpoint, not both" in result.output


def test_unknown_store_is_a_usage_error():
    result = run("stats", "--store", "sqlite")
    assert result.exit_code == 2
    assert "unknown store 'sqlite'" in result.output


def test_unreachable_endpoint_exits_2():
    from socket import socket

    with socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run("stats", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 2
    assert "cannot reach http://127.0.0.1:" in result.output


def test_validate_rudof_conforms_on_the_project_graph():
    result = run("validate", "--engine", "rudof")
    assert result.exit_code == 0, result.output


def _findings(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^graph/\S+:\d+:", line)]


BREAKAGES = [
    pytest.param("organisations/prologium.trig", "bkg:value 0.8 ;", "bkg:value -0.8 ;",
                 "sh:MinInclusiveConstraintComponent", id="negative capacity"),
    pytest.param("organisations/verkor.trig", "        bkg:operatedBy bkr:verkor ;\n", "",
                 "sh:MinCountConstraintComponent", id="no operator"),
    pytest.param("organisations/verkor.trig", 'bkg:year "2030"^^xsd:gYear ;', 'bkg:year "2030" ;',
                 "sh:DatatypeConstraintComponent", id="year as text"),
]


@pytest.mark.parametrize("file, old, new, component", BREAKAGES)
def test_validate_rudof_same_findings_as_pyshacl_on_broken_data(tmp_path, file, old, new, component):
    shutil.copytree(GRAPH, tmp_path / "graph")
    target = tmp_path / "graph" / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    pyshacl = run("validate", cwd=tmp_path)
    rudof = run("validate", "--engine", "rudof", cwd=tmp_path)
    assert (pyshacl.exit_code, rudof.exit_code) == (1, 1)
    expected = _findings(pyshacl.output)
    assert any(component in line for line in expected), pyshacl.output
    assert _findings(rudof.output) == expected
    assert rudof.output.splitlines()[-1] == pyshacl.output.splitlines()[-1]


def test_validate_changed_takes_no_engine():
    result = run("validate", "--changed", "HEAD", "--engine", "rudof")
    assert result.exit_code == 2
