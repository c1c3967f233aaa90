"""The pipeline: compile each article (or take it from the cache), check the registries, and
assemble every output format from the parts; :func:`check` makes the whole graph in rdflib for
the commands that need it (publish, diff)."""

from __future__ import annotations

import gc
import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset, Graph

from kg import assemble, query_store
from kg import cache as cache_
from kg.assemble import FORMATS, Part, Rendered
from kg.corpus import Corpus, Registries, Stamp, article_files, read_corpus, read_registries
from kg.errors import InputError, Problem
from kg.files import check_replaceable, publish_folder
from kg.fragments import (
    CompileContext,
    DamagedFragment,
    FragmentStore,
    Index,
    Summary,
    closures,
    compile_all,
    key,
    registry_digest,
    shacl_problem,
)
from kg.mapping import graph_iri, registry_kinds, registry_lines
from kg.serialize import to_dataset
from kg.shacl import (
    ONTOLOGY_FILE,
    SHAPES_FILE,
    Validator,
    load_ontology,
    ontology_lines,
    setup_problem,
)
from kg.vocab import SH

Advance = Callable[[int], None]  # told how many more articles are done (kg.progress draws it)
REGISTRY_GRAPH = "registry"  # the registry's named graph, beside the articles' own


@dataclass(frozen=True)
class CheckedGraph:
    """A checked graph in rdflib, and the corpus it came from."""

    corpus: Corpus
    dataset: Dataset
    triples: int


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


def checked_graph(seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> CheckedGraph:
    """Everything :func:`build` checks (each article compiled once and kept in the ``cache``),
    then the whole graph in rdflib for the commands that need it as one (publish, diff);
    raise :class:`InputError` with every problem found."""
    with _store(cache) as store:
        built = _compile(seeds, ontology=ontology, base=base, cache=cache, store=store).built
    with _fewer_collections():
        corpus = read_corpus(seeds, base=base)
        dataset = to_dataset(corpus, load_ontology(ontology)[0], base=base)
    return CheckedGraph(corpus, dataset, built.triples)


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
    seeds: Path, out: Path, *, ontology: Path, base: str, cache: cache_.Cache | None, store: FragmentStore,
    progress: Advance | None = None,
) -> Built:
    compiled = _compile(seeds, ontology=ontology, base=base, cache=cache, store=store, progress=progress)
    built = compiled.built
    shared = (
        assemble.part_of(str(graph_iri(base, "ontology")), compiled.ontology, base=base),
        assemble.part_of(str(graph_iri(base, REGISTRY_GRAPH)), compiled.registry, base=base),
    )
    try:
        return _assemble(built, shared, out, base=base, cache=cache, store=store)
    except DamagedFragment as damage:
        damage.compiled = built.compiled  # what this attempt compiled is not compiled again
        raise


