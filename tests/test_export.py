"""Exports read back with the same nodes, edges, labels and types as the projection.

Each format is also read back by a tool of its own ecosystem: GraphML by python-igraph, DOT by
Graphviz's ``dot`` (Debian ``graphviz``), GEXF and Cytoscape.js JSON by networkx here and the
``.cyjs`` by cytoscape.js itself in tests/test_export_browser.py.

The GraphML is checked against an XML schema of GraphML's structure written for this test
(`GRAPHML_STRUCTURE_XSD` below): the official schema (graphml.graphdrawing.org/xmlns/1.0/graphml.xsd)
is not shipped by any package we can install (none on PyPI, npm or Debian carries graphml.xsd) and
tests do not reach the network. The schema below
follows the official one for the elements and attributes networkx writes (graphml, key, default,
graph, node, edge, data, desc; their required attributes and value types), and is strict: any
other element or attribute in the GraphML namespace fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree

from battery_kg import load_project
from battery_kg.cli import main
from battery_kg.errors import UsageError
from battery_kg.pictures.explorer import class_style
from battery_kg.pictures.export import guess_format, render, write
from battery_kg.pictures.project_nx import project

GRAPHML_STRUCTURE_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://graphml.graphdrawing.org/xmlns"
           xmlns="http://graphml.graphdrawing.org/xmlns" elementFormDefault="qualified">
  <xs:simpleType name="key.for.type">
    <xs:restriction base="xs:NMTOKEN">
      <xs:enumeration value="all"/><xs:enumeration value="graphml"/><xs:enumeration value="graph"/>
      <xs:enumeration value="node"/><xs:enumeration value="edge"/><xs:enumeration value="hyperedge"/>
      <xs:enumeration value="port"/><xs:enumeration value="endpoint"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="key.type.type">
    <xs:restriction base="xs:NMTOKEN">
      <xs:enumeration value="boolean"/><xs:enumeration value="int"/><xs:enumeration value="long"/>
      <xs:enumeration value="float"/><xs:enumeration value="double"/><xs:enumeration value="string"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="desc" type="xs:string"/>
  <xs:element name="default"><xs:complexType mixed="true"><xs:sequence>
    <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
  <xs:element name="data"><xs:complexType mixed="true"><xs:sequence>
    <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="key" type="xs:NMTOKEN" use="required"/>
    <xs:attribute name="id" type="xs:NMTOKEN"/></xs:complexType></xs:element>
  <xs:element name="key"><xs:complexType><xs:sequence>
      <xs:element ref="desc" minOccurs="0"/><xs:element ref="default" minOccurs="0"/></xs:sequence>
    <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
    <xs:attribute name="for" type="key.for.type" default="all"/>
    <xs:attribute name="attr.name" type="xs:NMTOKEN"/>
    <xs:attribute name="attr.type" type="key.type.type"/></xs:complexType></xs:element>
  <xs:element name="node"><xs:complexType><xs:sequence>
      <xs:element ref="desc" minOccurs="0"/><xs:element ref="data" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element ref="graph" minOccurs="0"/></xs:sequence>
    <xs:attribute name="id" type="xs:NMTOKEN" use="required"/></xs:complexType></xs:element>
  <xs:element name="edge"><xs:complexType><xs:sequence>
      <xs:element ref="desc" minOccurs="0"/><xs:element ref="data" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element ref="graph" minOccurs="0"/></xs:sequence>
    <xs:attribute name="id" type="xs:NMTOKEN"/>
    <xs:attribute name="directed" type="xs:boolean"/>
    <xs:attribute name="source" type="xs:NMTOKEN" use="required"/>
    <xs:attribute name="target" type="xs:NMTOKEN" use="required"/>
    <xs:attribute name="sourceport" type="xs:NMTOKEN"/>
    <xs:attribute name="targetport" type="xs:NMTOKEN"/></xs:complexType></xs:element>
  <xs:element name="graph"><xs:complexType><xs:sequence>
      <xs:element ref="desc" minOccurs="0"/>
      <xs:choice minOccurs="0" maxOccurs="unbounded">
        <xs:element ref="data"/><xs:element ref="node"/><xs:element ref="edge"/></xs:choice></xs:sequence>
    <xs:attribute name="id" type="xs:NMTOKEN"/>
    <xs:attribute name="edgedefault" use="required"><xs:simpleType><xs:restriction base="xs:NMTOKEN">
      <xs:enumeration value="directed"/><xs:enumeration value="undirected"/></xs:restriction></xs:simpleType></xs:attribute>
  </xs:complexType>
    <xs:key name="node-id"><xs:selector xpath=".//node"/><xs:field xpath="@id"/></xs:key>
    <xs:unique name="edge-id"><xs:selector xpath=".//edge"/><xs:field xpath="@id"/></xs:unique>
  </xs:element>
  <xs:element name="graphml"><xs:complexType><xs:sequence>
      <xs:element ref="desc" minOccurs="0"/><xs:element ref="key" minOccurs="0" maxOccurs="unbounded"/>
      <xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element ref="graph"/><xs:element ref="data"/></xs:choice>
    </xs:sequence></xs:complexType>
    <xs:key name="key-id"><xs:selector xpath="key"/><xs:field xpath="@id"/></xs:key>
  </xs:element>
</xs:schema>
"""


