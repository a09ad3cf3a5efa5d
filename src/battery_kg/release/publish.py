"""Publish the built graph to a triple store that speaks the SPARQL 1.1 Graph Store HTTP Protocol.

Oxigraph server (``/store``), Apache Jena Fuseki (``/DATASET/data``), GraphDB
(``/repositories/ID/rdf-graphs/service``), Virtuoso (``/sparql-graph-crud``) and QLever take it.

* Each named graph of the build (one per source, and the ontology in ``https://w3id.org/battery-kg/def``)
  is sent as one request, so the store keeps the named graphs; ``graph=IRI`` puts everything in one graph.
* By default each graph is added to (``POST``); ``replace=True`` replaces each graph as a whole (``PUT``).
  Blank nodes (only the ontology has some) are first given stable IRIs (skolemised after canonical
  labelling), so publishing the same build twice leaves the same store either way.
* The URL is checked before anything is sent (http or https, no user info); a redirect stops the run
  and names where it pointed (never followed: the upload would lose its body). Credentials come from
  the environment (:func:`battery_kg.net.http_client.credentials`: bearer, Basic, or Digest when the server
  asks for it, as Virtuoso does), go to the endpoint's origin only, and never appear in a message.
* A refused request stops the run with :class:`PublishError` (exit 2), which says which graphs were
  written and which were not.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from battery_kg.errors import BatteryKGError
from battery_kg.progress import bar
from battery_kg.net.http_client import HTTPError, Session, check_url, redact
from battery_kg.stores import ONTOLOGY_GRAPH, OxigraphStore

SKOLEM_BASE = "https://w3id.org/battery-kg/.well-known/genid/"
"""Base of the IRIs that replace blank nodes when publishing."""


class PublishError(BatteryKGError):
    """An upload failed; ``written`` and ``not_written`` name the graphs on each side."""

    def __init__(self, message: str, written: list[str], not_written: list[str], status: int | None = None) -> None:
        def names(items: list[str]) -> str:
            return ", ".join(items) if items else "none"

        super().__init__(
            f"{message}; written: {len(written)} graph(s) ({names(written)}); "
            f"not written: {len(not_written)} graph(s) ({names(not_written)})",
            hint="fix the cause and publish again: publishing is idempotent",
        )
        self.written = written
        self.not_written = not_written
        self.status = status


@dataclass
class PublishReport:
    """What was published: triples per graph (``""`` is the default graph)."""

    endpoint: str
    method: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def graph_payloads(store: OxigraphStore, graph: str | None = None) -> list[tuple[str, bytes, int]]:
    """(graph IRI or ``""`` for the default graph, N-Triples bytes, triple count) for each graph to send."""
    import pyoxigraph as ox

    raw = store.raw
    names = sorted(g.value for g in raw.named_graphs() if isinstance(g, ox.NamedNode))
    targets: list[tuple[str, list]] = []
    if graph is not None:
        targets.append((graph, [ox.DefaultGraph()] + [ox.NamedNode(n) for n in names]))
    else:
        targets.append(("", [ox.DefaultGraph()]))
        targets += [(n, [ox.NamedNode(n)]) for n in names]
    out = []
    for name, sources in targets:
        triples = ox.Dataset()
        for source in sources:
            for q in raw.quads_for_pattern(None, None, None, source):
                triples.add(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
        if len(triples) == 0:
            continue
        body = _skolemised_ntriples(triples)
        out.append((name, body, len(triples)))
    return out


def _skolemised_ntriples(dataset) -> bytes:
    import pyoxigraph as ox

    quads = list(dataset)
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)

        def fix(term):
            return ox.NamedNode(SKOLEM_BASE + term.value) if isinstance(term, ox.BlankNode) else term

        quads = [ox.Quad(fix(q.subject), q.predicate, fix(q.object), q.graph_name) for q in dataset]
    quads.sort(key=str)
    return ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads], format=ox.RdfFormat.N_TRIPLES)


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of one graph (``?default`` for the default graph).

    >>> graph_url("http://h/store", "https://w3id.org/battery-kg/id/g")
    'http://h/store?graph=https%3A%2F%2Fw3id.org%2Fbattery-kg%2Fid%2Fg'
    """
    sep = "&" if "?" in endpoint else "?"
    if not graph:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


def publish(store: OxigraphStore, endpoint: str, graph: str | None = None, replace: bool = False,
            timeout: float = 300.0) -> PublishReport:
    """Send every graph of ``store`` to the Graph Store endpoint; see the module docstring."""
    method = "PUT" if replace else "POST"
    check_url(endpoint)
    payloads = graph_payloads(store, graph)
    report = PublishReport(redact(endpoint), method)
    shown = [name or "(default graph)" for name, _, _ in payloads]
    with bar(total=sum(n for *_, n in payloads), desc="publish", unit="triple", unit_scale=True) as progress, \
            Session(endpoint, timeout) as session:
        for index, (name, body, count) in enumerate(payloads):
            try:
                status, answer, _ = session.request(
                    graph_url(endpoint, name), method, body, {"Content-Type": "application/n-triples; charset=utf-8"},
                )
            except HTTPError as exc:
                raise PublishError(exc.message, written=shown[:index], not_written=shown[index:]) from None
            if status >= 300:
                reason = answer[:200].decode("utf-8", "replace").strip()
                raise PublishError(
                    f"{redact(endpoint)} refused {shown[index]} with HTTP {status}" + (f": {reason}" if reason else ""),
                    written=shown[:index], not_written=shown[index:], status=status,
                )
            report.graphs[name] = count
            progress.update(count)
    return report


__all__ = ["ONTOLOGY_GRAPH", "PublishError", "PublishReport", "graph_payloads", "graph_url", "publish"]
