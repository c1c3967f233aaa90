"""The pipeline: compile each article (or take it from the cache), check the registries, and
assemble every output format from the parts; :func:`check` makes the whole graph in rdflib for
the commands that need it (publish, diff)."""

from __future__ import annotations

import gc
import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset, Graph

from kg import assemble, local_store
from kg import cache as cache_
from kg.assemble import FORMATS, Part, Rendered
from kg.check import ONTOLOGY_FILE, SHAPES_FILE, Validator, Violation, load_ontology
from kg.corpus import Corpus, Registries, article_files, read_corpus, read_registries
from kg.errors import InputError, Problem
from kg.files import check_replaceable, publish_folder
from kg.fragments import Context, DamagedFragment, Store, Summary, closures, compile_all, key, shacl_problem
from kg.mapping import graph_iri, registry_kinds, registry_lines, to_dataset
from kg.parts import Entries, validate_articles, validate_context
from kg.serialize import triple_lines
from kg.vocab import SH

Advance = Callable[[int], None]  # told how many more articles are done (kg.progress draws it)
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
    corpus = read_corpus(seeds, base=base)
    dataset = to_dataset(corpus, ontology_graph, base=base)
    ids = [a.annotation.article.id for a in corpus.articles]
    salt = cache_.salt(ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE, base) if cache else ""
    violations, validated = _shacl(dataset, ids, shapes, base=base, cache=cache, salt=salt)
    if violations:
        raise InputError([shacl_problem(v, corpus, base) for v in violations])
    return Result(corpus, dataset, len({triple for graph in dataset.graphs() for triple in graph}), validated)


@dataclass(frozen=True)
class Built:
    """What a build made: each article's summary (by id), the distinct triples, and the ids
    compiled anew rather than taken from the cache."""

    summaries: tuple[Summary, ...]
    triples: int
    compiled: tuple[str, ...]


def build(
    seeds: Path,
    out: Path,
    *,
    ontology: Path,
    base: str,
    cache: cache_.Cache | None = None,
    progress: Advance | None = None,
) -> Built:
    """Compile every article (unchanged ones come from the cache), then write every output
    format to ``out`` in one atomic step; ``progress`` is told of each batch of articles compiled."""
    check_replaceable(out, "dist", legacy=FORMATS)  # a wrong --out is refused before the work
    with _store(cache) as store:
        compiled: set[str] = set()
        while True:
            try:
                built = _build(seeds, out, ontology=ontology, base=base, cache=cache, store=store, progress=progress)
            except DamagedFragment as damage:  # its head was sound, its body not: compile it again
                store.remove(damage.key)
                compiled |= set(damage.compiled)
                continue
            return replace(built, compiled=tuple(sorted({*built.compiled, *compiled})))


def _build(
    seeds: Path, out: Path, *, ontology: Path, base: str, cache: cache_.Cache | None, store: Store,
    progress: Advance | None = None,
) -> Built:
    built, shared = _compile(seeds, ontology=ontology, base=base, cache=cache, store=store, progress=progress)
    try:
        return _assemble(built, shared, out, base=base, cache=cache, store=store)
    except DamagedFragment as damage:
        damage.compiled = built.compiled  # what this attempt compiled is not compiled again
        raise


def _assemble(
    built: Built, shared: tuple[Part, Part], out: Path, *, base: str, cache: cache_.Cache | None, store: Store
) -> Built:
    graphs = {str(graph_iri(base, s.id)): s.key for s in built.summaries}
    context_parts = {part.graph: part for part in shared}

    def parts() -> Iterator[Part | Rendered]:
        for graph in sorted({*graphs, *context_parts}):
            yield context_parts[graph] if graph in context_parts else store.part(graphs[graph])

    def write(staging: Path) -> None:
        assemble.write(parts(), staging, base=base)

    keys = graphs | {part.graph: _digest(part.lines) for part in shared}
    build_id = _digest(f"{graph} {keys[graph]}" for graph in sorted(keys))
    manifest = {"build": build_id} | ({"store": str(cache.directory.resolve())} if cache else {})
    publish_folder(out, "dist", write, legacy=FORMATS, manifest=manifest)
    if cache and cache.write:

        def nquads(graph: str) -> bytes:
            part = context_parts[graph].rendered() if graph in context_parts else store.part(graphs[graph])
            return part.nq

        local_store.update(cache.directory.resolve(), build_id, keys, nquads)
    return built


