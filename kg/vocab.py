"""The vocabularies as rdflib namespaces, for the modules that build or read rdflib graphs
(the IRIs themselves, as plain strings, are in :mod:`kg.iri`)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

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
    "XSD",
]
