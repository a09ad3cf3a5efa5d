"""The fast checked fill (:mod:`battery_kg.stores.fill`) holds what the careful rdflib path reads.

The careful path (``load_project``, then the project's quads into Oxigraph) is what ``validate`` reads;
the fast one parses with Oxigraph and checks the input contract on its terms. The bad-input corpus
(``tests/test_bad_inputs.py``, ``query`` and ``export``) proves the fast path refuses everything the
careful one refuses, with the same message; here: on data both accept, the two stores hold the same
quads (blank nodes compared after canonicalisation), and a file the fast path doubts is read as rdflib
reads it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from battery_kg.errors import InputError
from battery_kg.generate import generate
from battery_kg.stores.fill import fill_checked
from battery_kg.stores.layout import ONTOLOGY_GRAPH
from battery_kg.load import load_project
from battery_kg.stores.open import open_store
from battery_kg.stores.oxigraph import MANIFEST, OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
BKR = "https://w3id.org/battery-kg/id/"
BKG = "https://w3id.org/battery-kg/def#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = (f"@prefix bkg: <{BKG}> .\n@prefix bkr: <{BKR}> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f"@prefix xsd: <{XSD}> .\n")


def fast(paths=None, root=None) -> OxigraphStore:
    store = OxigraphStore()
    fill_checked(store, root, paths)
    return store


def careful(paths=None, root=None) -> OxigraphStore:
    return OxigraphStore.from_project(load_project(paths=paths, root=root))


def canonical(store: OxigraphStore) -> ox.Dataset:
    dataset = ox.Dataset(store.raw.quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


def quads(store: OxigraphStore) -> set[str]:
    """The data quads (the ontology's graph left out)."""
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return {str(q) for q in store.raw.quads_for_pattern(None, None, None, None) if q.graph_name != ontology}


def test_the_real_graph_is_filled_the_same_both_ways():
    a, b = fast(), careful()
    # A fact of graph/organisations/verkor.trig, in its source's graph, and the ontology's own graph.
    verkor = ox.Quad(ox.NamedNode(BKR + "verkor"), RDFS_LABEL, ox.Literal("Verkor", language="en"),
                     ox.NamedNode(BKR + "graph-verkor-bourbourg-article"))
    assert verkor in a.raw and verkor in b.raw
    assert len(a) > 4000 and len(a) == len(b)
    assert canonical(a) == canonical(b)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(out, companies=60, seed=1)
    return out / "graph"


def test_a_generated_graph_is_filled_the_same_both_ways(generated: Path):
    a, b = fast([generated]), careful([generated])
    assert len(a) > 10_000 and len(a) == len(b)
    assert canonical(a) == canonical(b)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "graph" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder / "graph"


def test_the_fast_path_keeps_literals_as_written(tmp_path: Path):
    """The one chosen difference (written down in stores/fill.py): Oxigraph keeps "01" as written where
    rdflib writes "1"; it is also the proof that a clean file goes the fast way."""
    graph = write(tmp_path, "x.ttl", PREFIXES + 'bkr:a bkg:count "01"^^xsd:integer .\n')
    written = ox.Literal("01", datatype=ox.NamedNode(XSD + "integer"))
    assert ox.Quad(ox.NamedNode(BKR + "a"), ox.NamedNode(BKG + "count"), written) in fast([graph]).raw
    assert ox.Quad(ox.NamedNode(BKR + "a"), ox.NamedNode(BKG + "count"),
                   ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))) in careful([graph]).raw


def test_a_file_oxigraph_refuses_and_rdflib_reads_holds_rdflibs_reading(tmp_path: Path):
    """A leading ';' is rdflib leniency (docs/bad-input.md): Oxigraph refuses it, the file goes the careful way."""
    graph = write(tmp_path, "x.ttl", PREFIXES + 'bkr:a ; rdfs:label "x" .\n')
    assert quads(fast([graph])) == {f'<{BKR}a> <http://www.w3.org/2000/01/rdf-schema#label> "x"'} \
        == quads(careful([graph]))


def test_a_graph_named_by_a_blank_node_goes_to_the_default_graph(tmp_path: Path):
    graph = write(tmp_path, "x.trig", PREFIXES + '_:g { bkr:a rdfs:label "x" }\n')
    assert quads(fast([graph])) == {f'<{BKR}a> <http://www.w3.org/2000/01/rdf-schema#label> "x"'} \
        == quads(careful([graph]))


@pytest.mark.parametrize("text", [
    '@base <https://e.org/a/b> .\n<https://e.org/s> <https://e.org/p> <?q> .\n',
    '<https://e.org/s> <https://e.org/p> "x" . base <https://e.org/a/b> <https://e.org/s> <https://e.org/p> <?q> .\n',
], ids=["at-the-start", "sparql-style-after-a-statement"])
def test_a_base_iri_resolves_as_validate_resolves_it(tmp_path: Path, text: str):
    """The two parsers resolve ``<?q>`` against a base differently (RFC 3986 gives .../a/b?q, rdflib .../a/?q):
    a file with a base goes the careful way, so that the store holds what validate checked."""
    graph = write(tmp_path, "x.ttl", text)
    expected = {"<https://e.org/s> <https://e.org/p> <https://e.org/a/?q>"}
    assert quads(fast([graph])) - {'<https://e.org/s> <https://e.org/p> "x"'} == expected
    assert quads(fast([graph])) == quads(careful([graph]))


def test_a_refused_file_leaves_a_folder_store_empty_and_reusable(tmp_path: Path):
    graph = write(tmp_path / "project", "a.ttl", PREFIXES + 'bkr:a rdfs:label "a"@en .\n')
    write(tmp_path / "project", "b.ttl", PREFIXES + 'bkr:b rdfs:label "b .\n')
    folder = tmp_path / "store"
    with pytest.raises(InputError, match="syntax error"):
        open_store(f"oxigraph:{folder}", paths=[graph])
    assert len(OxigraphStore(folder)) == 0 and not (folder / MANIFEST).exists()
    write(tmp_path / "project", "b.ttl", PREFIXES + 'bkr:b rdfs:label "b"@en .\n')
    store = open_store(f"oxigraph:{folder}", paths=[graph])
    assert ox.Quad(ox.NamedNode(BKR + "b"), RDFS_LABEL, ox.Literal("b", language="en")) in store.raw
    assert (folder / MANIFEST).is_file()
