"""The RDF formats kg writes and reads, each once: its name, file suffix, media type, whether it
holds named graphs, and what rdflib and Oxigraph call it. Every table of formats elsewhere
(the build's dumps, the site's per-resource files, the server's content negotiation, VoID and
DCAT's media types, what ``kg diff`` reads) is made from these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    media_type: str  # IANA
    dataset: bool  # holds named graphs, not only triples
    rdflib: str  # rdflib's parser and serializer name
    oxigraph: str  # the name of its pyoxigraph.RdfFormat (a name: this module imports neither library)


TURTLE = Format("Turtle", ".ttl", "text/turtle", False, "turtle", "TURTLE")
N_TRIPLES = Format("N-Triples", ".nt", "application/n-triples", False, "nt", "N_TRIPLES")
TRIG = Format("TriG", ".trig", "application/trig", True, "trig", "TRIG")
N_QUADS = Format("N-Quads", ".nq", "application/n-quads", True, "nquads", "N_QUADS")
JSON_LD = Format("JSON-LD", ".jsonld", "application/ld+json", True, "json-ld", "JSON_LD")

ALL = (TURTLE, N_TRIPLES, TRIG, N_QUADS, JSON_LD)
DUMPS = {f"kg{f.suffix}": f for f in ALL}  # the build's files, one per format
CONTEXT_FILE = "context.jsonld"  # the JSON-LD context published beside them
RESOURCE = (TURTLE, JSON_LD, N_TRIPLES)  # a site resource's own descriptions, in this order


def by_suffix(suffix: str) -> Format | None:
    """The format of files named ``*suffix``.

    >>> by_suffix(".nq").media_type, by_suffix(".html")
    ('application/n-quads', None)
    """
    return next((f for f in ALL if f.suffix == suffix), None)
