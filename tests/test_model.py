"""A model a reader can query without tripping: general classes in the data, dates that order,
and saved queries of one documented shape."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from support import ONTOLOGY

from kg.build import Result
from kg.check import load_ontology
from kg.mapping import ACTOR_CLASSES, SUPERCLASSES
from kg.vocab import DEFAULT_BASE, KG

ONTOLOGY_GRAPH = URIRef(f"{DEFAULT_BASE}graph/ontology")


def kg_superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    found = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
    return {c for c in found if isinstance(c, URIRef) and str(c).startswith(str(KG))}


def data_only(result: Result) -> Graph:
    """The union of the registry's and the articles' graphs: the data without the ontology."""
    graph = Graph()
    for s, p, o, g in result.dataset.quads():
        if g != ONTOLOGY_GRAPH:
            graph.add((s, p, o))
    return graph


def test_the_materialised_superclasses_are_the_ontologys_class_tree() -> None:
    ontology = load_ontology(ONTOLOGY)[0]
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KG))}
    assert len(classes) > 20
    tree = {URIRef(c): kg_superclasses(ontology, c) for c in classes}
    table = {URIRef(cls): {URIRef(s) for s in supers} for cls, supers in SUPERCLASSES.items()}
    assert {c: s for c, s in tree.items() if s} == table
    assert set(table) <= set(tree)


def test_every_typed_node_carries_its_general_classes(seeds_result: Result) -> None:
    ontology = load_ontology(ONTOLOGY)[0]
    data = data_only(seeds_result)
    missing = [
        (s, sup)
        for s, cls in data.subject_objects(RDF.type)
        if isinstance(cls, URIRef)
        for sup in kg_superclasses(ontology, cls)
        if (s, RDF.type, sup) not in data
    ]
    assert missing == []


def test_the_obvious_query_finds_every_event_and_actor_without_the_ontology(seeds_result: Result) -> None:
    data = data_only(seeds_result)
    # before: ?e a kg:Event found the 2 events that are not meetings, of 14
    events = {row[0] for row in data.query(f"PREFIX kg: <{KG}> SELECT ?e {{ ?e a kg:Event }}")}
    meetings = set(data.subjects(RDF.type, KG.Meeting))
    assert len(meetings) == 12 and meetings < events and len(events) == 14
    actors = {row[0] for row in data.query(f"PREFIX kg: <{KG}> SELECT ?x {{ ?x a kg:Actor }}")}
    for narrower in (KG.Person, KG.State, KG.NewsAgency, KG.MilitaryCommand, KG.AnonymousSource, KG.Group):
        assert set(data.subjects(RDF.type, narrower)) <= actors, narrower
    assert actors == {s for cls in ACTOR_CLASSES.values() for s in data.subjects(RDF.type, URIRef(cls))}
