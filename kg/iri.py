"""The IRIs kg mints and the vocabularies it names, as plain strings: what the commands that
never touch rdflib (``kg query``, the CLI's options) need, without importing it."""

from __future__ import annotations

DEFAULT_BASE = "https://example.org/kg/"
ONTOLOGY_IRI = "https://example.org/kg/ontology"

# prefix -> namespace, in the order the outputs declare them
NAMESPACES = {
    "kg": "https://example.org/kg/ontology#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}


def graph_iri(base: str, name: str) -> str:
    """The named graph of an article (``name`` its id), or of the shared ``ontology``/``registry``."""
    return f"{base}graph/{name}"
