"""The corpus as one rdflib dataset, and rdflib graphs written in every format by the same
writers as the build's (kg.assemble).

For the commands that hold a graph in rdflib (publish writes a file per resource, and its
dumps): each graph becomes N-Triples lines, and Oxigraph's serializers do the rest, so a
resource page's Turtle is written exactly as ``kg.ttl`` is.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from kg import assemble
from kg.assemble import FORMATS, context
from kg.corpus import Corpus
from kg.files import publish_folder
from kg.mapping import article_lines, graph_iri, registry_kinds, registry_lines
from kg.ntriples import triple_lines
from kg.vocab import PREFIXES, new_graph

__all__ = ["FORMATS", "context", "files_of", "jsonld_bytes", "ntriples", "turtle", "union", "write_all"]

_SOME_GRAPH = "urn:kg:graph"  # the name a lone graph's part is rendered under (not written)


def to_dataset(corpus: Corpus, ontology: Graph, *, base: str) -> Dataset:
    """The whole graph in rdflib: the ontology, the registry, and one named graph per article."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.bind("data", base)
    target = dataset.graph(graph_iri(base, "ontology"))
    for triple in ontology:
        target.add(triple)
    kinds = registry_kinds(corpus)
    parts = [("registry", registry_lines(corpus, base=base))]
    parts += [(a.annotation.article.id, article_lines(a, kinds, base=base)) for a in corpus.articles]
    for name, lines in parts:
        if lines:
            dataset.graph(graph_iri(base, name)).parse(data="\n".join(lines), format="nt")
    return dataset


def union(dataset: Dataset) -> Graph:
    """All triples of every named graph in one graph, with the dataset's prefixes."""
    return new_graph(((s, p, o) for s, p, o, _ in dataset.quads()), dataset.namespaces())


def _part(graph: Graph, base: str) -> assemble.Part:
    return assemble.part_of(_SOME_GRAPH, triple_lines(graph), base=base)


def turtle(graph: Graph, base: str) -> bytes:
    """``graph`` as Turtle, written as ``kg.ttl`` is."""
    return assemble.header(base) + b"\n" + _part(graph, base).turtle.encode("utf-8")


def ntriples(graph: Graph) -> bytes:
    """``graph`` as sorted N-Triples lines."""
    return "".join(f"{line}\n" for line in _part(graph, "").lines).encode("utf-8")


def jsonld_bytes(graph: Graph, base: str) -> bytes:
    """``graph`` as compacted JSON-LD with our context, one ``@graph`` of nodes."""
    nodes = [json.loads(node) for node in assemble.jsonld_nodes(_part(graph, base).lines, base)]
    return _json({"@context": context(base)["@context"], "@graph": nodes})


def files_of(dataset: Dataset, *, base: str) -> dict[str, bytes]:
    """Every output file of ``dataset``, by name, as ``kg build`` writes them."""
    groups: dict[str, list[str]] = {}
    for graph in dataset.graphs():
        if isinstance(graph.identifier, URIRef) and len(graph):
            groups[str(graph.identifier)] = triple_lines(graph)
    parts = (assemble.part_of(name, groups[name], base=base) for name in sorted(groups))
    with tempfile.TemporaryDirectory(prefix="kg-render.") as folder:
        assemble.write(parts, Path(folder), base=base)
        return {name: (Path(folder) / name).read_bytes() for name in FORMATS}


def write_all(files: dict[str, bytes], out: Path) -> None:
    """Make ``out`` hold exactly ``files``, all replaced in one atomic step (see kg.files)."""

    def write(staging: Path) -> None:
        for name, data in files.items():
            (staging / name).write_bytes(data)

    publish_folder(out, "dist", write, legacy=FORMATS)


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
