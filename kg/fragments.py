"""One article, one compilation unit: read, check, map, validate and render it alone, and keep
the result as a content-addressed fragment.

A fragment is found by the hash of exactly the bytes it was made from (its annotation, its text,
its path, the ontology, shapes, base IRI and versions: the *salt*), and it is only used while
what it also read from the registry is unchanged: the hash of every registry entry its graph
names (with the entries those name in turn), and the absence from the registry of its own local
ids. So an unchanged article is never read past its hash, and an edited registry entry
recompiles exactly the articles that name it.

Only articles without problems are kept; an article with problems is compiled anew each run,
so its problems are always reported against the file as it is now.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import assemble, files
from kg.corpus import Corpus, Stamp, read_article
from kg.errors import Problem
from kg.iri import owner
from kg.mapping import article_lines, graph_iri
from kg.model import Article
from kg.shacl import Validator, Violation

BATCH = 16  # articles validated together: SHACL engines pay per call, and grow faster than their input
_FORMAT = 1  # bump when a fragment's layout changes


@dataclass(frozen=True)
class CompileContext:
    """What every article of one build is compiled against."""

    root: Path
    base: str
    salt: str
    kinds: dict[str, str]  # registry id -> kind, as the checks need it ("actor:person", "place:city"…)
    paths: dict[str, str]  # registry id -> the IRI path it goes under ("actor", "place", "topic")
    closures: dict[str, str]  # registry IRI -> hash of its entry and the entries it names in turn
    named: dict[str, bytes]  # registry IRI -> N-Triples of its entry and the entries it names in turn
    ontology: bytes  # the ontology as N-Triples, validated beside every batch
    validator: Validator
    outward: frozenset[str]  # predicates whose objects SHACL targets (no article may state them)


@dataclass(frozen=True)
class Summary:
    """What a build reports of an article, kept with its fragment."""

    id: str
    key: str
    row: tuple[str, ...]  # article, lang, actors, meetings, events, agreements, claims
    triples: int


def key(context: CompileContext, annotation: Path) -> str:
    """The fragment key of an annotation: its bytes, its text's, its path, and the salt."""
    digest = hashlib.sha256(f"{context.salt}\nfragment {_FORMAT}\n".encode())
    digest.update(annotation.relative_to(context.root).as_posix().encode("utf-8") + b"\x00")
    for path in (annotation, annotation.with_suffix(".txt")):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def closures(registry_lines: Iterable[str]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Each registry entry's IRI, with the hash and the N-Triples of its triples and those of
    every entry it names in turn."""
    by_subject: dict[str, list[str]] = {}
    for line in registry_lines:
        by_subject.setdefault(line[1 : line.index(">")], []).append(line)
    names = {s: {o for o in map(_object_iri, lines) if o in by_subject} for s, lines in by_subject.items()}
    hashes, texts = {}, {}
    for subject in by_subject:
        seen, todo = {subject}, [subject]
        while todo:
            fresh = names[todo.pop()] - seen
            seen |= fresh
            todo += fresh
        text = "".join(f"{line}\n" for line in sorted(line for entry in seen for line in by_subject[entry]))
        texts[subject] = text.encode("utf-8")
        hashes[subject] = hashlib.sha256(texts[subject]).hexdigest()
    return hashes, texts


def _object_iri(line: str) -> str | None:
    """The object of an N-Triples line when it is an IRI."""
    rest = line[line.index("> <") + 3 :]
    rest = rest[rest.index("> ") + 2 :]
    return rest[1 : rest.rindex(">")] if rest.startswith("<") else None


class Index:
    """What the last build knew of each annotation: its files' stamp, its fragment key, and its
    summary; so an unchanged corpus is neither re-read nor even hashed (``kg validate`` after
    one edit reads one article, not ten thousand).

    A stamp is trusted as ``make`` and git trust one: size, modification and change times and
    inode all unchanged. A file changed within :data:`SETTLE` of the index being written could
    change again within the clock's resolution, so its stamp is not kept (git's "racy" rule).
    Summaries are kept only while the registry (every entry's closure hash and every id's kind)
    is exactly as it was; otherwise each fragment's own head is checked again.
    """

    FILE = "index.json"

    def __init__(self, directory: Path, salt: str, registry: str) -> None:
        self.path = directory / self.FILE  # in the fragments folder
        self.salt = _sum(salt.encode("utf-8"))
        self.registry = registry
        self.entries: dict[str, list[Any]] = {}
        self._same_registry = False
        try:
            document = json.loads(self.path.read_bytes())
            if document["format"] == _FORMAT and document["salt"] == self.salt:
                self.entries = document["entries"]
                self._same_registry = document["registry"] == registry
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no index, or a damaged one: every article is hashed again

    def key(self, name: str, stamp: Stamp) -> str | None:
        entry = self.entries.get(name)
        return entry[1] if entry and entry[0] == list(stamp) else None

    def summary(self, name: str, stamp: Stamp) -> Summary | None:
        entry = self.entries.get(name)
        if not (self._same_registry and entry and entry[0] == list(stamp) and entry[2]):
            return None
        article_id, row, triples = entry[2]
        return Summary(article_id, entry[1], tuple(row), triples)

    def save(self, found: dict[str, tuple[Stamp, str, Summary | None]]) -> None:
        """Keep ``found`` (name -> stamp, key, summary if it compiled) as the index, atomically."""
        settled = time.time_ns() - SETTLE
        entries = {}
        for name, (stamp, fragment_key, summary) in sorted(found.items()):
            if max(stamp[1], stamp[2], stamp[5], stamp[6]) >= settled:
                continue  # changed too recently to be told apart from a change still to come
            kept = [summary.id, list(summary.row), summary.triples] if summary else None
            entries[name] = [list(stamp), fragment_key, kept]
        if entries == self.entries and self._same_registry:
            return
        document = {"format": _FORMAT, "salt": self.salt, "registry": self.registry, "entries": entries}
        files.replace(self.path, json.dumps(document, ensure_ascii=False).encode("utf-8"), durable=False)


SETTLE = 2_000_000_000  # ns: a stamp younger than this when the index is written is not kept


def registry_digest(context: CompileContext) -> str:
    """A hash of everything an article's fragment depends on in the registry."""
    text = json.dumps([sorted(context.closures.items()), sorted(context.kinds.items())], ensure_ascii=False)
    return _sum(text.encode("utf-8"))


