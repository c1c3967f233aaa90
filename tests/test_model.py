"""A model a reader can query without tripping: general classes in the data, dates that order,
and saved queries of one documented shape."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from support import ONTOLOGY

from kg.build import CheckedGraph
from kg.mapping import ACTOR_CLASSES, SUPERCLASSES, date_interval
from kg.model import date_precision
from kg.serialize import union
from kg.shacl import load_ontology, validate
from kg.vocab import DEFAULT_BASE, KG

ONTOLOGY_GRAPH = URIRef(f"{DEFAULT_BASE}graph/ontology")


def kg_superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    found = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
    return {c for c in found if isinstance(c, URIRef) and str(c).startswith(str(KG))}


def data_only(result: CheckedGraph) -> Graph:
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


def test_every_typed_node_carries_its_general_classes(seeds_result: CheckedGraph) -> None:
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


def test_the_obvious_query_finds_every_event_and_actor_without_the_ontology(seeds_result: CheckedGraph) -> None:
    data = data_only(seeds_result)
    # before: ?e a kg:Event found the 2 events that are not meetings, of 14
    events = {row[0] for row in data.query(f"PREFIX kg: <{KG}> SELECT ?e {{ ?e a kg:Event }}")}
    meetings = set(data.subjects(RDF.type, KG.Meeting))
    assert len(meetings) == 12 and meetings < events and len(events) == 14
    actors = {row[0] for row in data.query(f"PREFIX kg: <{KG}> SELECT ?x {{ ?x a kg:Actor }}")}
    for narrower in (KG.Person, KG.State, KG.NewsAgency, KG.MilitaryCommand, KG.AnonymousSource, KG.Group):
        assert set(data.subjects(RDF.type, narrower)) <= actors, narrower
    assert actors == {s for cls in ACTOR_CLASSES.values() for s in data.subjects(RDF.type, URIRef(cls))}


# --- dates as intervals ------------------------------------------------------------------------

GMONTHDAY = URIRef("http://www.w3.org/2001/XMLSchema#gMonthDay")
DATED = (URIRef("http://purl.org/dc/terms/issued"), KG.date, KG.claimDate)


def test_every_date_with_a_year_carries_the_days_it_stands_for(seeds_result: CheckedGraph) -> None:
    data = data_only(seeds_result)
    seen = set()
    for prop in DATED:
        for node, value in data.subject_objects(prop):
            assert isinstance(value, Literal)
            interval = (data.value(node, KG.earliestDate), data.value(node, KG.latestDate))
            if value.datatype == GMONTHDAY:
                assert interval == (None, None), node
            else:
                assert tuple(str(d) for d in interval) == date_interval(str(value)), node
                assert {d.datatype for d in interval if isinstance(d, Literal)} == {XSD.date}
            seen.add(date_precision(str(value)))
    assert seen == {"day", "year", "month-day"}  # the seeds date nothing by its month alone (the hypothesis test does)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(["year", "month", "day"]))
def test_an_interval_is_exactly_the_days_of_its_date(day: date, precision: str) -> None:
    value = {"year": day.isoformat()[:4], "month": day.isoformat()[:7], "day": day.isoformat()}[precision]
    interval = date_interval(value)
    assert interval is not None
    first, last = (date.fromisoformat(d) for d in interval)
    assert first <= day <= last and first.isoformat().startswith(value) and last.isoformat().startswith(value)
    if first > date(1, 1, 1):
        assert not (first - timedelta(days=1)).isoformat().startswith(value)
    if last < date(9999, 12, 31):
        assert not (last + timedelta(days=1)).isoformat().startswith(value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("drop", "date 2021 needs kg:earliestDate and kg:latestDate, the first and last day it stands for"),
        ("shift", "the interval 2021-01-02 to 2021-12-31 is not the days date 2021 stands for"),
        ("year-for-month-day", "date --04-22 has no year, so it has no kg:earliestDate or kg:latestDate"),
    ],
)
def test_an_interval_that_is_not_its_dates_is_a_violation(
    seeds_result: CheckedGraph, change: str, message: str
) -> None:
    graph = union(seeds_result.dataset)
    shapes = load_ontology(ONTOLOGY)[1]
    year_event = next(s for s, d in graph.subject_objects(KG.date) if str(d) == "2021")
    month_day_event = next(s for s, d in graph.subject_objects(KG.date) if str(d) == "--04-22")
    if change == "drop":
        graph.remove((year_event, KG.earliestDate, None))
    elif change == "shift":
        graph.set((year_event, KG.earliestDate, Literal("2021-01-02", datatype=XSD.date)))
    else:
        graph.add((month_day_event, KG.earliestDate, Literal("2024-04-22", datatype=XSD.date)))
    messages = [v.message for v in validate(graph, shapes)]
    assert len(messages) == 1 and messages[0].startswith(message), messages


def test_the_readmes_label_query_names_every_resource_a_claim_among_them(seeds_result: CheckedGraph) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Labels are `skos:prefLabel`**") :]
    lines = re.search(r"\n\n((?:      .*\n){3})\n", section)
    assert lines is not None
    query = "\n".join(line.strip() for line in lines.group(1).splitlines())
    assert len(query.splitlines()) == 3
    found = {str(row[0]): str(row[1]) for row in union(seeds_result.dataset).query(query)}
    assert found[f"{DEFAULT_BASE}actor/zelensky"] == "Volodymyr Zelensky"
    assert any("/claim/" in iri for iri in found) and any("/event/" in iri for iri in found)


def test_the_sites_other_events_are_still_the_events_that_are_not_meetings(site: Path) -> None:
    page = (site / "browse" / "events.html").read_text(encoding="utf-8")
    listed = sorted(p.rsplit("/", 1)[1] for p in re.findall(r'href="\.\./(article/[^"]+/event/[^"]+)\.html"', page))
    assert listed == ["congress-approves-aid-package", "military-dialogue-suspended"]
