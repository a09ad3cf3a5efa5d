"""Every fact of each source article is in the built graph, stated by that article.

The expected facts are written by hand from the articles in ../shared/sources/ (one CSV per
article, with a column saying what the article says); the test asks the built TriG, with SPARQL,
for the triples each article's fact graph holds, and checks every expected fact is among them
with the exact value, datatype, unit, year and status.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.util import from_n3

from battery_kg import load_project
from battery_kg.release.build import build
from battery_kg.namespaces import BKR, PREFIXES, sparql_prologue

FACTS = Path(__file__).parent / "facts"
QUERY = (FACTS / "facts-stated-by.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Dataset:
    out = tmp_path_factory.mktemp("build")
    result = build(load_project(), out, visuals=False)
    assert result.ok
    ds = Dataset(default_union=True)  # the default graph is the union of the named graphs
    ds.parse(out / "battery-kg.trig", format="trig")
    return ds


def _term(text: str):
    return from_n3(text, nsm=_nsm())


def _nsm():
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, override=True, replace=True)
    return g.namespace_manager


def stated_by(ds: Dataset, source: URIRef) -> set[tuple]:
    rows = ds.query(sparql_prologue() + QUERY, initBindings={"source": source})
    return {(r.s, r.p, r.o) for r in rows}


def _expected(name: str) -> list[dict]:
    with open(FACTS / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ARTICLES = {
    "verkor-bourbourg.csv": BKR["source-verkor-bourbourg-article"],
    "prologium-dunkirk.csv": BKR["source-prologium-dunkirk-article"],
}


@pytest.mark.parametrize("table", sorted(ARTICLES))
def test_article_facts_are_in_the_graph_with_their_source(built, table):
    facts = _expected(table)
    assert len(facts) >= 60, "the hand-written fact list was cut short"
    stated = stated_by(built, ARTICLES[table])
    missing = [row["says"] + f" ({row['subject']} {row['predicate']} {row['object']})"
               for row in facts
               if (_term(row["subject"]), _term(row["predicate"]), _term(row["object"])) not in stated]
    assert missing == []


def test_facts_from_outside_the_articles_carry_their_own_source(built):
    for row in _expected("outside-facts.csv"):
        triple = (_term(row["subject"]), _term(row["predicate"]), _term(row["object"]))
        assert triple in stated_by(built, _term(row["source"])), row["says"]
        for article in ARTICLES.values():
            assert triple not in stated_by(built, article), f"{row['says']}: an article should not state it"


def test_plans_are_kept_apart_from_what_exists(built):
    # Of all capacity figures, only Verkor's initial 16 GWh describes a factory that exists.
    operational = {s for s, p, o in stated_by(built, ARTICLES["verkor-bourbourg.csv"])
                   if p == _term("bkg:status") and o == _term("bkv:operational")}
    operational |= {s for s, p, o in stated_by(built, ARTICLES["prologium-dunkirk.csv"])
                    if p == _term("bkg:status") and o == _term("bkv:operational")}
    assert operational == {BKR["capacity-verkor-bourbourg-initial"]}


def test_the_fact_lists_fail_when_a_fact_is_missing(built):
    # A guard against a test that cannot fail: drop one stated triple and the check must notice.
    row = _expected("verkor-bourbourg.csv")[0]
    triple = (_term(row["subject"]), _term(row["predicate"]), _term(row["object"]))
    graph = built.graph(BKR["graph-verkor-bourbourg-article"])
    graph.remove(triple)
    try:
        assert triple not in stated_by(built, ARTICLES["verkor-bourbourg.csv"])
    finally:
        graph.add(triple)


# ---------------------------------------------------------------------------- Europe's plants (issue 9)
# One hand-written row per claim of the pages listed in graph/sources-europe.trig: the page's URL, the
# kind of claim, the plant, the value (a number, a status, a milestone type, a customer or a new
# owner), the unit, when (a year, a date at its precision, or a horizon) and the status. The test finds
# the claim in the fact graph of the source whose bkg:url is that URL.

_KIND = {  # kind -> (class, property holding "value", property holding "when")
    "capacity": ("bkg:CapacityStatement", "bkg:value", None),
    "status": ("bkg:SiteStatusStatement", "bkg:siteStatus", "bkg:date"),
    "milestone": ("bkg:Milestone", "bkg:milestoneType", "bkg:date"),
    "supply": ("bkg:Supply", "bkg:customer", "bkg:sinceYear"),
    "ownership": ("bkg:OwnershipChange", "bkg:newOwner", "bkg:date"),
    "funding": ("bkg:FundingStatement", "bkg:value", None),
}
_DATES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}


def _claim_query(row: dict) -> str:
    cls, value_prop, when_prop = _KIND[row["kind"]]
    site_prop = "bkg:purpose" if row["kind"] == "funding" else "bkg:site"
    value = row["value"] if ":" in row["value"] else f'"{Decimal(row["value"])}"^^xsd:decimal'
    parts = [f"?s a {cls} ; {site_prop} {row['site']} .",
             f"?s {value_prop} ?value . FILTER (?value = {value})"]
    when = row["when"]
    if row["kind"] == "capacity":
        parts.append(f"?s bkg:horizon {when} ." if when.startswith("bkv:") else f'?s bkg:year "{when}"^^xsd:gYear .')
    elif when:
        parts.append(f'?s {when_prop} "{when}"^^{_DATES[len(when)]} .')
    elif when_prop:
        parts.append(f"FILTER NOT EXISTS {{ GRAPH ?any {{ ?s {when_prop} ?none }} }}")
    if row["unit"]:
        parts.append(f"?s bkg:unit {row['unit']} .")
    if row["status"]:
        parts.append(f"?s bkg:status {row['status']} .")
    inner = "\n      ".join(parts)
    return (f'ASK {{ GRAPH bkr:graph-catalogue {{ ?source bkg:url "{row["url"]}"^^xsd:anyURI .'
            f' ?graph bkg:statedBy ?source . }}\n'
            f"    GRAPH ?graph {{\n      {inner}\n    }}\n}}")


@pytest.fixture(scope="module")
def europe() -> Dataset:
    return load_project().dataset


def test_europe_claims_are_in_their_sources_graphs(europe):
    rows = _expected("europe-claims.csv")
    assert len(rows) >= 180, "the hand-written claim list was cut short"
    assert len({r["url"] for r in rows}) >= 60
    missing = [f"{r['says']} ({r['kind']} {r['site']} {r['value']} {r['when']})" for r in rows
               if not europe.query(sparql_prologue() + _claim_query(r)).askAnswer]
    assert missing == []


def test_a_claim_in_the_wrong_source_is_not_found(europe):
    # A guard against a check that cannot fail: the same claim credited to another page is missing.
    row = dict(_expected("europe-claims.csv")[0])
    assert europe.query(sparql_prologue() + _claim_query(row)).askAnswer
    row["url"] = "https://www.globalautoinsight.com/read_news.php?id=17"
    assert not europe.query(sparql_prologue() + _claim_query(row)).askAnswer
    row = dict(_expected("europe-claims.csv")[0], value="bkv:groundbreaking")
    assert not europe.query(sparql_prologue() + _claim_query(row)).askAnswer


def test_the_verkor_inauguration_keeps_every_claim(europe):
    """The seed article's 'October 30' is kept beside the pages that say 11 December 2025."""
    query = sparql_prologue() + """
        SELECT ?date ?source WHERE {
          GRAPH ?g { ?m bkg:site bkr:verkor-bourbourg-gigafactory ; bkg:milestoneType bkv:inauguration ;
                        bkg:status bkv:achieved . }
          GRAPH ?h { ?m bkg:date ?date . } GRAPH bkr:graph-catalogue { ?h bkg:statedBy ?source . } }"""
    claims = {(str(r.date), str(r.source).rsplit("/", 1)[1]) for r in europe.query(query)}
    assert ("2025-10-30", "source-editorial-dating") in claims
    assert ("2025-12-11", "source-verkor-battery-tech") in claims
    assert len({d for d, _ in claims}) == 3  # 2025-10-30, 2025-12 and 2025-12-11


def test_every_plant_has_coordinates_and_a_country():
    """What the map needs (data contract with issue 10): each production site's place chain reaches a
    place with coordinates and a country; the sites without are listed."""
    project = load_project()
    query = sparql_prologue() + """
        SELECT ?site WHERE {
          ?site a ?type . ?type rdfs:subClassOf* bkg:ProductionSite .
          FILTER NOT EXISTS { ?site bkg:locatedIn* ?place . ?place bkg:latitude ?lat ; bkg:longitude ?lon . }
        }"""
    assert [str(r.site) for r in project.merged().query(query)] == []
    countries = sparql_prologue() + """
        SELECT ?site WHERE {
          ?site a ?type . ?type rdfs:subClassOf* bkg:ProductionSite .
          FILTER NOT EXISTS { ?site bkg:locatedIn+ ?country . ?country a bkg:Country . }
        }"""
    assert [str(r.site) for r in project.merged().query(countries)] == []
