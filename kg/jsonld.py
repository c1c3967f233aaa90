"""The JSON-LD document rdflib's writer makes of our graphs, made in one pass over the triples.

rdflib's converter asks the graph, for every object, whether it starts an RDF list and looks
each node up again; our graphs have neither lists nor blank nodes, so one pass does. A graph
that has either is left to rdflib. The compaction itself (CURIEs, ``@type``, values) is
rdflib's own: its JSON-LD context object does it. tests/test_serialize.py compares both.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.term import Node

_NATIVE = {XSD.boolean, XSD.integer, XSD.double, XSD.string}  # written as JSON values, as rdflib does


def jsonld(graph: Graph, context: dict[str, Any]) -> dict[str, Any]:
    """``graph`` as rdflib writes it with ``format="json-ld", context=context, auto_compact=True``."""
    compact = Context(context)
    nodes: dict[Node, dict[str, Any]] = {}
    for s, p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode) or p in (RDF.first, RDF.rest):
            return dict(json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True)))
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": str(compact.shrink_iri(str(s)))}
        if p == RDF.type and isinstance(o, URIRef):
            key, value = "@type", compact.to_symbol(str(o))
        else:
            key, value = str(compact.to_symbol(str(p))), _value(o, compact)
        if key not in node:
            node[key] = value
        elif isinstance(node[key], list):
            node[key].append(value)
        else:
            node[key] = [node[key], value]
    found = list(nodes.values())
    if len(found) == 1:
        return {**found[0], "@context": context}
    return {"@graph": found, "@context": context}


def _value(node: Node, compact: Context) -> Any:
    if isinstance(node, URIRef):
        return {"@id": str(compact.shrink_iri(node))}
    assert isinstance(node, Literal)
    if node.datatype in _NATIVE:
        return node.toPython()
    if node.datatype:
        return {"@type": compact.to_symbol(str(node.datatype)), "@value": str(node)}
    if node.language:
        return {"@language": node.language, "@value": str(node)}
    return str(node)
