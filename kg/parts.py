"""Validate the graph in parts: the ontology with the registry once, then the articles in
batches, each batch with the ontology and the registry entries its articles name, on every core.

This gives the same results as validating the whole graph at once because an article's graph
only speaks about its own nodes (every subject is under the article's IRI and no other article
is named in it; the registry names no article), the shapes that look at incoming edges (SPARQL,
inverse paths) target only kinds of node that articles mint, and from an article's nodes the
shapes only follow registry entries forwards. The first is checked here on every run; the
others are tests of the shapes (tests/test_parts.py), which also compare both ways on broken
graphs. The same registry entries are what an article's cache key covers (kg.build).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Mapping, Sequence

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.check import Engine, Validator, Violation
from kg.vocab import SH

MIN_BATCH = 25  # articles: below this a second process costs more than it saves

Triple = tuple[Node, Node, Node]


class Entries:
    """The registry's triples grouped by entry (subject)."""

    def __init__(self, registry: Graph) -> None:
        self.triples: dict[Node, list[Triple]] = {}
        for triple in registry:
            self.triples.setdefault(triple[0], []).append(triple)
        self.refs = {s: {o for _, _, o in group if o in self.triples} for s, group in self.triples.items()}

    def named_by(self, graph: Iterable[Triple]) -> list[Triple]:
        """The triples of every entry ``graph`` (or its triples) names, and of the entries those name in turn."""
        todo = [o for o in {o for _, _, o in graph} if o in self.triples]
        seen = set(todo)
        found: list[Triple] = []
        while todo:
            entry = todo.pop()
            found += self.triples[entry]
            fresh = self.refs[entry] - seen
            seen |= fresh
            todo += fresh
        return found


def validate_context(
    ontology: Graph, registry: Graph, shapes: Graph, *, engine: Engine | None = None
) -> list[Violation]:
    """Every SHACL result about the ontology's and the registry's own nodes.

    ``engine`` defaults to :func:`kg.check.engine` (``$KG_SHACL_ENGINE``, else turbo).
    """
    return Validator(shapes, engine=engine).validate([*ontology, *registry])


def validate_articles(
    ontology: Graph,
    registry: Entries,
    articles: Mapping[str, Graph],
    shapes: Graph,
    *,
    base: str,
    workers: int | None = None,
    engine: Engine | None = None,
) -> dict[str, list[Violation]]:
    """Every article id in ``articles`` with the SHACL results about its nodes (``[]`` if none).

    Results about the ontology's and registry's nodes are left to :func:`validate_context`.
    ``workers`` defaults to the cores this process may use; ``engine`` to :func:`kg.check.engine`.
    """
    outward = frozenset(shapes.objects(None, SH.targetObjectsOf))
    articles_root = f"{base}article/"
    context = [*ontology, *(triple for group in registry.triples.values() for triple in group)]
    named = next((o for _, _, o in context if str(o).startswith(articles_root)), None)
    if named is not None:
        raise ValueError(f"the ontology or registry names a node of an article: {named}")
    # each article's triples read once: reading a graph of a large dataset costs more than using a list
    triples = {article_id: list(graph) for article_id, graph in articles.items()}
    for article_id, graph in triples.items():
        stray = _outside(graph, article_iri(base, article_id), base, outward)
        if stray:
            raise ValueError(f"article {article_id} has a triple outside its own nodes: {stray}")
    ids = sorted(articles)
    if not ids:
        return {}
    workers = min(workers or len(os.sched_getaffinity(0)), max(1, len(ids) // MIN_BATCH))
    job = _Job(ontology, registry, triples, Validator(shapes, engine=engine), base)
    if workers == 1:
        return job.run(ids)
    global _job
    _job = job  # forked workers inherit the graphs instead of unpickling them
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            found: dict[str, list[Violation]] = {}
            for part in pool.map(_run_batch, [ids[i::workers] for i in range(workers)]):
                found |= part
            return found
    finally:
        _job = None


def article_iri(base: str, article_id: str) -> str:
    return f"{base}article/{article_id}"


class _Job:
    def __init__(
        self, ontology: Graph, registry: Entries, articles: Mapping[str, list[Triple]], validator: Validator, base: str
    ) -> None:
        self.ontology, self.registry, self.articles, self.base = list(ontology), registry, articles, base
        self.validator = validator

    def run(self, ids: Sequence[str]) -> dict[str, list[Violation]]:
        found: dict[str, list[Violation]] = {article_id: [] for article_id in ids}
        size = self.validator.engine.batch or len(ids)
        for start in range(0, len(ids), size):
            for article_id, violations in self._batch(ids[start : start + size]).items():
                found[article_id] += violations
        return found

    def _batch(self, ids: Sequence[str]) -> dict[str, list[Violation]]:
        data = [*self.ontology]
        for article_id in ids:
            article = self.articles[article_id]
            data += self.registry.named_by(article)
            data += article
        found: dict[str, list[Violation]] = {}
        prefix = f"{self.base}article/"
        for violation in self.validator.validate(data):
            if violation.focus.startswith(prefix):
                found.setdefault(violation.focus.removeprefix(prefix).split("/", 1)[0], []).append(violation)
            # other focus nodes belong to the ontology or registry: validate_context reports them
        return found


_job: _Job | None = None


def _run_batch(ids: Sequence[str]) -> dict[str, list[Violation]]:
    assert _job is not None
    return _job.run(ids)


def _outside(graph: Iterable[Triple], article: str, base: str, outward: frozenset[object]) -> Triple | None:
    """A triple of ``graph`` that is not only about ``article``'s own nodes, if any."""
    own = f"{article}/"
    articles = f"{base}article/"
    for s, p, o in graph:
        subject, value = str(s), str(o)  # rdflib terms never equal plain strings
        if not (subject == article or subject.startswith(own)) or p in outward:
            return (s, p, o)
        if isinstance(o, URIRef) and value.startswith(articles) and not (value == article or value.startswith(own)):
            return (s, p, o)
    return None
