"""Write the graph in every format, byte-identical for the same input, all or nothing.

N-Triples and N-Quads are sorted lines, written here in the bytes rdflib's writers give
(ten times faster). rdflib's JSON-LD writer follows the set order of the store, which changes
from run to run, and its TriG writer orders graphs the same way; we sort their output. Its
Turtle writer sorts subjects and predicates itself (a test builds twice under different hash
seeds to hold it to that); kg.turtle runs it with its look-ups remembered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.files import publish_folder
from kg.jsonld import jsonld
from kg.turtle import TurtleWriter, turtle
from kg.vocab import PREFIXES

FORMATS = ("kg.ttl", "kg.nt", "kg.trig", "kg.nq", "kg.jsonld", "context.jsonld")


def union(dataset: Dataset) -> Graph:
    """All triples of every named graph in one graph, with the dataset's prefixes."""
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph


def context(base: str) -> dict[str, Any]:
    """The JSON-LD context published beside the data: our prefixes and the data's base."""
    terms: dict[str, Any] = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    terms["data"] = base
    return {"@context": terms}


def render(dataset: Dataset, *, base: str) -> dict[str, bytes]:
    """Every output file's name and bytes."""
    graph = union(dataset)
    return {name: write(dataset, graph, base) for name, write in WRITERS.items()}


def jsonld_bytes(graph: Graph, base: str) -> bytes:
    """``graph`` as sorted, compacted JSON-LD with our context (one ``@graph`` even for one node)."""
    return _json(_sorted_jsonld(jsonld(graph, context(base)["@context"])))


def ntriples(graph: Graph) -> bytes:
    """``graph`` as sorted N-Triples lines."""
    return _joined(sorted(set(triple_lines(graph))))


# each output file, written from the dataset, its union graph and the base IRI
WRITERS: dict[str, Callable[[Dataset, Graph, str], bytes]] = {
    "kg.ttl": lambda dataset, graph, base: turtle(graph),
    "kg.nt": lambda dataset, graph, base: ntriples(graph),
    "kg.trig": lambda dataset, graph, base: _trig(dataset),
    "kg.nq": lambda dataset, graph, base: _joined(sorted(quad_lines(dataset))),
    "kg.jsonld": lambda dataset, graph, base: jsonld_bytes(graph, base),
    "context.jsonld": lambda dataset, graph, base: _json(context(base)),
}


def write_all(files: dict[str, bytes], out: Path) -> None:
    """Make ``out`` hold exactly ``files``, all replaced in one atomic step (see kg.files)."""

    def write(staging: Path) -> None:
        for name, data in files.items():
            (staging / name).write_bytes(data)

    publish_folder(out, "dist", write, legacy=FORMATS)


def _trig(dataset: Dataset) -> bytes:
    """TriG with the named graphs in IRI order, each written by the (sorted) Turtle writer."""
    prefixes: set[str] = set()
    blocks = []
    writer = TurtleWriter()
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph):
            continue
        lines = writer.write(graph).decode("utf-8").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        # not indented: a multi-line literal's lines are part of its value
        body = "\n".join(line for line in lines if not line.startswith("@prefix"))
        blocks.append(f"<{graph.identifier}> {{\n{body.strip(chr(10))}\n}}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def triple_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Each triple (of a graph, say) as an N-Triples line without its newline, unsorted."""
    terms: dict[Node, str] = {}
    return [f"{_term(s, terms)} {_term(p, terms)} {_term(o, terms)} ." for s, p, o in triples]


def quad_lines(dataset: Dataset) -> list[str]:
    """Each quad of every named graph as an N-Quads line without its newline, unsorted."""
    terms: dict[Node, str] = {}
    lines = []
    for graph in dataset.graphs():
        name = f"<{graph.identifier}>" if isinstance(graph.identifier, URIRef) else ""
        lines += [f"{_term(s, terms)} {_term(p, terms)} {_term(o, terms)} {name} ." for s, p, o in graph]
    return lines


def _term(node: Node, seen: dict[Node, str]) -> str:
    """``node`` as rdflib's N-Triples writer spells it (``_quoteLiteral``), remembered: IRIs recur."""
    text = seen.get(node)
    if text is None:
        if isinstance(node, Literal):
            quoted = node.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
            if node.language:
                text = f'"{quoted}"@{node.language}'
            elif node.datatype:
                text = f'"{quoted}"^^<{node.datatype}>'
            else:
                text = f'"{quoted}"'
        else:
            text = node.n3()
        seen[node] = text
    return text


def _joined(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _sorted_jsonld(document: dict[str, Any]) -> dict[str, Any]:
    if "@graph" not in document:  # a graph of one node comes as that node; keep one shape
        terms = document.pop("@context", None)
        document = {"@graph": [document] if document else [], **({"@context": terms} if terms else {})}
    nodes = document["@graph"]
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    document["@graph"] = sorted(nodes, key=lambda n: n.get("@id", ""))
    return document


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
