"""The SHACL shapes hold the built graph to the model, and can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from support import ONTOLOGY

from kg.build import Result
from kg.check import Violation, load_ontology, validate
from kg.fragments import shacl_problem
from kg.serialize import union
from kg.vocab import DEFAULT_BASE, KG, OA

ARTICLE = f"{DEFAULT_BASE}article/rbc-2026-01-06-paris-security-guarantees"
CLAIM = URIRef(f"{ARTICLE}/claim/bloomberg-possible-us-troops")
AGREEMENT = URIRef(f"{ARTICLE}/agreement/security-guarantees-agreement")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_ontology(ONTOLOGY)[1]


@pytest.fixture
def graph(seeds_result: Result) -> Graph:
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


def test_a_violation_is_reported_at_the_yaml_that_made_it(seeds_result: Result) -> None:
    violation = Violation(str(CLAIM), "certainty", "a claim needs exactly one kg:certainty", "Violation")
    problem = shacl_problem(violation, seeds_result.corpus, DEFAULT_BASE)
    assert Path(problem.path).name == "004_59d639f623972c57.yaml"
    lines = Path(problem.path).read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- id: bloomberg-possible-us-troops"
    assert problem.message.startswith("SHACL violation on article/rbc-2026-01-06-paris-security-guarantees/claim/")
