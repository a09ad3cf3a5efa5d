"""Is the ontology, with the data, consistent? And are the shapes themselves valid SHACL?

Two consistency checks, both reported as located findings:

* :func:`disjointness_findings` (fast, part of ``lint`` and ``validate``): a node whose types, closed
  under ``rdfs:subClassOf``, include two classes declared ``owl:disjointWith`` each other (or members
  of one ``owl:AllDisjointClasses``): a site typed as a company.
* :func:`owl_rl_findings` (slower, ``battery-kg lint --consistency`` and the tests): the OWL 2 RL
  closure of ontology plus data computed with owlrl; every inconsistency owlrl reports (disjoint
  classes, functional properties with two different literal values, ``owl:Nothing``...) becomes a
  finding located at the first data node its message names.

:func:`meta_shacl_findings` validates the shapes graph against the W3C SHACL-for-SHACL shapes
(pySHACL's ``meta_shacl`` option).

>>> from battery_kg import load_project
>>> disjointness_findings(load_project())
[]
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing

import re
from itertools import combinations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from battery_kg.hierarchy import superclasses
from battery_kg.labels import curie
from battery_kg.load import Location, Project
from battery_kg.checks.validate import Finding

_IRI_IN_MESSAGE = re.compile(r"https?://[^\s,;'\"()<>]+")


def disjoint_pairs(ontology: Graph) -> set[frozenset[URIRef]]:
    """Pairs of classes declared disjoint (``owl:disjointWith`` or ``owl:AllDisjointClasses``)."""
    pairs = {frozenset((a, b)) for a, b in ontology.subject_objects(OWL.disjointWith) if a != b}
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(group, OWL.members)
        if members is not None:
            classes = list(ontology.items(members))
            pairs.update(frozenset(p) for p in combinations(classes, 2))
    return pairs


def disjointness_findings(project: Project) -> list[Finding]:
    """A violation for every node typed (through subclasses) with two disjoint classes."""
    pairs = disjoint_pairs(project.ontology)
    cache: dict[Node, set[Node]] = {}
    out = []
    for node in sorted(set(project.data.subjects(RDF.type, None))):
        types: set[Node] = set()
        for cls in project.data.objects(node, RDF.type):
            if cls not in cache:
                cache[cls] = superclasses(project.ontology, cls)
            types |= cache[cls]
        clashes = sorted((tuple(sorted(p)) for p in pairs if p <= types))
        asserted = " and ".join(sorted(curie(c) for c in project.data.objects(node, RDF.type)))
        for a, b in clashes:
            out.append(_finding(project, node, f"is typed {asserted}, but {curie(a)} and {curie(b)} are disjoint"
                                " classes (owl:disjointWith): give each thing its own IRI", "owl:disjointWith"))
    return out


def owl_rl_findings(project: Project) -> list[Finding]:
    """Inconsistencies found by the OWL 2 RL closure (owlrl) of the ontology and the data."""
    graph = Graph()
    graph += project.ontology
    graph += project.data
    # owlrl replaces rdflib's literal conversions for the whole process and does not fully put them back,
    # so the closure runs in a child process: this one keeps rdflib as it was.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        errors = pool.submit(_owl_rl_errors, graph.serialize(format="nt", encoding="utf-8")).result()
    out = []
    for message in errors:
        named = [URIRef(i) for i in _IRI_IN_MESSAGE.findall(message)]
        node = next((n for n in named if project.location(n) is not None), None)
        text = " ".join(message.split())
        out.append(_finding(project, node, f"OWL RL: {text}", "owlrl:inconsistency"))
    return out


def _owl_rl_errors(ntriples: bytes) -> list[str]:
    """The OWL 2 RL closure's error messages for a graph given as N-Triples (run in a child process)."""
    import owlrl

    graph = Graph().parse(data=ntriples, format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return sorted(str(m) for m in graph.objects(None, owlrl.Namespaces.ERRNS.error))


def meta_shacl_findings(shapes: Graph) -> list[Finding]:
    """The shapes graph checked against the W3C SHACL-for-SHACL shapes; [] when the shapes are valid SHACL."""
    from pyshacl import validate as pyshacl_validate
    from pyshacl.errors import ReportableRuntimeError

    try:
        conforms, _results, text = pyshacl_validate(Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True)
    except ReportableRuntimeError as exc:  # pySHACL raises when the meta-shapes check fails
        text = str(exc)
        conforms = False
    if conforms:
        return []
    return [Finding(path="ontology/shapes", line=1, focus="", focus_label="shapes graph", result_path=None,
                    message=" ".join(text.split())[:2000], severity="Violation", source_shape="shsh:ShapesShape",
                    component="meta-shacl")]


def _finding(project: Project, node: Node | None, message: str, component: str) -> Finding:
    where = (project.location(node) if node is not None else None) or Location(
        project.resources.relative(project.resources.graph), 1)
    return Finding(path=where.path, line=where.line, focus=str(node) if node is not None else "",
                   focus_label=project.label(node) if node is not None else "ontology and data",
                   result_path=None, message=message, severity="Violation", source_shape="owl",
                   component=component)


__all__ = ["disjoint_pairs", "disjointness_findings", "meta_shacl_findings", "owl_rl_findings"]
