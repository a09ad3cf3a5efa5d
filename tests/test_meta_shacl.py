"""The shapes themselves are valid SHACL: checked against the W3C SHACL-for-SHACL shapes (pySHACL's
``meta_shacl`` option), and a broken shape is reported."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SH

from battery_kg.checks.consistency import meta_shacl_findings
from battery_kg.load import load_project
from battery_kg.namespaces import BKSH


def test_project_shapes_are_valid_shacl():
    assert meta_shacl_findings(load_project().shapes) == []


def test_broken_shape_is_reported():
    shapes = Graph()
    shapes += load_project().shapes
    shapes.set((BKSH["SiteShape-operatedBy"], SH.minCount, Literal("one")))  # sh:minCount must be an integer
    findings = meta_shacl_findings(shapes)
    assert len(findings) == 1
    assert findings[0].component == "meta-shacl"
    assert "minCount" in findings[0].message
