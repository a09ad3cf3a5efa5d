"""The networkx projection: one node per entity, one edge per object property, the options."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from battery_kg import load_project
from battery_kg.errors import UsageError
from battery_kg.namespaces import BKG
from battery_kg.pictures.project_nx import Options, project


@pytest.fixture(scope="module")
def loaded(seed_root):
    # the node and edge counts below are written from the two seed articles: the seed project
    return load_project(root=seed_root)


def test_entities_are_nodes_with_class_and_label(loaded):
    g = project(loaded)
    site = g.nodes["bkr:prologium-dunkirk-gigafactory"]
    assert site["label"] == "ProLogium gigafactory, Dunkirk"
    assert site["type"] == "bkg:Gigafactory"
    assert site["type_label"] == "gigafactory"
    assert site["isFirstOfOperator"] is True
    # a concept object becomes an attribute holding its label
    assert "maritime" in site["servedByTransportMode"]
    # the source of the site's facts is the ProLogium article
    assert "ProLogium begins building" in site["sources"]


def test_object_properties_are_labelled_edges(loaded):
    g = project(loaded)
    edges = {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}
    edge = edges[("bkr:prologium-dunkirk-grid-connection", "bkr:rte", "bkg:managedBy")]
    assert edge["label"] == "managed by"
    assert "ProLogium begins building" in edge["sources"]
    # Alpine as the A390's maker comes from the editors' reference note, not the article
    maker = edges[("bkr:alpine-a390", "bkr:alpine", "bkg:manufacturer")]
    assert maker["sources"].startswith("battery-kg editors' reference note")


def test_provenance_is_not_an_entity(loaded):
    g = project(loaded)
    for left_out in ("bkr:source-verkor-bourbourg-article", "bkr:graph-catalogue", "bkr:unidentified-news-publisher",
                     "bkr:battery-kg-editors"):
        assert left_out not in g
    # no source document of any kind (press releases, public documents... are subclasses) is a node
    assert not [n for n, d in g.nodes(data=True) if "SourceDocument" in d["type"] or "Release" in d["type"]
                or d["type"] in ("bkg:NewsArticle", "bkg:EditorialNote", "bkg:PublicDocument", "bkg:FactGraph")]
    # every site of the data is a node, counted here by SPARQL over the merged graph
    sites = loaded.merged().query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* bkg:Site }",
        initNs={"bkg": BKG, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "site") == int(next(iter(sites))[0])


def test_statements_folded_into_their_subject(loaded):
    g = project(loaded, statements="fold")
    assert "bkr:capacity-verkor-bourbourg-2030" not in g
    site = g.nodes["bkr:verkor-bourbourg-gigafactory"]
    # the Verkor seed article: 16 GWh now (dated 2025 by the dating note), 50 GWh by 2030
    assert site["capacity"] == "16 GWh, 2025, exact, operational; 50 GWh, 2030, exact, planned"
    assert (site["capacity_2025"], site["capacity_2030"], site["capacity_max"]) == (16.0, 50.0, 50.0)
    assert "capacity_potential" not in site
    dunkirk = g.nodes["bkr:prologium-dunkirk-gigafactory"]  # 48 GWh "long term": no year, never given one
    assert (dunkirk["capacity_potential"], dunkirk["capacity_2032"]) == (48.0, 12.0)
    assert "1200, direct jobs, about, planned" in site["jobs"]
    assert "more than" in g.nodes["bkr:verkor"]["funding"]
    # relations between several entities stay nodes
    assert "bkr:supply-verkor-bourbourg-alpine-a390" in g


def test_classes_and_properties_options(loaded):
    g = project(loaded, classes=frozenset({BKG.Site, BKG.Organisation}))
    assert {d["type"] for _, d in g.nodes(data=True)} <= {
        "bkg:Gigafactory", "bkg:MaterialsPlant", "bkg:RecyclingPlant", "bkg:ResearchCentre", "bkg:Company",
        "bkg:PublicAuthority", "bkg:GridOperator", "bkg:Organisation"}
    assert ("bkr:verkor-bourbourg-gigafactory", "bkr:verkor") in g.edges()
    only = project(loaded, properties=frozenset({BKG.operatedBy}))
    assert {k for *_, k in only.edges(keys=True)} == {"bkg:operatedBy"}
    pairs = {(str(s), str(o)) for s, o in loaded.data.subject_objects(BKG.operatedBy)}
    assert only.number_of_edges() == len(pairs)  # one edge per site and operator it is said to have


def test_ontology_and_provenance_nodes(loaded):
    g = project(loaded, ontology=True, provenance="nodes")
    assert g.nodes["bkv:nuclear"]["type"] == "skos:Concept"
    assert g.nodes["bkr:source-prologium-dunkirk-article"]["type"] == "bkg:NewsArticle"
    assert g.has_edge("bkr:prologium-dunkirk-gigafactory", "bkr:source-prologium-dunkirk-article", "bkg:statedBy")
    bare = project(loaded, provenance="none")
    assert all("sources" not in d for _, d in bare.nodes(data=True))


def test_bad_option():
    with pytest.raises(UsageError):
        Options(statements="sometimes")


def test_deterministic(loaded):
    a, b = project(loaded), project(loaded)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_projection_through_a_store_equals_the_loaded_one(loaded, tmp_path):
    from battery_kg.pictures.project_nx import project_store
    from battery_kg.stores import OxigraphStore

    expected = project(loaded, statements="fold")
    for store in (OxigraphStore.from_project(loaded), OxigraphStore.from_project(loaded, tmp_path / "store")):
        got = project_store(store, Options(statements="fold"))
        assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True)), store.name
        assert list(got.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True)), store.name


def test_export_needs_no_scipy_past_500_nodes(tmp_path, monkeypatch):
    # networkx's spring layout imports scipy past 500 nodes; scipy is not a dependency
    import sys

    from click.testing import CliRunner

    from battery_kg.cli import main
    from battery_kg.generate import generate

    generate(tmp_path / "gen", 30, seed=1)
    monkeypatch.setitem(sys.modules, "scipy", None)  # any import of scipy now fails
    for name in ("kg.graphml", "kg.gexf", "kg.cyjs", "kg.dot"):
        result = CliRunner().invoke(main, ["export", "--root", str(tmp_path / "gen"), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        nodes = int(result.output.split(": ")[-1].split(" nodes")[0])
        assert nodes > 500  # where networkx's spring layout starts needing scipy


def test_curie_is_the_longest_project_prefix_for_every_iri_of_the_project():
    """curie() looks a prefix up by the IRI's head (up to its last / or #): the same answer as trying
    every namespace, for every IRI of the data and the ontology, since every namespace ends with / or #."""
    from battery_kg.labels import curie
    from battery_kg.load import load_project
    from battery_kg.namespaces import PREFIXES

    assert all(ns.endswith(("/", "#")) for ns in PREFIXES.values())

    def by_every_namespace(text: str) -> str:
        matches = [(len(ns), prefix) for prefix, ns in PREFIXES.items() if text.startswith(ns)]
        if not matches:
            return text
        length, prefix = max(matches)
        return f"{prefix}:{text[length:]}"

    project = load_project()
    iris = {t for triple in [*project.data, *project.ontology] for t in triple if isinstance(t, URIRef)}
    iris |= {URIRef("http://example.org/no/prefix"), URIRef(str(PREFIXES["bkr"])), URIRef(PREFIXES["bkg"] + "a/b")}
    assert len(iris) > 500
    assert {i: curie(i) for i in iris} == {i: by_every_namespace(str(i)) for i in iris}


