"""The IRIs kg mints and the vocabularies it names, as plain strings: what the commands that
never touch rdflib (``kg query``, the CLI's options) need, without importing it.

Every IRI of the data is a path under the base, the one scheme spelt here:
``graph/NAME`` (an article's named graph, or ``ontology``/``registry``), ``article/ID``, and
``article/ID/KIND/LOCAL`` for what one article names alone (its claims, events, agreements,
unnamed actors, offices, date conflicts); registry entries are ``actor/ID``, ``place/ID``,
``topic/ID``.
"""

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


# The ids a query parameter may name instead of a full IRI, and the path under the base each
# stands for (``actor=zelensky`` is ``BASE/actor/zelensky``): kg query and the site's query page.
SHORT_IRI_PATHS = {"actor": "actor", "place": "place", "topic": "topic", "article": "article", "state": "actor"}


def graph_path(name: str) -> str:
    """The path of a named graph: an article's (``name`` its id), or ``ontology``/``registry``."""
    return f"graph/{name}"


def article_path(article_id: str, kind: str | None = None, local: str | None = None) -> str:
    """The path of an article, or of a node it names alone (``kind`` ``claim``, ``event``…).

    >>> article_path("a1"), article_path("a1", "claim", "c2")
    ('article/a1', 'article/a1/claim/c2')
    """
    return f"article/{article_id}" if kind is None else f"article/{article_id}/{kind}/{local}"


def owner(iri: str, base: str) -> str | None:
    """The id of the article whose node ``iri`` is, or ``None`` for any other IRI.

    >>> owner("https://example.org/kg/article/a1/claim/c2", DEFAULT_BASE), owner(DEFAULT_BASE + "actor/x", DEFAULT_BASE)
    ('a1', None)
    """
    prefix = f"{base}article/"
    return iri[len(prefix) :].split("/", 1)[0] if iri.startswith(prefix) else None
