"""Namespaces, and the default base under which the data's IRIs are minted."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

DEFAULT_BASE = "https://example.org/kg/"
KG = Namespace("https://example.org/kg/ontology#")
ONTOLOGY_IRI = "https://example.org/kg/ontology"
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
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

__all__ = ["DCTERMS", "KG", "OA", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS", "XSD"]