def _assemble(
    built: Built, shared: tuple[Part, Part], out: Path, *, base: str, cache: cache_.Cache | None, store: FragmentStore
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

        query_store.update(cache.directory.resolve(), build_id, keys, nquads)
    return built


def validate(seeds: Path, *, ontology: Path, base: str, cache: cache_.Cache | None = None) -> Built:
    """Everything :func:`build` checks, writing no output (the cache is only read)."""
    with _store(cache, write=False) as store:
        return _compile(seeds, ontology=ontology, base=base, cache=cache, store=store).built


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


@contextmanager
def _store(cache: cache_.Cache | None, *, write: bool = True) -> Iterator[FragmentStore]:
    """The cache's fragments; without a cache, a temporary folder for this build's."""
    if cache is not None:
        yield FragmentStore(cache.directory, write=cache.write and write)
        return
    with tempfile.TemporaryDirectory(prefix="kg-fragments.") as folder:
        yield FragmentStore(Path(folder), write=write)


@dataclass(frozen=True)
class _Setup:
    """The ontology and shapes made ready for a build: what every key shares (the salt), the
    ontology's triples, and the predicates whose objects SHACL targets."""

    salt: str
    ontology: tuple[str, ...]  # canonical N-Triples lines, sorted
    outward: frozenset[str]
    shapes: Graph | Path  # parsed already, or the file to parse when an article is validated


def _setup(ontology: Path, base: str, cache: cache_.Cache | None) -> _Setup:
    """Parse the ontology and the shapes once per version of their files (kept in the cache):
    parsing them was most of what validating one edited article cost."""
    files = (ontology / ONTOLOGY_FILE, ontology / SHAPES_FILE)
    for file in files:
        setup_problem(file)  # a broken setup is reported before the input
    salt = cache_.salt(*files, base)
    entry = cache_.key(salt, ["setup"])
    kept = cache.get_value(entry) if cache else None
    if isinstance(kept, dict) and {"ontology", "outward"} <= kept.keys():
        return _Setup(salt, tuple(kept["ontology"]), frozenset(kept["outward"]), files[1])
    lines = ontology_lines(files[0])
    shapes = Validator(files[1]).shapes
    outward = sorted(str(o) for o in shapes.objects(None, SH.targetObjectsOf))
    kept = {"ontology": list(assemble.canonical(lines)), "outward": outward}
    if cache:
        cache.put_value(entry, kept)
    return _Setup(salt, tuple(kept["ontology"]), frozenset(outward), shapes)


@dataclass(frozen=True)
class _Compiled:
    """A checked corpus: what the build reports, and the shared graphs' lines to assemble with."""

    built: Built
    ontology: tuple[str, ...]
    registry: list[str]


def _compile(
    seeds: Path,
    *,
    ontology: Path,
    base: str,
    cache: cache_.Cache | None,
    store: FragmentStore,
    progress: Advance | None = None,
) -> _Compiled:
    with _fewer_collections():
        setup = _setup(ontology, base, cache)
        try:
            registries = read_registries(seeds, base=base)
        except InputError:
            read_corpus(seeds, base=base)  # reports the registries' problems with the articles' own
            raise
        registry_corpus = Corpus(registries.registry, ())
        registry = registry_lines(registry_corpus, base=base)
        hashes, named = closures(registry)
        ontology_text = "".join(f"{line}\n" for line in setup.ontology).encode("utf-8")
        context = CompileContext(
            seeds, base, setup.salt, registries.kinds, registry_kinds(registry_corpus), hashes, named, ontology_text,
            Validator(setup.shapes), setup.outward,
        )
        found = article_files(seeds)
        if not found.annotations:
            raise InputError(found.problems)  # nothing to build: say so before any other work
        problems = found.problems
        index = Index(store.directory, setup.salt, registry_digest(context))
        summaries: list[Summary] = []
        missing = []
        known: dict[str, tuple[Stamp, str, Summary | None]] = {}
        for path in found.annotations:
            name, stamp = path.name, found.stamps[path]  # annotations stand at the top of the seeds folder
            fragment_key = index.key(name, stamp) or key(context, path)
            summary = None if fragment_key in store.removed else index.summary(name, stamp)
            summary = summary or store.summary(fragment_key, context)
            known[name] = (stamp, fragment_key, summary)
            if summary is None:
                missing.append((path, fragment_key))
            else:
                summaries.append(summary)
        compiled, wrong = compile_all(missing, context, store, progress=progress)
        by_key = {s.key: s for s in compiled}
        for path, fragment_key in missing:
            name = path.name
            known[name] = (known[name][0], fragment_key, by_key.get(fragment_key))
        if store.write:
            index.save(known)
        problems += wrong
        problems += _registry_problems(context, registry, registries, cache)
        summaries += compiled
        ids = [s.id for s in summaries]
        if len(set(ids)) != len(ids):
            read_corpus(seeds, base=base)  # reports each duplicate article id with both of its places
        if problems:
            raise InputError(problems)
        summaries.sort(key=lambda s: s.id)
        triples = len({*setup.ontology, *registry}) + sum(s.triples for s in summaries)
        built = Built(tuple(summaries), triples, tuple(sorted(s.id for s in compiled)))
        return _Compiled(built, setup.ontology, registry)


def _registry_problems(
    context: CompileContext, lines: list[str], registries: Registries, cache: cache_.Cache | None
) -> list[Problem]:
    """SHACL results about the ontology's and registry's own nodes (kept in the cache)."""
    registry_key = cache_.key(context.salt, lines)
    violations = cache.get(registry_key) if cache else None
    if violations is None:
        registry = "".join(f"{line}\n" for line in lines).encode("utf-8")
        violations = context.validator.validate_ntriples(context.ontology + registry)
        if cache:
            cache.put(registry_key, violations)
    corpus = Corpus(registries.registry, (), registries.origins)
    return [shacl_problem(v, corpus, context.base) for v in violations]