@pytest.fixture(scope="module")
def loaded(seed_root):
    # the counts below are written from the two seed articles: the seed project
    return load_project(root=seed_root)


@pytest.fixture(scope="module")
def graph(loaded):
    return project(loaded)


def _summary(g) -> tuple[int, int, dict, set]:
    labels = {n: d["label"].strip('"') for n, d in g.nodes(data=True)}
    types = {(n, g.nodes[n]["type"].strip('"')) for n in g.nodes}
    return g.number_of_nodes(), g.number_of_edges(), labels, types


def _edge_labels(g) -> list[tuple[str, str, str]]:
    return sorted((str(u).strip('"'), str(v).strip('"'), str(d["label"]).strip('"')) for u, v, d in g.edges(data=True))


def test_graphml_valid_against_schema(graph):
    schema = etree.XMLSchema(etree.fromstring(GRAPHML_STRUCTURE_XSD))
    doc = etree.fromstring(render(graph, "graphml"))
    assert schema.validate(doc), schema.error_log


def test_yed_graphml_valid_against_the_schema_as_yed_extends_it(graph):
    # yEd's ygraphml.xsd adds one attribute to GraphML's key element, yfiles.type; nothing else here
    # is outside GraphML's schema (the graphics live inside data elements, which admit other namespaces).
    yed_xsd = GRAPHML_STRUCTURE_XSD.replace(b'<xs:attribute name="attr.type" type="key.type.type"/>',
                                            b'<xs:attribute name="attr.type" type="key.type.type"/>'
                                            b'<xs:attribute name="yfiles.type" type="xs:NMTOKEN"/>')
    doc = etree.fromstring(render(graph, "yed"))
    assert etree.XMLSchema(etree.fromstring(yed_xsd)).validate(doc)
    assert not etree.XMLSchema(etree.fromstring(GRAPHML_STRUCTURE_XSD)).validate(doc)  # hence two formats
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    labels = doc.xpath("//g:node[@id='bkr:verkor']//y:NodeLabel/text()", namespaces=ns)
    assert labels == ["Verkor"]
    fill = doc.xpath("//g:node[@id='bkr:verkor-bourbourg-gigafactory']//y:Fill/@color", namespaces=ns)
    assert fill == [class_style("bkg:Gigafactory")["color"].upper()]
    assert len(doc.xpath("//g:edge//y:EdgeLabel", namespaces=ns)) == graph.number_of_edges()