class DamagedFragment(OSError):
    """A fragment whose head passed but whose body did not (cut short, or changed by hand)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"fragment {key} in the cache is damaged")
        self.key = key
        self.compiled: tuple[str, ...] = ()


class FragmentStore:
    """Fragments on disk, one file per key (``<dir>/fragments/ab/abcdef….frag``).

    A file's first line is a small JSON head (the article's summary, what it read from the
    registry, and checksums); the rendered part follows. A build reads only the head of an
    unchanged article, and the part only to copy it into the outputs. A damaged or half-written
    file fails its checksum and is made again.
    """

    def __init__(self, directory: Path, *, write: bool = True) -> None:
        self.directory = directory / "fragments"
        self.write = write
        self.removed: set[str] = set()

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.frag"

    def summary(self, key: str, context: CompileContext) -> Summary | None:
        """The summary of the fragment ``key`` if it is intact and still valid in ``context``."""
        try:
            with open(self._file(key), "rb") as stream:
                head = json.loads(stream.readline())
            meta = head["meta"]
            if head["meta_sum"] != _sum(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")):
                return None
            if meta["key"] != key:
                return None
            if any(context.closures.get(iri) != digest for iri, digest in meta["refs"].items()):
                return None  # a registry entry it names has changed, or is gone
            if any(local in context.kinds for local in meta["local"]):
                return None  # a registry entry now takes one of its ids
            return Summary(meta["id"], key, tuple(meta["row"]), meta["triples"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def part(self, key: str) -> assemble.Rendered:
        """The rendered part of fragment ``key`` (whose summary was found valid), as bytes."""
        try:
            with open(self._file(key), "rb") as stream:
                head = json.loads(stream.readline())
                body = stream.read()
            if head["part_sum"] == _sum(body):
                sections, start = [], 0
                for size in head["sizes"]:
                    sections.append(body[start : start + size])
                    start += size
                return assemble.Rendered(head["meta"]["graph"], head["meta"]["triples"], *sections)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        raise DamagedFragment(key)

    def remove(self, key: str) -> None:
        self.removed.add(key)  # what an index still names is not taken for kept any more
        self._file(key).unlink(missing_ok=True)

    def put(self, key: str, meta: dict[str, Any], part: assemble.Part) -> None:
        if not self.write:
            return
        rendered = part.rendered()
        meta = {"key": key, "graph": part.graph, **meta}
        meta_text = json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")
        sections = rendered.sections()
        body = b"".join(sections)
        head = {"meta": meta, "meta_sum": _sum(meta_text), "part_sum": _sum(body), "sizes": [len(s) for s in sections]}
        data = json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + body
        files.replace(self._file(key), data, durable=False)  # a lost entry is only made again


def _sum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compile_all(
    annotations: Sequence[tuple[Path, str]],
    context: CompileContext,
    store: FragmentStore,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Summary], list[Problem]]:
    """Compile every ``(annotation, key)`` into ``store``; their summaries and all problems found.

    Batches run on every core the process may use (forked workers share the context).
    ``progress`` is told the size of each batch done.
    """
    batches = [annotations[i : i + BATCH] for i in range(0, len(annotations), BATCH)]
    workers = min(workers or len(os.sched_getaffinity(0)), len(batches))
    if workers <= 1:
        results: Iterator[tuple[list[Summary], list[Problem]]] = (_compile(b, context, store) for b in batches)
        return _gathered(zip(batches, results, strict=True), progress)
    global _shared
    _shared = (context, store)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return _gathered(zip(batches, pool.imap(_compile_in_worker, batches), strict=True), progress)
    finally:
        _shared = None


def _gathered(
    results: Iterable[tuple[Sequence[object], tuple[list[Summary], list[Problem]]]],
    progress: Callable[[int], None] | None,
) -> tuple[list[Summary], list[Problem]]:
    summaries: list[Summary] = []
    problems: list[Problem] = []
    for batch, (found, wrong) in results:
        summaries += found
        problems += wrong
        if progress:
            progress(len(batch))
    return summaries, problems


_shared: tuple[CompileContext, FragmentStore] | None = None


def _compile_in_worker(batch: Sequence[tuple[Path, str]]) -> tuple[list[Summary], list[Problem]]:
    assert _shared is not None
    return _compile(batch, *_shared)


def _compile(
    batch: Sequence[tuple[Path, str]], context: CompileContext, store: FragmentStore
) -> tuple[list[Summary], list[Problem]]:
    problems: list[Problem] = []
    read: dict[str, tuple[str, Corpus, list[str], set[str]]] = {}
    for annotation, fragment_key in batch:
        corpus, found = read_article(annotation, context.root, context.kinds, base=context.base)
        problems += found
        if found:
            continue
        article = corpus.articles[0]
        article_id = article.annotation.article.id
        if article_id in read:  # a duplicate id: read_corpus reports it with both places
            problems.append(Problem(str(annotation), 1, 1, f"duplicate article id '{article_id}'"))
            continue
        lines = article_lines(article, context.paths, base=context.base)
        read[article_id] = (fragment_key, corpus, lines, _local_objects(article_id, lines, context))
    violations = _validate({article_id: entry[2:] for article_id, entry in read.items()}, context)
    summaries = []
    for article_id, (fragment_key, corpus, lines, objects) in read.items():
        if violations.get(article_id):
            problems += [shacl_problem(v, corpus, context.base) for v in violations[article_id]]
            continue
        article = corpus.articles[0]
        part = assemble.part_of(str(graph_iri(context.base, article_id)), lines, base=context.base)
        refs = {iri: context.closures[iri] for iri in objects if iri in context.closures}
        row = _row(article)
        meta = {"id": article_id, "row": row, "refs": dict(sorted(refs.items())),
                "local": sorted(_local_ids(article)), "triples": len(part.lines)}
        store.put(fragment_key, meta, part)
        summaries.append(Summary(article_id, fragment_key, row, len(part.lines)))
    return summaries, problems


def _validate(articles: dict[str, tuple[list[str], set[str]]], context: CompileContext) -> dict[str, list[Violation]]:
    """SHACL results of each article (given as its lines and the IRIs they name), validated in
    batches with the ontology and the registry entries each names; results about the ontology's
    or registry's own nodes are left to the registry check."""
    found: dict[str, list[Violation]] = {article_id: [] for article_id in articles}
    ids = sorted(articles)
    size = context.validator.engine.batch or len(ids) or 1
    for start in range(0, len(ids), size):
        chunks = [context.ontology]
        named: set[str] = set()
        for article_id in ids[start : start + size]:
            lines, objects = articles[article_id]
            named |= {iri for iri in objects if iri in context.named}
            chunks.append("".join(f"{line}\n" for line in lines).encode("utf-8"))
        chunks += [context.named[iri] for iri in sorted(named)]
        for violation in context.validator.validate_ntriples(b"".join(chunks)):
            about = owner(violation.focus, context.base)
            if about in found:  # other focus nodes belong to the ontology or registry: checked apart
                found[about].append(violation)
    return found


