"""Every fact of each source article is in the built graph, stated by that article.

The expected facts are written by hand from the articles in ../shared/sources/ (one CSV per
article, with a column saying what the article says); the test asks the built TriG, with SPARQL,
for the triples each article's fact graph holds, and checks every expected fact is among them
with the exact value, datatype, unit, year and status.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.util import from_n3

from battery_kg import load_project
from battery_kg.build import build
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
