"""Validating in parts as the build does (the ontology with the registry, then batches of
articles each with the registry entries it names) finds exactly what validating the whole graph
finds: what makes an article's fragment, SHACL results included, depend on it alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from support import ONTOLOGY

from kg.assemble import canonical
from kg.build import CheckedGraph
from kg.fragments import validate_in_parts
from kg.mapping import graph_iri
from kg.ntriples import triple_lines
from kg.shacl import TURBO, Engine, Validator, Violation, load_ontology, validate
from kg.vocab import DEFAULT_BASE, KG, OA, SH

BASE = DEFAULT_BASE
PARIS = "rbc-2026-01-06-paris-security-guarantees"
CLAIM = URIRef(f"{BASE}article/{PARIS}/claim/bloomberg-possible-us-troops")
OUTLET = URIRef(f"{BASE}actor/rbc-ukraine")

Graphs = dict[str, Graph]  # "ontology", "registry" and each article id -> its graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_ontology(ONTOLOGY)[1]


@pytest.fixture
def graphs(seeds_result: CheckedGraph) -> Graphs:
    ids = ["ontology", "registry", *(a.annotation.article.id for a in seeds_result.corpus.articles)]
    copies = {}
    for name in ids:
        copy = Graph()
        copy.addN((s, p, o, copy) for s, p, o in seeds_result.dataset.graph(graph_iri(BASE, name)))
        copies[name] = copy
    return copies


def whole(graphs: Graphs, shapes: Graph) -> list[Violation]:
    union = Graph()
    for graph in graphs.values():
        union.addN((s, p, o, union) for s, p, o in graph)
    return validate(union, shapes)


def in_parts(graphs: Graphs, shapes: Graph, batch: int | None = None) -> list[Violation]:
    """The build's own path, ``batch`` articles at a time (default: the engine's)."""
    validator = Validator(shapes, engine=Engine(TURBO.name, TURBO.package, batch=batch or TURBO.batch))
    lines = {name: canonical(triple_lines(graph)) for name, graph in graphs.items()}
    articles = {name: found for name, found in lines.items() if name not in ("ontology", "registry")}
    return validate_in_parts(lines["ontology"], lines["registry"], articles, validator, base=BASE)


def same_both_ways(graphs: Graphs, shapes: Graph) -> list[Violation]:
    expected = whole(graphs, shapes)
    assert in_parts(graphs, shapes) == expected
    return expected


def test_the_seeds_conform_both_ways(graphs: Graphs, shapes: Graph) -> None:
    assert same_both_ways(graphs, shapes) == []


def test_a_violation_in_one_article_among_several(graphs: Graphs, shapes: Graph) -> None:
    graphs[PARIS].remove((CLAIM, KG.certainty, None))
    (violation,) = same_both_ways(graphs, shapes)
    assert (violation.focus, violation.path) == (str(CLAIM), "certainty")


def test_a_registry_entity_of_the_wrong_kind_fails_the_articles_that_use_it(graphs: Graphs, shapes: Graph) -> None:
    graphs["registry"].set((OUTLET, RDF.type, KG.Person))  # the publisher must be a media outlet
    found = same_both_ways(graphs, shapes)
    assert f"{BASE}article/{PARIS}" in {v.focus for v in found}


def test_a_broken_registry_entry_is_reported_once_not_once_per_batch(graphs: Graphs, shapes: Graph) -> None:
    graphs["registry"].remove((OUTLET, SKOS.prefLabel, None))
    found = same_both_ways(graphs, shapes)  # equal lists: no duplicates from the article batches
    assert str(OUTLET) in {v.focus for v in found}


def test_an_ontology_term_without_a_label(graphs: Graphs, shapes: Graph) -> None:
    graphs["ontology"].remove((KG.Claim, RDFS.label, None))
    assert str(KG.Claim) in {v.focus for v in same_both_ways(graphs, shapes)}


def test_evidence_claimed_by_another_node_of_the_article(graphs: Graphs, shapes: Graph) -> None:
    evidence = URIRef(f"{CLAIM}/evidence")
    graphs[PARIS].add((URIRef(f"{BASE}article/{PARIS}"), KG.evidence, evidence))
    assert str(evidence) in {v.focus for v in same_both_ways(graphs, shapes)}


def test_violations_in_several_articles_in_batches_of_two(graphs: Graphs, shapes: Graph) -> None:
    for name, graph in graphs.items():
        if name not in ("ontology", "registry"):
            graph.remove((URIRef(f"{BASE}article/{name}"), KG.sha256, None))
    expected = whole(graphs, shapes)
    assert len(expected) == len(graphs) - 2
    assert in_parts(graphs, shapes, batch=2) == expected


@pytest.mark.parametrize(
    "stray",
    [
        lambda g: g[PARIS].add((OUTLET, KG.evidence, URIRef(f"{CLAIM}/evidence"))),  # about a registry entity
        lambda g: g[PARIS].add((CLAIM, SKOS.related, URIRef(f"{BASE}article/other/claim/x"))),  # names another article
        lambda g: g[PARIS].add((CLAIM, SKOS.hasTopConcept, KG["status-agreed"])),  # makes a target elsewhere
    ],
)
def test_an_article_graph_reaching_outside_itself_is_refused(
    graphs: Graphs, shapes: Graph, stray: Callable[[Graphs], None]
) -> None:
    stray(graphs)
    with pytest.raises(ValueError, match=f"article {PARIS} has a triple outside its own nodes"):
        in_parts(graphs, shapes)


def test_shapes_that_follow_incoming_edges_target_nothing_in_the_ontology_or_registry(
    graphs: Graphs, shapes: Graph
) -> None:
    """What makes the split sound: only nodes that articles mint are checked against edges that
    point at them, and articles never point at each other's nodes (checked at run time)."""
    context = graphs["ontology"] + graphs["registry"]
    inward = [
        shape
        for shape in set(shapes.subjects(RDF.type, SH.NodeShape))
        if shapes.query(_FOLLOWS_INCOMING.replace("?shape", f"<{shape}>")).askAnswer
    ]
    assert len(inward) >= 5
    for shape in inward:
        assert not set(shapes.objects(shape, SH.targetObjectsOf)), shape
        for predicate in shapes.objects(shape, SH.targetSubjectsOf):
            assert not set(context.subjects(predicate, None)), f"{shape} targets subjects of {predicate}"
        for cls in shapes.objects(shape, SH.targetClass):
            members = set(context.transitive_subjects(RDFS.subClassOf, cls))
            typed = {s for c in members for s in context.subjects(RDF.type, c)}
            assert not typed, f"{shape} targets {sorted(typed)[:3]} in the ontology or registry"
    assert OA.Annotation in {c for s in inward for c in shapes.objects(s, SH.targetClass)}


_FOLLOWS_INCOMING = """
    PREFIX sh: <http://www.w3.org/ns/shacl#>
    ASK { { ?shape sh:sparql ?any } UNION { ?shape sh:property/sh:path/sh:inversePath ?p } }
"""
