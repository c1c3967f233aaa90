"""The SHACL shapes hold the built graph to the model, and can fail."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from support import ONTOLOGY

from kg.build import CheckedGraph
from kg.fragments import shacl_problem
from kg.serialize import union
from kg.shacl import Violation, load_ontology, validate
from kg.vocab import DEFAULT_BASE, KG, OA, SCHEMA

ARTICLE = f"{DEFAULT_BASE}article/rbc-2026-01-06-paris-security-guarantees"
CLAIM = URIRef(f"{ARTICLE}/claim/bloomberg-possible-us-troops")
AGREEMENT = URIRef(f"{ARTICLE}/agreement/security-guarantees-agreement")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_ontology(ONTOLOGY)[1]


@pytest.fixture
def graph(seeds_result: CheckedGraph) -> Graph:
    return union(seeds_result.dataset)


def test_the_seeds_conform(graph: Graph, shapes: Graph) -> None:
    assert validate(graph, shapes) == []


def test_a_claim_without_certainty_is_a_violation(graph: Graph, shapes: Graph) -> None:
    graph.remove((CLAIM, KG.certainty, None))
    (violation,) = validate(graph, shapes)
    assert (violation.focus, violation.path) == (str(CLAIM), "certainty")


def test_two_statuses_for_one_agreement_is_a_violation(graph: Graph, shapes: Graph) -> None:
    graph.add((AGREEMENT, KG.status, KG["status-signed"]))
    assert [(v.focus, v.path) for v in validate(graph, shapes)] == [(str(AGREEMENT), "status")]


def test_a_selector_ending_before_it_starts_is_a_violation(graph: Graph, shapes: Graph) -> None:
    selector = URIRef(f"{CLAIM}/evidence/position")
    graph.set((selector, OA.end, Literal(0)))
    assert str(selector) in {v.focus for v in validate(graph, shapes)}


def test_a_violation_is_reported_at_the_yaml_that_made_it(seeds_result: CheckedGraph) -> None:
    violation = Violation(str(CLAIM), "certainty", "a claim needs exactly one kg:certainty", "Violation")
    problem = shacl_problem(violation, seeds_result.corpus, DEFAULT_BASE)
    assert Path(problem.path).name == "004_59d639f623972c57.yaml"
    lines = Path(problem.path).read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- id: bloomberg-possible-us-troops"
    assert problem.message.startswith("SHACL violation on article/rbc-2026-01-06-paris-security-guarantees/claim/")


RELAY = URIRef(f"{CLAIM}/relay/0")
CLAIM_ID = "bloomberg-possible-us-troops"
DERIVES = "must derive (prov:wasDerivedFrom) from the claim's relay at the position before it"


def test_a_relay_position_that_is_a_string_is_reported_by_its_datatype_alone(graph: Graph, shapes: Graph) -> None:
    """rdflib's SPARQL orders ``"0"^^xsd:string`` after ``0``; SPARQL 1.1 makes that comparison a
    type error. Before the shapes guarded their comparisons with isNumeric, pySHACL alone (not
    pyshacl-turbo nor Jena) also reported "the relay at position 0 must derive from the relay
    before it" here."""
    graph.set((RELAY, SCHEMA.position, Literal("0", datatype=XSD.string)))
    assert [(v.focus, v.path, v.message) for v in validate(graph, shapes)] == [
        (ARTICLE, "", f"claim '{CLAIM_ID}': the relay at position 1 {DERIVES}"),  # position 0 is not 0 any more
        (str(CLAIM), "relay", "a claim needs exactly one relay at position 0: its original source"),
        *[(str(RELAY), "position", "a relay needs exactly one schema:position, an xsd:integer >= 0")] * 2,
    ]  # twice: sh:datatype and sh:minInclusive each give a result with the property's message


def test_rdflib_orders_a_string_after_a_number_which_sparql_does_not() -> None:
    """Why the guards are needed (if rdflib follows SPARQL 1.1 one day, they are harmless)."""
    ask = 'ASK { FILTER ("0" > 0) }'
    assert Graph().query(ask).askAnswer is True
    assert not pyoxigraph.Store().query(ask)  # as does Jena (tests/test_engines.py)
