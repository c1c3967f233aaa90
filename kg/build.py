"""The pipeline: read the seeds, map them to RDF, check the graph, render every format."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg import cache as cache_
from kg.check import ONTOLOGY_FILE, SHAPES_FILE, Violation, load_ontology
from kg.corpus import Corpus, read_corpus
from kg.errors import InputError, Problem
from kg.files import check_replaceable
from kg.mapping import graph_iri, to_dataset
from kg.parts import Entries, validate_articles, validate_context
from kg.serialize import FORMATS, quad_lines, render, triple_lines, write_all

CONTEXT = "registry"  # the name the ontology-and-registry part goes by among the article ids


@dataclass(frozen=True)
class Result:
    """A checked graph, the corpus it came from, and what SHACL validated anew (not cached)."""

    corpus: Corpus
    dataset: Dataset
    triples: int
    validated: tuple[str, ...] = ()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector scans every live object each time enough have been made; a
    build makes millions (rdflib terms and indexes) and few cycles, so the scans were a third of
    mapping time at 1,000 articles and grew with the corpus. Collect far less often meanwhile."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def check(seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> Result:
    """Read, map and check everything; raise :class:`InputError` with every problem found.

    With a ``cache``, SHACL results of unchanged parts are taken from it and new ones stored.
    """
    with _fewer_collections():
        return _check(seeds, ontology=ontology, base=base, cache=cache)


def _check(seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None) -> Result:
    ontology_graph, shapes = load_ontology(ontology)  # a broken setup is reported before the input
    corpus = read_corpus(seeds)
    dataset = to_dataset(corpus, ontology_graph, base=base)
    ids = [a.annotation.article.id for a in corpus.articles]
    salt = cache_.salt(ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE, base) if cache else ""
    violations, validated = _shacl(dataset, ids, shapes, base=base, cache=cache, salt=salt)
    if violations:
        raise InputError([_problem(v, corpus, base) for v in violations])
    return Result(corpus, dataset, len({triple for graph in dataset.graphs() for triple in graph}), validated)


def build(seeds: Path, out: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> Result:
    """Check, then write every output format to ``out`` (all files or none)."""
    with _fewer_collections():
        return _build(seeds, out, ontology=ontology, base=base, cache=cache)


def _build(seeds: Path, out: Path, *, ontology: Path, base: str, cache: cache_.Cache | None) -> Result:
    check_replaceable(out, "dist", legacy=FORMATS)  # a wrong --out is refused before the work
    result = _check(seeds, ontology=ontology, base=base, cache=cache)
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
    entries = Entries(graphs[CONTEXT])
    found: dict[str, list[Violation] | None] = {}
    keys: dict[str, str] = {}
    if cache:
        keys[CONTEXT] = cache_.key(salt, triple_lines(graphs[CONTEXT]))
        for article_id in ids:
            graph = graphs[article_id]
            keys[article_id] = cache_.key(salt, triple_lines(graph), triple_lines(entries.named_by(graph)))
        found = {name: cache.get(key) for name, key in keys.items()}
    validated = tuple(name for name in (CONTEXT, *ids) if found.get(name) is None)
    if CONTEXT in validated:
        found[CONTEXT] = validate_context(graphs["ontology"], graphs[CONTEXT], shapes)
    missing = {article_id: graphs[article_id] for article_id in validated if article_id != CONTEXT}
    found |= validate_articles(graphs["ontology"], entries, missing, shapes, base=base)
    if cache:
        for name in validated:
            cache.put(keys[name], found[name] or [])
    return sorted(v for part in found.values() for v in part or []), validated


def _problem(violation: Violation, corpus: Corpus, base: str) -> Problem:
    origin = corpus.origin(violation.focus.removeprefix(base)) if violation.focus.startswith(base) else None
    path, line, column = origin or ("<graph>", 1, 1)
    subject = violation.focus.removeprefix(base)
    where = f" {violation.path}" if violation.path else ""
    return Problem(path, line, column, f"SHACL {violation.severity.lower()} on {subject}{where}: {violation.message}")
