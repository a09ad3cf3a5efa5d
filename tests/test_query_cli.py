"""``battery-kg queries`` and ``battery-kg query``, run in-process with exact exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from battery_kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"


@pytest.fixture
def invoke(monkeypatch, seed_root):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def _invoke(*args):
        # the answers below are written from the two seed articles: queries run on the seed project
        root = ["--root", str(seed_root)] if args and args[0] == "query" and "--root" not in args else []
        return runner.invoke(main, [*args, *root], catch_exceptions=False)

    return _invoke


def test_queries_lists_the_catalogue(invoke):
    result = invoke("queries")
    assert result.exit_code == 0
    assert result.output.count("\n    parameters: ") == 24
    assert (
        "capacity-as-of  Capacity of every site as of a year\n    parameters: year (xsd:gYear) default 2030\n"
        in result.output
    )
    assert "relation-paths  How two entities are related  [networkx]\n" in result.output


def test_table_by_default_with_labels(invoke):
    result = invoke("query", "capacity-as-of", "--param", "year=2029")
    assert result.exit_code == 0
    assert result.output == (
        "site                            value  unit           statedYear  status       precision  statement\n"
        "------------------------------  -----  -------------  ----------  -----------  ---------  ----------------------------------------\n"
        "ProLogium gigafactory, Dunkirk  0.8    unit:GigaW-HR  2028        planned      exact      ProLogium Dunkirk phase 1 capacity, 2028\n"
        "Verkor gigafactory, Bourbourg   16.0   unit:GigaW-HR  2025        operational  exact      Verkor Bourbourg initial capacity\n"
        "(2 rows)\n"
    )


def test_area_by_label(invoke):
    result = invoke("query", "area-capacity", "-p", "area=Dunkerque", "-p", "year=2030")
    assert result.exit_code == 0
    assert result.output == (
        "status   totalCapacity  sites\n"
        "-------  -------------  -----\n"
        "planned  54.0           2\n"
        "(1 row)\n"
    )


def test_empty_result(invoke):
    result = invoke("query", "unsourced-statements")
    assert result.exit_code == 0
    assert result.output == "subject  property  value\n-------  --------  -----\n(0 rows)\n"


def test_json_is_sparql_results_json(invoke):
    result = invoke("query", "area-capacity", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["status", "totalCapacity", "sites"]
    assert data["results"]["bindings"] == [{
        "status": {"type": "uri", "value": "https://w3id.org/battery-kg/vocab/planned"},
        "totalCapacity": {"type": "literal", "value": "54.0", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"},
        "sites": {"type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
    }]


def test_csv_and_tsv(invoke):
    csv = invoke("query", "site-customers", "-f", "csv")
    assert csv.exit_code == 0
    assert csv.stdout_bytes == (
        b"site,customer,product,customerProduct,since,status\r\n"
        b"https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory,https://w3id.org/battery-kg/id/alpine,"
        b"https://w3id.org/battery-kg/id/verkor-low-carbon-lithium-ion-cell,https://w3id.org/battery-kg/id/alpine-a390,"
        b"2026,https://w3id.org/battery-kg/vocab/planned\r\n"
    )
    tsv = invoke("query", "site-customers", "-f", "tsv")
    assert tsv.exit_code == 0
    assert tsv.output == (
        "?site\t?customer\t?product\t?customerProduct\t?since\t?status\n"
        "<https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory>\t<https://w3id.org/battery-kg/id/alpine>\t"
        "<https://w3id.org/battery-kg/id/verkor-low-carbon-lithium-ion-cell>\t<https://w3id.org/battery-kg/id/alpine-a390>\t"
        f'"2026"^^<{GYEAR}>\t<https://w3id.org/battery-kg/vocab/planned>\n'
    )


def test_xml_and_output_file_guesses_format(invoke, tmp_path):
    out = tmp_path / "jobs.srx"
    result = invoke("query", "site-jobs", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    text = out.read_text()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"')
    assert text.count("<result>") == 2


def test_adhoc_query(invoke):
    result = invoke("query", "-e", "SELECT ?c WHERE { ?c a bkg:Customer }")
    assert result.exit_code == 0
    assert result.output == "c\n------\nAlpine\n(1 row)\n"


def test_construct_gives_turtle_or_jsonld(invoke):
    text = "CONSTRUCT { ?c a bkg:Customer } WHERE { ?c a bkg:Customer }"
    turtle = invoke("query", "-e", text)
    assert turtle.exit_code == 0
    assert turtle.output == (
        "@prefix bkg: <https://w3id.org/battery-kg/def#> .\n@prefix bkr: <https://w3id.org/battery-kg/id/> .\n\n"
        "bkr:alpine a bkg:Customer .\n\n"
    )
    jsonld = invoke("query", "-e", text, "-f", "json-ld")
    assert jsonld.exit_code == 0
    assert json.loads(jsonld.output)[0]["@id"] == "https://w3id.org/battery-kg/id/alpine"
    bad = invoke("query", "-e", text, "-f", "csv")
    assert bad.exit_code == 2
    assert bad.output == "battery-kg: a CONSTRUCT query gives a graph: format 'csv' is for SELECT or ASK results (use turtle or json-ld)\n"


def test_ask(invoke):
    result = invoke("query", "-e", "ASK { bkr:verkor a bkg:Company }")
    assert (result.exit_code, result.output) == (0, "true\n")


def test_paths_query(invoke):
    result = invoke("query", "relation-paths", "-p", "from=Verkor", "-p", "to=Bourbourg", "-p", "hops=2")
    assert result.exit_code == 0
    assert result.output == (
        "path  length  step  subject                        property     object     forward\n"
        "----  ------  ----  -----------------------------  -----------  ---------  -------\n"
        "1     2       1     Verkor gigafactory, Bourbourg  operated by  Verkor     false\n"
        "1     2       2     Verkor gigafactory, Bourbourg  located in   Bourbourg  true\n"
        "(2 rows)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "capacity-as-of", "-p", "year=soon"),
         "parameter year: expected a year (xsd:gYear, four digits such as 2030), got 'soon'"),
        (("query", "relation-paths", "-p", "hops=-1"),
         "parameter hops: expected a positive integer (xsd:positiveInteger, such as 4), got '-1'"),
        (("query", "company-sites", "-p", "company=https://example.org/nobody"),
         "parameter company: expected an organisation (a label, a CURIE such as bkr:verkor, or an IRI), got "
         "'https://example.org/nobody': https://example.org/nobody does not occur in the graph"),
        (("query", "entity-provenance", "-p", "entity=organisation"),
         "parameter entity: expected an entity (a label, a CURIE such as bkr:verkor, or an IRI), got 'organisation': "
         "the label names 2 entities: bkg:Organisation (organisation); bkg:organisation (organisation) (use a CURIE or an IRI)"),
        (("query", "capacity-as-of", "-p", "yeer=2030"), "query capacity-as-of has no parameter 'yeer' (its parameters: year)"),
        (("query", "capacity-as-of", "-p", "2030"), "--param expects NAME=VALUE, got '2030'"),
        (("query",), "give either a query name or .rq file, or -e 'SPARQL' (battery-kg queries lists the names)"),
        (("query", "-e", "SELECT ?s WHERE {\n  ?s ?p }"),
         "<expression>:2:3: SPARQL syntax error: expected a SELECT, CONSTRUCT, DESCRIBE or ASK query that parses (near '?s ?p }')"),
        (("query", "-e", "SELECT ?s WHERE { ?s a bkg:Site }", "-p", "x=1"),
         "-e takes no --param: an ad-hoc query has no declared parameters"),
    ],
)
def test_errors_exit_2(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.output == f"battery-kg: {message}\n"


def test_syntax_error_in_file_reports_file_line_col(invoke, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Bad\n# question: Does it parse?\nSELECT ?s WHERE {\n  ?s ?p\n}\n")
    result = invoke("query", str(bad))
    assert result.exit_code == 2
    assert result.output.startswith(f"battery-kg: {bad}:4:")
    assert "SPARQL syntax error" in result.output


def test_every_command_has_help(invoke):
    for command in ("queries", "query"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output and len(result.output.splitlines()) > 4