def validate(seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> Built:
    """Everything :func:`build` checks, writing no output (the cache is only read)."""
    with _store(cache, write=False) as store:
        return _compile(seeds, ontology=ontology, base=base, cache=cache, store=store)[0]


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


@contextmanager
def _store(cache: cache_.Cache | None, *, write: bool = True) -> Iterator[Store]:
    """The cache's fragments; without a cache, a temporary folder for this build's."""
    if cache is not None:
        yield Store(cache.directory, write=cache.write and write)
        return
    with tempfile.TemporaryDirectory(prefix="kg-fragments.") as folder:
        yield Store(Path(folder), write=write)


def _compile(
    seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None, store: Store, progress: Advance | None = None
) -> tuple[Built, tuple[Part, Part]]:
    with _fewer_collections():
        ontology_graph, shapes = load_ontology(ontology)  # a broken setup is reported before the input
        try:
            registries = read_registries(seeds, base=base)
        except InputError:
            read_corpus(seeds, base=base)  # reports the registries' problems with the articles' own
            raise
        registry_corpus = Corpus(registries.registry, ())
        registry = registry_lines(registry_corpus, base=base)
        salt = cache_.salt(ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE, base)
        registry_graph = Graph()
        registry_graph.parse(data="\n".join(registry), format="nt")
        hashes, named = closures(registry)
        outward = frozenset(str(o) for o in shapes.objects(None, SH.targetObjectsOf))
        ontology_text = "".join(f"{line}\n" for line in triple_lines(ontology_graph)).encode("utf-8")
        context = Context(
            seeds, base, salt, registries.kinds, registry_kinds(registry_corpus), hashes, named, ontology_text,
            Validator(shapes), outward,
        )
        annotations, problems = article_files(seeds)
        if not annotations:
            raise InputError(problems)  # nothing to build: say so before any other work
        keyed = [(path, key(context, path)) for path in annotations]
        summaries: list[Summary] = []
        missing = []
        for path, fragment_key in keyed:
            found = store.summary(fragment_key, context)
            if found is None:
                missing.append((path, fragment_key))
            else:
                summaries.append(found)
        compiled, wrong = compile_all(missing, context, store, progress=progress)
        problems += wrong
        problems += _registry_problems(ontology_graph, registry_graph, registry, shapes, registries, base, cache, salt)
        summaries += compiled
        ids = [s.id for s in summaries]
        if len(set(ids)) != len(ids):
            read_corpus(seeds, base=base)  # reports each duplicate article id with both of its places
        if problems:
            raise InputError(problems)
        summaries.sort(key=lambda s: s.id)
        shared = (
            assemble.render(str(graph_iri(base, "ontology")), triple_lines(ontology_graph), base=base),
            assemble.render(str(graph_iri(base, CONTEXT)), registry, base=base),
        )
        union = {line for part in shared for line in part.lines}
        built = Built(tuple(summaries), len(union) + sum(s.triples for s in summaries),
                      tuple(sorted(s.id for s in compiled)))
        return built, shared


def _registry_problems(
    ontology: Graph, registry: Graph, lines: list[str], shapes: Graph, registries: Registries, base: str,
    cache: cache_.Cache | None, salt: str,
) -> list[Problem]:
    """SHACL results about the ontology's and registry's own nodes (kept in the cache)."""
    registry_key = cache_.key(salt, lines)
    violations = cache.get(registry_key) if cache else None
    if violations is None:
        violations = validate_context(ontology, registry, shapes)
        if cache:
            cache.put(registry_key, violations)
    corpus = Corpus(registries.registry, (), registries.origins)
    return [shacl_problem(v, corpus, base) for v in violations]


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
