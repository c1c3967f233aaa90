"""The ontology defines, in English and Ukrainian, every term the data uses, and every
controlled value an annotator may write is a concept of it."""

from __future__ import annotations

import typing

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from support import ONTOLOGY

from kg import model
from kg.build import CheckedGraph
from kg.mapping import concept
from kg.shacl import load_ontology
from kg.vocab import KG, ONTOLOGY_IRI

SCHEMES = {
    "status": model.AgreementStatus,
    "certainty": model.Certainty,
    "polarity": model.Polarity,
    "event": model.EventKind,
    "role": model.ParticipantRole,
    "source": model.SourceRole,
    "agreement": model.AgreementKind,
    "place": model.PlaceKind,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(ONTOLOGY)[0]


def languages(graph: Graph, term: URIRef, *predicates: URIRef) -> set[str]:
    return {o.language or "" for p in predicates for o in graph.objects(term, p) if isinstance(o, Literal)}


def test_the_header_has_version_licence_and_creator(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (
        OWL.versionIRI,
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://purl.org/dc/terms/creator"),
    ):
        assert ontology.value(header, predicate) is not None, predicate


def test_every_kg_term_the_data_uses_is_defined_in_en_and_uk(ontology: Graph, seeds_result: CheckedGraph) -> None:
    used = set()
    for _, p, o, _graph in seeds_result.dataset.quads():
        used |= {t for t in (p, o) if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert len(used) > 60
    for term in sorted(used):
        if (term, RDF.type, SKOS.Concept) in ontology:
            assert {"en", "uk"} <= languages(ontology, term, SKOS.prefLabel), term
            assert {"en", "uk"} <= languages(ontology, term, SKOS.definition), term
        else:
            assert {"en", "uk"} <= languages(ontology, term, RDFS.label), term
            assert {"en", "uk"} <= languages(ontology, term, RDFS.comment), term


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_controlled_value_is_a_concept_with_its_notation(ontology: Graph, scheme: str) -> None:
    for value in typing.get_args(SCHEMES[scheme]):
        term = concept(scheme, value)
        assert (term, RDF.type, SKOS.Concept) in ontology, term
        assert str(ontology.value(term, SKOS.notation)) == value
        assert ontology.value(term, SKOS.inScheme) is not None


def test_our_classes_align_to_standard_vocabularies(ontology: Graph) -> None:
    def parents(cls: URIRef) -> set[str]:
        return {str(o) for o in ontology.transitive_objects(cls, RDFS.subClassOf)}

    assert "https://schema.org/Claim" in parents(KG.Claim)
    assert "http://www.w3.org/ns/prov#Entity" in parents(KG.Relay)
    assert "https://schema.org/NewsArticle" in parents(KG.Article)
    assert "http://www.w3.org/ns/prov#Agent" in parents(KG.Person)
