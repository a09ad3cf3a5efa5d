"""Competency questions as data: every entry of tests/queries/manifest.ttl is run by one test.

The manifest follows the W3C SPARQL 1.1 test suites (mf:action with qt:query and qt:data, mf:result);
parameters are given as a person types them (bkt:param). Expected results are W3C SPARQL TSV files
written by hand from the sources. Each entry runs on the data its qt:data names: the questions first
written for the two seed articles name the seed files, so that they keep their answers on the seed
facts however the graph grows; the questions about Europe's plants name the whole graph/ folder.
"""

from __future__ import annotations

import functools

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.query import Result

from battery_kg import load_project
from battery_kg.errors import InputError, UsageError
from battery_kg.namespaces import BKR
from battery_kg.package_queries import package_query
from battery_kg.analysis.paths import find_paths
from battery_kg.stores import OxigraphStore
from battery_kg.query import (
    bind_params,
    catalogue,
    execute,
    find_query,
    load_query,
    run,
    with_values,
)

HERE = Path(__file__).parent / "queries"
MANIFEST = HERE / "manifest.ttl"
ROOT = Path(__file__).resolve().parents[1]
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
BKT = Namespace("https://w3id.org/battery-kg/tests#")
EXPECTED_ENTRIES = 40


def _entries() -> list[dict]:
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(MF.entries, None))
    entries = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        action = g.value(entry, MF.action)
        params = {str(g.value(p, BKT.name)): str(g.value(p, BKT.value)) for p in g.objects(action, BKT.param)}
        data = tuple(sorted(Path(URIRef(d).replace("file://", "")) for d in g.objects(action, QT.data)))
        entries.append({
            "name": str(g.value(entry, MF.name)),
            "data": data,
            "query": Path(URIRef(g.value(action, QT.query)).replace("file://", "")),
            "params": params,
            "result": Path(URIRef(g.value(entry, MF.result)).replace("file://", "")),
        })
    return entries


ENTRIES = _entries()


SEED_FILES = tuple(sorted(ROOT / "graph" / name for name in (
    "sources.trig", "places.trig", "organisations/verkor.trig", "organisations/prologium.trig",
    "organisations/alpine.trig", "organisations/rte.trig")))


@functools.cache
def _loaded(data: tuple[Path, ...]):
    project = load_project(paths=list(data), root=ROOT)
    return project, OxigraphStore.from_project(project)


@pytest.fixture(scope="module")
def project():
    return load_project(root=ROOT)


@pytest.fixture(scope="module")
def dataset(project):
    """The project in Oxigraph, the store every query runs on."""
    return OxigraphStore.from_project(project)


@pytest.fixture(scope="module")
def seed_project():
    return _loaded(SEED_FILES)[0]


def test_seed_entries_name_the_seed_files():
    """The seed questions run on the seed files only; the others on the whole graph/ folder."""
    datas = {e["data"] for e in ENTRIES}
    assert datas == {SEED_FILES, ((ROOT / "graph").resolve(),)} or datas == {SEED_FILES, (ROOT / "graph",)}


def _key(node):
    """Compare numbers by value (54.0 == 54.00) within their datatype, everything else as terms."""
    if isinstance(node, Literal) and isinstance(node.value, (int, float, Decimal)) and not isinstance(node.value, bool):
        return ("number", str(node.datatype), Decimal(str(node.value)))
    if isinstance(node, BNode):
        return ("bnode",)
    return ("term", type(node).__name__, str(node), str(getattr(node, "datatype", "") or ""), getattr(node, "language", None))


def _rows(result, names: list[str]) -> list[tuple]:
    return [tuple(_key(row[i]) if row[i] is not None else None for i in range(len(names))) for row in result]


def test_manifest_size():
    """The suite cannot shrink unnoticed."""
    assert len(ENTRIES) == EXPECTED_ENTRIES


def test_every_query_has_an_expected_result():
    covered = {e["query"].resolve() for e in ENTRIES}
    queries = sorted((ROOT / "queries").glob("*.rq"))
    assert queries, "no queries found"
    missing = [q.name for q in queries if q.resolve() not in covered]
    assert missing == [], f"queries with no expected result in {MANIFEST.name}: {missing}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_query(entry):
    project, dataset = _loaded(entry["data"])
    query = load_query(entry["query"])
    with open(entry["result"], "rb") as handle:
        expected = Result.parse(source=handle, format="tsv")
    result = run(dataset, query, bind_params(query, entry["params"], dataset))
    names = [str(v) for v in result.vars]
    assert names == [str(v) for v in expected.vars]
    got, want = _rows(result, names), _rows(expected, names)
    if query.ordered:
        assert got == want
    else:
        assert sorted(got, key=repr) == sorted(want, key=repr)


def test_catalogue_loads_every_file(project):
    names = [q.name for q in catalogue(project.resources)]
    assert len(names) == len(list((ROOT / "queries").glob("*.rq"))) == 25
    for q in catalogue(project.resources):
        assert q.title and q.question


def test_paths_sparql_edges_match_python(seed_project):
    """The SPARQL of relation-paths.rq walks the same graph as battery_kg.analysis.paths.find_paths (seed facts)."""
    project, dataset = seed_project, _loaded(SEED_FILES)[1]
    query = find_query("relation-paths", project.resources)
    ends = {"from": BKR["verkor"], "to": BKR["prologium"]}
    sparql = {(r[0], r[1], r[2]) for r in run(dataset, query.__class__(**{**query.__dict__, "engine": "sparql"}), ends)}
    walked = {(r[0], r[1], r[2]) for r in dataset.query(package_query("analysis/queries", "walkable-edges"), ends)}
    assert sparql == walked and len(walked) > 10
    # Verkor -operates- Bourbourg gigafactory ... ProLogium: the one path of five hops the articles give
    paths = find_paths(dataset, BKR["verkor"], BKR["prologium"], max_hops=5)
    assert len(paths) == 1 and len(paths[0]) == 5