def validate_in_parts(
    ontology: Sequence[str], registry: Sequence[str], articles: dict[str, Sequence[str]], validator: Validator,
    *, base: str,
) -> list[Violation]:
    """Every SHACL result of a graph given as N-Triples lines (the ontology's, the registry's
    and each article's), found the way a build finds them: the ontology with the registry, then
    batches of articles each with the registry entries it names. Sorted. For the tests and
    benchmarks that hold this equal to validating the whole graph at once, with any engine."""
    from kg.vocab import SH

    def text(lines: Iterable[str]) -> bytes:
        return "".join(f"{line}\n" for line in lines).encode("utf-8")

    hashes, named = closures(registry)
    outward = frozenset(str(o) for o in validator.shapes.objects(None, SH.targetObjectsOf))
    context = CompileContext(Path(), base, "", {}, {}, hashes, named, text(ontology), validator, outward)
    found = validator.validate_ntriples(text(ontology) + text(registry))
    checked = {name: (list(lines), _local_objects(name, list(lines), context)) for name, lines in articles.items()}
    for violations in _validate(checked, context).values():
        found += violations
    return sorted(found)


def _local_objects(article_id: str, lines: list[str], context: CompileContext) -> set[str]:
    """The IRIs an article's lines name as objects, once it is checked that its graph holds only
    triples about its own nodes: what lets its fragment be validated, kept and written apart
    from every other (a mapper bug otherwise)."""
    objects = set()
    for line in lines:
        subject = line[1 : line.index(">")]
        predicate = line[len(subject) + 4 : line.index(">", len(subject) + 4)]
        value = _object_iri(line)
        stray = owner(subject, context.base) != article_id or predicate in context.outward
        if stray or (value and owner(value, context.base) not in (None, article_id)):
            raise ValueError(f"article {article_id} has a triple outside its own nodes: {line}")
        if value:
            objects.add(value)
    return objects


def _local_ids(article: Article) -> set[str]:
    note = article.annotation
    ids = {item.id for section in (note.unnamed, note.events, note.agreements, note.claims) for item in section}
    return ids | {conflict.id for conflict in note.article.date_conflicts}


def _row(article: Article) -> tuple[str, ...]:
    note = article.annotation
    return (note.article.id, note.article.language, *map(str, note.counts()))


def shacl_problem(violation: Violation, corpus: Corpus, base: str) -> Problem:
    """A SHACL result as a problem at the YAML that made its focus node."""
    origin = corpus.origin(violation.focus.removeprefix(base)) if violation.focus.startswith(base) else None
    path, line, column = origin or ("<graph>", 1, 1)
    subject = violation.focus.removeprefix(base)
    where = f" {violation.path}" if violation.path else ""
    return Problem(path, line, column, f"SHACL {violation.severity.lower()} on {subject}{where}: {violation.message}")
