"""The pipeline: read the seeds, map them to RDF, check the graph, render every format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.term import Node

from kg import cache as cache_
from kg.check import ONTOLOGY_FILE, SHAPES_FILE, Violation, load_ontology
from kg.corpus import Corpus, read_corpus
from kg.errors import InputError, Problem
from kg.mapping import graph_iri, to_dataset
from kg.parts import validate_articles, validate_context
from kg.serialize import quad_lines, render, triple_lines, union, write_all

CONTEXT = "registry"  # the name the ontology-and-registry part goes by among the article ids


@dataclass(frozen=True)
class Result:
    """A checked graph, the corpus it came from, and what SHACL validated anew (not cached)."""

    corpus: Corpus
    dataset: Dataset
    triples: int
    validated: tuple[str, ...] = ()


def check(seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> Result:
    """Read, map and check everything; raise :class:`InputError` with every problem found.

    With a ``cache``, SHACL results of unchanged parts are taken from it and new ones stored.
    """
    ontology_graph, shapes = load_ontology(ontology)  # a broken setup is reported before the input
    corpus = read_corpus(seeds)
    dataset = to_dataset(corpus, ontology_graph, base=base)
    ids = [a.annotation.article.id for a in corpus.articles]
    salt = cache_.salt(ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE, base) if cache else ""
    violations, validated = _shacl(dataset, ids, shapes, base=base, cache=cache, salt=salt)
    if violations:
        raise InputError([_problem(v, corpus, base) for v in violations])
    return Result(corpus, dataset, len(union(dataset)), validated)


def build(seeds: Path, out: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> Result:
    """Check, then write every output format to ``out`` (all files or none)."""
    result = check(seeds, ontology=ontology, base=base, cache=cache)
    if cache is None:
        write_all(render(result.dataset, base=base), out)
        return result
    key = cache_.key(cache_.salt(ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE, base), quad_lines(result.dataset))
    files = cache.outputs(key)
    if files is None:
        files = render(result.dataset, base=base)
        cache.put_outputs(key, files)
    write_all(files, out)
    return result


def _shacl(
    dataset: Dataset, ids: Sequence[str], shapes: Graph, *, base: str, cache: cache_.Cache | None, salt: str
) -> tuple[list[Violation], tuple[str, ...]]:
    """Every SHACL violation, sorted, and the parts that were validated rather than cached."""
    graphs = {name: dataset.graph(graph_iri(base, name)) for name in ("ontology", CONTEXT, *ids)}
    context = Graph()
    for name in ("ontology", CONTEXT):
        context.addN((s, p, o, context) for s, p, o in graphs[name])
    found: dict[str, list[Violation] | None] = {}
    keys: dict[str, str] = {}
    if cache:
        entries = _Entries(graphs[CONTEXT])
        keys[CONTEXT] = cache_.key(salt, triple_lines(graphs[CONTEXT]))
        for article_id in ids:
            graph = graphs[article_id]
            keys[article_id] = cache_.key(salt, triple_lines(graph), entries.lines_named_by(graph))
        found = {name: cache.get(key) for name, key in keys.items()}
    validated = tuple(name for name in (CONTEXT, *ids) if found.get(name) is None)
    if CONTEXT in validated:
        found[CONTEXT] = validate_context(context, shapes)
    missing = {article_id: graphs[article_id] for article_id in validated if article_id != CONTEXT}
    found |= validate_articles(context, missing, shapes, base=base)
    if cache:
        for name in validated:
            cache.put(keys[name], found[name] or [])
    return sorted(v for part in found.values() for v in part or []), validated


class _Entries:
    """The registry's triples by subject, to find the entries an article's results depend on."""

    def __init__(self, registry: Graph) -> None:
        triples: dict[Node, list[tuple[Node, Node, Node]]] = {}
        for triple in registry:
            triples.setdefault(triple[0], []).append(triple)
        self.lines = {subject: triple_lines(group) for subject, group in triples.items()}
        self.refs = {subject: {o for _, _, o in group if o in triples} for subject, group in triples.items()}

    def lines_named_by(self, graph: Graph) -> list[str]:
        """The triples of every registry entry ``graph`` names, and of those they name in turn."""
        todo = [o for o in set(graph.objects()) if o in self.lines]
        seen = set(todo)
        lines: list[str] = []
        while todo:
            entry = todo.pop()
            lines += self.lines[entry]
            fresh = self.refs[entry] - seen
            seen |= fresh
            todo += fresh
        return lines


def _problem(violation: Violation, corpus: Corpus, base: str) -> Problem:
    origin = corpus.origin(violation.focus.removeprefix(base)) if violation.focus.startswith(base) else None
    path, line, column = origin or ("<graph>", 1, 1)
    subject = violation.focus.removeprefix(base)
    where = f" {violation.path}" if violation.path else ""
    return Problem(path, line, column, f"SHACL {violation.severity.lower()} on {subject}{where}: {violation.message}")