def test_values_not_text(project, dataset):
    """Parameters are bound as RDF terms in a VALUES clause, never pasted into the query."""
    query = find_query("capacity-as-of", project.resources)
    text = with_values(query.text, bind_params(query, {"year": "2030"}, dataset))
    assert 'VALUES ?year { "2030"^^<http://www.w3.org/2001/XMLSchema#gYear> }' in text
    with pytest.raises(UsageError, match=r"expected a year \(xsd:gYear"):
        bind_params(query, {"year": '2030" } } #'}, dataset)


def test_unsourced_query_finds_a_fact_with_no_source(tmp_path):
    """The 'no source' query is empty on the project, but does find facts outside any fact graph."""
    graph = tmp_path / "graph"
    graph.mkdir()
    for path in (ROOT / "graph").rglob("*.trig"):
        (graph / path.name).write_bytes(path.read_bytes())
    (graph / "stray.ttl").write_text(
        "<https://w3id.org/battery-kg/id/verkor> <http://www.w3.org/2000/01/rdf-schema#comment> \"no source\" .\n"
    )
    (tmp_path / "ontology").symlink_to(ROOT / "ontology")
    (tmp_path / "queries").symlink_to(ROOT / "queries")
    rows = list(execute("unsourced-statements", project=load_project(root=tmp_path)))
    assert [(str(s), str(p), str(o)) for s, p, o in rows] == [
        ("https://w3id.org/battery-kg/id/verkor", "http://www.w3.org/2000/01/rdf-schema#comment", "no source")
    ]


def test_syntax_error_in_a_query_file(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Bad\n# question: Does it parse?\nSELECT ?s WHERE {\n  ?s ?p\n}\n")
    with pytest.raises(InputError) as info:
        load_query(bad, "bad.rq")
    assert str(info.value).startswith("bad.rq:5:1:")  # Oxigraph stops at the "}" where an object was expected
    assert "SPARQL syntax error" in str(info.value)


def test_header_must_have_title_and_question(tmp_path):
    bare = tmp_path / "bare.rq"
    bare.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match=r"^bare.rq:1:1: a query file must start with '# title"):
        load_query(bare, "bare.rq")


def test_param_must_be_a_variable(tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("# title: T\n# question: Q?\n# param: year (xsd:gYear) default 2030\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match=r"parameter year is not a variable"):
        load_query(q, "q.rq")


def test_unknown_param_kind(tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("# title: T\n# question: Q?\n# param: year (a year) default 2030\nSELECT * WHERE { ?s ?p ?year }\n")
    with pytest.raises(InputError, match=r"^q.rq:3:1: unknown parameter kind 'a year'"):
        load_query(q, "q.rq")


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("capacity-as-of", {"year": "soon"}, "parameter year: expected a year (xsd:gYear, four digits such as 2030), got 'soon'"),
        ("capacity-as-of", {"year": "bkr:verkor"}, "parameter year: expected a year (xsd:gYear, four digits such as 2030), got 'bkr:verkor'"),
        ("relation-paths", {"hops": "0"}, "parameter hops: expected a positive integer (xsd:positiveInteger, such as 4), got '0'"),
        ("relation-paths", {"hops": "four"}, "parameter hops: expected a positive integer (xsd:positiveInteger, such as 4), got 'four'"),
        ("company-sites", {"company": "Atlantis"},
         "parameter company: expected an organisation (a label, a CURIE such as bkr:verkor, or an IRI), got 'Atlantis': no entity has that label"),
        ("company-sites", {"company": "bkr:atlantis"},
         "parameter company: expected an organisation (a label, a CURIE such as bkr:verkor, or an IRI), got 'bkr:atlantis': bkr:atlantis does not occur in the graph"),
        ("company-sites", {"company": "2030"},
         "parameter company: expected an organisation (a label, a CURIE such as bkr:verkor, or an IRI), got '2030': no entity has that label"),
        ("company-sites", {"company": "Dunkirk"},
         "parameter company: expected an organisation (a label, a CURIE such as bkr:verkor, or an IRI), got 'Dunkirk': the label names bkr:dunkirk (Dunkirk), a bkg:Town; expected a bkg:Organisation"),
        ("area-capacity", {"area": "<https://w3id.org/battery-kg/id/verkor>"},
         "parameter area: expected a place (a label, a CURIE such as bkr:verkor, or an IRI), got '<https://w3id.org/battery-kg/id/verkor>': bkr:verkor (Verkor) is a bkg:Company, not a bkg:Place"),
        ("entity-provenance", {"entity": "Site"},
         "parameter entity: expected an entity (a label, a CURIE such as bkr:verkor, or an IRI), got 'Site': the label names 2 entities: bkg:Site (site); bkg:site (site) (use a CURIE or an IRI)"),
        ("entity-provenance", {"entity": " "}, "parameter entity: expected an entity (a label, a CURIE such as bkr:verkor, or an IRI), got an empty value"),
        ("timeline", {"year": "2030"}, "query timeline has no parameter 'year' (its parameters: none)"),
    ],
)
def test_parameter_errors(project, dataset, query, params, message):
    q = find_query(query, project.resources)
    with pytest.raises(UsageError) as info:
        bind_params(q, params, dataset)
    assert str(info.value) == message


def test_unknown_query_name(project):
    with pytest.raises(UsageError, match=r"^no query named 'nope' \(known queries: area-capacity, "):
        find_query("nope", project.resources)