def test_graphml_key_ids_unique_and_booleans_are_xml_schema_booleans(graph):
    doc = etree.fromstring(render(graph, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = doc.xpath("//g:key/@id", namespaces=ns)
    assert len(ids) == len(set(ids))
    assert {"node-label", "edge-label"} <= set(ids)  # the same name on nodes and edges, two ids
    boolean_keys = doc.xpath("//g:key[@attr.type='boolean']/@id", namespaces=ns)
    assert "node-statement" in boolean_keys
    values = {d.text for k in boolean_keys for d in doc.xpath(f"//g:data[@key='{k}']", namespaces=ns)}
    assert values == {"true", "false"}


def test_igraph_reads_graphml_with_capacity_per_year(tmp_path, graph):
    import igraph
    path = write(graph, tmp_path / "kg.graphml")
    back = igraph.Graph.Read_GraphML(str(path))
    assert (back.vcount(), back.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back.is_directed()
    # the ProLogium seed article: 0.8 GWh (2028), 4 (2030), 12 (2032), 48 long-term potential
    dunkirk = back.vs.find(id="bkr:prologium-dunkirk-gigafactory")
    assert (dunkirk["capacity_2028"], dunkirk["capacity_2030"], dunkirk["capacity_2032"]) == (0.8, 4.0, 12.0)
    assert dunkirk["capacity_potential"] == 48.0 and dunkirk["capacity_max"] == 48.0
    assert back.vs.find(id="bkr:verkor-bourbourg-gigafactory")["capacity_2030"] == 50.0  # verkor.trig
    assert back.vs.find(id="bkr:verkor")["statement"] is False  # a boolean, not the string "False"
    labels = {(back.vs[e.source]["id"], back.vs[e.target]["id"], e["label"]) for e in back.es}
    assert ("bkr:verkor-bourbourg-gigafactory", "bkr:verkor", "operated by") in labels
    assert len({(v["x"], v["y"]) for v in back.vs}) == back.vcount()  # every node has its own position


def test_graphviz_lays_out_the_dot_file_by_kind(tmp_path, graph):
    if shutil.which("dot") is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("Graphviz's dot is missing; CI must run this test (.ci/run installs graphviz)")
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    path = write(graph, tmp_path / "kg.dot")
    laid = json.loads(subprocess.run(["dot", "-Tjson", str(path)], check=True, capture_output=True).stdout)
    nodes = [o for o in laid["objects"] if "nodes" not in o]  # rank=same subgraphs also are objects
    assert len(nodes) == graph.number_of_nodes() and len(laid["edges"]) == graph.number_of_edges()
    by_name = {o["name"]: o for o in nodes}
    site = by_name["bkr:verkor-bourbourg-gigafactory"]
    assert site["fillcolor"] == class_style("bkg:Gigafactory")["color"] and site["label"] == "Verkor gigafactory, Bourbourg"
    # one column per kind, left to right: statements, then sites, then places
    x = {name: float(o["pos"].split(",")[0]) for name, o in by_name.items()}
    assert x["bkr:capacity-verkor-bourbourg-2030"] < x["bkr:verkor-bourbourg-gigafactory"] < x["bkr:bourbourg"]
    assert x["bkr:verkor-bourbourg-gigafactory"] == x["bkr:prologium-dunkirk-gigafactory"]
    left, bottom, right, top = (float(v) for v in laid["bb"].split(","))
    assert (right - left) / (top - bottom) < 4  # not the 13770 x 783 strip of old


def test_gexf_has_positions_sizes_and_colours(tmp_path, graph):
    doc = etree.fromstring(render(graph, "gexf"))
    viz = "{http://www.gexf.net/1.2draft/viz}"
    nodes = {n.get("id"): n for n in doc.iter("{http://www.gexf.net/1.2draft}node")}
    assert len(nodes) == graph.number_of_nodes()
    for node in nodes.values():
        assert node.find(f"{viz}position") is not None and node.find(f"{viz}color") is not None
    size = {n: float(e.find(f"{viz}size").get("value")) for n, e in nodes.items()}
    # sized by largest capacity: ProLogium Dunkirk (48 GWh potential) < Verkor Bourbourg (50 GWh) ; a company has none
    assert size["bkr:verkor"] < size["bkr:prologium-dunkirk-gigafactory"] < size["bkr:verkor-bourbourg-gigafactory"]
    colour = nodes["bkr:verkor"].find(f"{viz}color")
    assert "#%02x%02x%02x" % tuple(int(colour.get(c)) for c in "rgb") == class_style("bkg:Company")["color"]
    back = nx.read_gexf(write(graph, tmp_path / "kg.gexf"))
    assert back.nodes["bkr:verkor-bourbourg-gigafactory"]["viz"]["position"]["x"] is not None


def test_cytoscape_json_has_ids_positions_and_style(graph):
    data = json.loads(render(graph, "cytoscape"))
    edges, nodes = data["elements"]["edges"], data["elements"]["nodes"]
    assert len({e["data"]["id"] for e in edges}) == len(edges) == graph.number_of_edges()
    assert all(set(n["position"]) == {"x", "y"} for n in nodes)
    assert data["layout"] == {"name": "preset"}
    assert any(rule["selector"] == "node" and rule["style"]["label"] == "data(label)" for rule in data["style"])


def test_the_schema_rejects_what_it_should(graph):
    schema = etree.XMLSchema(etree.fromstring(GRAPHML_STRUCTURE_XSD))
    doc = etree.fromstring(render(graph, "graphml"))
    edge = doc.find(".//{http://graphml.graphdrawing.org/xmlns}edge")
    del edge.attrib["target"]
    assert not schema.validate(doc)
    assert "target" in str(schema.error_log)


@pytest.mark.parametrize("fmt, read", [
    ("graphml", lambda path: nx.read_graphml(path, force_multigraph=True)),
    ("gexf", lambda path: nx.read_gexf(path)),
    ("cytoscape", lambda path: nx.cytoscape_graph(json.loads(path.read_text("utf-8")))),
    ("json", lambda path: nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="links")),
    ("dot", lambda path: nx.nx_pydot.read_dot(path)),
])
def test_export_reads_back(tmp_path, graph, fmt, read):
    path = write(graph, tmp_path / f"out.{ {'cytoscape': 'cyjs'}.get(fmt, fmt) }")
    back = read(path)
    if fmt == "dot":
        back = nx.relabel_nodes(back, lambda n: n.strip('"'))
    assert back.is_directed()
    assert _summary(back) == _summary(graph)
    assert _edge_labels(back) == _edge_labels(graph)
    assert render(graph, fmt) == path.read_bytes()  # the same graph gives the same bytes


def test_guess_format():
    assert guess_format("x.GraphML") == "graphml"
    assert guess_format("x.cyjs") == "cytoscape"
    with pytest.raises(UsageError):
        guess_format("x.png")


def test_export_command(tmp_path):
    runner = CliRunner()
    out = tmp_path / "kg.graphml"
    result = runner.invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out, force_multigraph=True)
    assert back.nodes["bkr:verkor"]["label"] == "Verkor"
    result = runner.invoke(main, ["export", "-o", str(tmp_path / "kg.xyz")])
    assert result.exit_code == 2
    assert "cannot guess the format" in result.output
    result = runner.invoke(main, ["export", "--format", "json", "--statements", "fold"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert "bkr:capacity-verkor-bourbourg-2030" not in {n["id"] for n in data["nodes"]}


def test_ontology_docs_and_build_artefacts(tmp_path, loaded):
    from battery_kg.pictures.showcase import ARTEFACTS, write_visual_artefacts

    written = write_visual_artefacts(loaded, tmp_path / "a")
    assert [p.name for p in written] == list(ARTEFACTS)
    again = write_visual_artefacts(loaded, tmp_path / "b")
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]
    docs = (tmp_path / "a" / "ontology.html").read_text("utf-8")
    assert "<title>battery-kg: an ontology of the battery supply chain</title>" in docs
    for term in ("Gigafactory", "CapacityStatement", "operated by", "stated by"):
        assert term in docs
    back = nx.read_graphml(tmp_path / "a" / "battery-kg.graphml", force_multigraph=True)
    assert back.number_of_nodes() == project(loaded).number_of_nodes()


@pytest.fixture(scope="module")
def ontology_page(loaded):
    from battery_kg.release.docs import ontology_html

    return ontology_html(loaded.ontology)


def test_ontology_page_one_language_per_place(ontology_page):
    import re

    headings = " ".join(re.findall(r"<h[1-4]>(.*?)</h[1-4]>", ontology_page, re.S))
    # French labels of ontology/modules/site.ttl and statement.ttl: shown in their own rows, never in a heading
    for french in ("exploité par", "déclaration de capacité", "région"):
        assert french not in headings
        assert f'<td lang="fr">{french}</td>' in ontology_page
    assert "operated by" in headings and "capacity statement" in headings
    assert re.findall(r"<h1>(.*?)</h1>", ontology_page) == ["battery-kg: an ontology of the battery supply chain"]


def test_ontology_page_sorted_unique_ids_nothing_twice(ontology_page):
    import re

    ids = re.findall(r'\bid="([^"]+)"', ontology_page)
    assert len(ids) == len(set(ids))
    toc = ontology_page[ontology_page.index('<div id="toc"'):]
    sections = re.findall(r'<ul class="second">(.*?)</ul>', toc, re.S)
    assert len(sections) >= 3
    for section in sections:
        entries = re.findall(r">([^<]+)</a>", section)
        assert entries == sorted(entries, key=str.casefold)
        assert len(entries) == len(set(entries))
    # bkg:operatedBy is an object property and a functional one: listed once, marked functional
    assert ontology_page.count('<code>https://w3id.org/battery-kg/def#operatedBy</code>') == 1
    start = ontology_page.index('<code>https://w3id.org/battery-kg/def#operatedBy</code>')
    assert "functional" in ontology_page[start:start + 400]


def test_ontology_page_same_bytes_whatever_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    script = ("import sys; from battery_kg import load_project; from battery_kg.release.docs import ontology_html; "
              "sys.stdout.buffer.write(ontology_html(load_project().ontology).encode())")
    pages = {subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                            env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(pages) == 1