@pytest.mark.parametrize("many", [3, 40])
def test_facts_keep_each_triple_once_with_every_graph_that_states_it(many):
    """A triple stated in two graphs is one object with both graphs, for a short list of objects and for
    a long one (past 16, where Facts looks objects up in an index instead of a pass)."""
    from rdflib import Literal

    from battery_kg.namespaces import BKR
    from battery_kg.pictures.project_nx import Facts

    hub, prop, g1, g2 = BKR["hub"], BKG["supplies"], BKR["graph-one"], BKR["graph-two"]
    targets = [BKR[f"site-{i}"] for i in range(many)]
    count = Literal(7)
    quads = [(hub, prop, t, g1) for t in targets] + [(hub, BKG["value"], count, g1)]
    # the last site and the number again, from the second graph; the first site again from the first
    quads += [(hub, prop, URIRef(str(targets[-1])), g2), (hub, BKG["value"], count, g2), (hub, prop, targets[0], g1)]
    facts = Facts(quads)
    assert list(facts.objects(hub, prop)) == targets
    assert facts.graphs_of(hub, prop, targets[-1]) == (g1, g2)
    assert facts.graphs_of(hub, prop, targets[0]) == (g1,)
    assert facts.graphs_of(hub, BKG["value"], count) == (g1, g2)
    assert list(facts.subjects(prop, targets[-1])) == [hub]
    assert sorted(facts.subjects(None, targets[0])) == [hub]
