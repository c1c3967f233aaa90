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


class Vocabulary:
    """A vocabulary's terms as plain strings: ``KG.Meeting`` is the IRI's text, made once and
    kept (the mapper names a term on nearly every line it writes; rdflib's namespaces make a new
    ``URIRef`` each time)."""

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        iri = self._namespace + name
        setattr(self, name, iri)
        return iri

    def __getitem__(self, name: str) -> str:
        return self._namespace + name


KG, SCHEMA, PROV, DCTERMS, SKOS = (Vocabulary(NAMESPACES[p]) for p in ("kg", "schema", "prov", "dcterms", "skos"))
OA, OWL, RDF, XSD, WD = (Vocabulary(NAMESPACES[p]) for p in ("oa", "owl", "rdf", "xsd", "wd"))
