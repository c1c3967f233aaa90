"""The pipeline: read the seeds, map them to RDF, check the graph, render every format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg.check import Violation, load_ontology
from kg.corpus import Corpus, read_corpus
from kg.errors import InputError, Problem
from kg.mapping import graph_iri, to_dataset
from kg.parts import validate_articles, validate_context
from kg.serialize import render, union, write_all


@dataclass(frozen=True)
class Result:
    """A checked graph and the corpus it came from."""

    corpus: Corpus
    dataset: Dataset
    triples: int


def check(seeds: Path, *, ontology: Path, base: str) -> Result:
    """Read, map and check everything; raise :class:`InputError` with every problem found."""
    ontology_graph, shapes = load_ontology(ontology)  # a broken setup is reported before the input
    corpus = read_corpus(seeds)
    dataset = to_dataset(corpus, ontology_graph, base=base)
    context = Graph()
    for name in ("ontology", "registry"):
        context.addN((s, p, o, context) for s, p, o in dataset.graph(graph_iri(base, name)))
    articles = {
        a.annotation.article.id: dataset.graph(graph_iri(base, a.annotation.article.id)) for a in corpus.articles
    }
    violations = validate_context(context, shapes)
    for found in validate_articles(context, articles, shapes, base=base).values():
        violations += found
    if violations:
        raise InputError([_problem(v, corpus, base) for v in sorted(violations)])
    return Result(corpus, dataset, len(union(dataset)))


def build(seeds: Path, out: Path, *, ontology: Path, base: str) -> Result:
    """Check, then write every output format to ``out`` (all files or none)."""
    result = check(seeds, ontology=ontology, base=base)
    write_all(render(result.dataset, base=base), out)
    return result


def _problem(violation: Violation, corpus: Corpus, base: str) -> Problem:
    origin = corpus.origin(violation.focus.removeprefix(base)) if violation.focus.startswith(base) else None
    path, line, column = origin or ("<graph>", 1, 1)
    subject = violation.focus.removeprefix(base)
    where = f" {violation.path}" if violation.path else ""
    return Problem(path, line, column, f"SHACL {violation.severity.lower()} on {subject}{where}: {violation.message}")
