"""The vocabularies as rdflib namespaces, for the modules that build or read rdflib graphs
(the IRIs themselves, as plain strings, are in :mod:`kg.iri`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.iri import DEFAULT_BASE, NAMESPACES, ONTOLOGY_IRI  # noqa: F401 (re-exported)

KG = Namespace(NAMESPACES["kg"])
SCHEMA = Namespace(NAMESPACES["schema"])
OA = Namespace(NAMESPACES["oa"])
SEM = Namespace(NAMESPACES["sem"])
ORG = Namespace(NAMESPACES["org"])
FOAF = Namespace(NAMESPACES["foaf"])
TIME = Namespace(NAMESPACES["time"])
WD = Namespace(NAMESPACES["wd"])
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES = {
    "kg": KG,
    "schema": SCHEMA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "oa": OA,
    "sem": SEM,
    "org": ORG,
    "foaf": FOAF,
    "time": TIME,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}

__all__ = [
    "DCTERMS", "DEFAULT_BASE", "KG", "OA", "ONTOLOGY_IRI", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS",
    "XSD", "new_graph",
]


def new_graph(
    triples: Iterable[tuple[Node, Node, Node]] = (), prefixes: Mapping[str, Any] | Iterable[tuple[str, Any]] = PREFIXES
) -> Graph:
    """A new rdflib graph holding ``triples``, with ``prefixes`` (default: ours) bound.

    >>> graph = new_graph([(KG.a, RDF.type, KG.Actor)])
    >>> len(graph), graph.qname(KG.Actor)
    (1, 'kg:Actor')
    """
    graph = Graph()
    for prefix, namespace in prefixes.items() if isinstance(prefixes, Mapping) else prefixes:
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph
