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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg import assemble, files
from kg.check import Violation
from kg.corpus import Corpus, read_article
from kg.errors import Problem
from kg.mapping import MEETING_KINDS, article_lines, graph_iri
from kg.model import Article
from kg.parts import Entries, validate_articles

BATCH = 16  # articles validated together: SHACL engines pay per call, and grow faster than their input
_FORMAT = 1  # bump when a fragment's layout changes


@dataclass(frozen=True)
class Context:
    """What every article of one build is compiled against."""

    root: Path
    base: str
    salt: str
    kinds: dict[str, str]  # registry id -> kind, as the checks need it ("actor:person", "place:city"…)
    paths: dict[str, str]  # registry id -> the IRI path it goes under ("actor", "place", "topic")
    closures: dict[str, str]  # registry IRI -> hash of its entry and the entries it names in turn
    ontology: Graph
    shapes: Graph
    entries: Entries


@dataclass(frozen=True)
class Summary:
    """What a build reports of an article, kept with its fragment."""

    id: str
    key: str
    row: tuple[str, ...]  # article, lang, actors, meetings, events, agreements, claims
    triples: int


def key(context: Context, annotation: Path) -> str:
    """The fragment key of an annotation: its bytes, its text's, its path, and the salt."""
    digest = hashlib.sha256(f"{context.salt}\nfragment {_FORMAT}\n".encode())
    digest.update(annotation.relative_to(context.root).as_posix().encode("utf-8") + b"\x00")
    for path in (annotation, annotation.with_suffix(".txt")):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def closures(registry_lines: Iterable[str]) -> dict[str, str]:
    """Each registry entry's IRI, with the hash of its triples and those of every entry it names."""
    by_subject: dict[str, list[str]] = {}
    for line in registry_lines:
        by_subject.setdefault(line[1 : line.index(">")], []).append(line)
    names = {s: {o for o in map(_object_iri, lines) if o in by_subject} for s, lines in by_subject.items()}
    found = {}
    for subject in by_subject:
        seen, todo = {subject}, [subject]
        while todo:
            fresh = names[todo.pop()] - seen
            seen |= fresh
            todo += fresh
        digest = hashlib.sha256()
        for line in sorted(line for entry in seen for line in by_subject[entry]):
            digest.update(line.encode("utf-8") + b"\n")
        found[subject] = digest.hexdigest()
    return found


def _object_iri(line: str) -> str | None:
    """The object of an N-Triples line when it is an IRI."""
    rest = line[line.index("> <") + 3 :]
    rest = rest[rest.index("> ") + 2 :]
    return rest[1 : rest.rindex(">")] if rest.startswith("<") else None


class Store:
    """Fragments on disk, one file per key (``<dir>/fragments/ab/abcdef….frag``).

    A file's first line is a small JSON head (the article's summary, what it read from the
    registry, and checksums); the rendered part follows. A build reads only the head of an
    unchanged article, and the part only to copy it into the outputs. A damaged or half-written
    file fails its checksum and is made again.
    """

    def __init__(self, directory: Path, *, write: bool = True) -> None:
        self.directory = directory / "fragments"
        self.write = write

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.frag"

    def summary(self, key: str, context: Context) -> Summary | None:
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

    def part(self, key: str) -> assemble.Part:
        """The rendered part of fragment ``key`` (whose summary was found valid)."""
        try:
            with open(self._file(key), "rb") as stream:
                head = json.loads(stream.readline())
                body = stream.read()
            if head["part_sum"] == _sum(body):
                return assemble.Part.from_json(json.loads(body))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        raise OSError(f"fragment {key} was damaged or removed during the build; run the build again")

    def put(self, key: str, meta: dict[str, Any], part: assemble.Part) -> None:
        if not self.write:
            return
        meta = {"key": key, **meta}
        meta_text = json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8")
        body = json.dumps(part.to_json(), ensure_ascii=False).encode("utf-8")
        head = json.dumps({"meta": meta, "meta_sum": _sum(meta_text), "part_sum": _sum(body)}, ensure_ascii=False)
        files.replace(self._file(key), head.encode("utf-8") + b"\n" + body, durable=False)  # lost: made again


def _sum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def compile_all(
    annotations: Sequence[tuple[Path, str]], context: Context, store: Store, *, workers: int | None = None
) -> tuple[list[Summary], list[Problem]]:
    """Compile every ``(annotation, key)`` into ``store``; their summaries and all problems found.

    Batches run on every core the process may use (forked workers share the context).
    """
    batches = [annotations[i : i + BATCH] for i in range(0, len(annotations), BATCH)]
    workers = min(workers or len(os.sched_getaffinity(0)), len(batches))
    if workers <= 1:
        results: Iterator[tuple[list[Summary], list[Problem]]] = (_compile(b, context, store) for b in batches)
        return _gathered(results)
    global _shared
    _shared = (context, store)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return _gathered(pool.imap_unordered(_compile_in_worker, batches))
    finally:
        _shared = None


def _gathered(results: Iterable[tuple[list[Summary], list[Problem]]]) -> tuple[list[Summary], list[Problem]]:
    summaries: list[Summary] = []
    problems: list[Problem] = []
    for found, wrong in results:
        summaries += found
        problems += wrong
    return summaries, problems


_shared: tuple[Context, Store] | None = None


def _compile_in_worker(batch: Sequence[tuple[Path, str]]) -> tuple[list[Summary], list[Problem]]:
    assert _shared is not None
    return _compile(batch, *_shared)


def _compile(
    batch: Sequence[tuple[Path, str]], context: Context, store: Store
) -> tuple[list[Summary], list[Problem]]:
    problems: list[Problem] = []
    read: dict[str, tuple[str, Corpus, list[str]]] = {}
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
        read[article_id] = (fragment_key, corpus, article_lines(article, context.paths, base=context.base))
    graphs = {article_id: _graph(lines) for article_id, (_, _, lines) in read.items()}
    violations = validate_articles(context.ontology, context.entries, graphs, context.shapes, base=context.base,
                                   workers=1)
    summaries = []
    for article_id, (fragment_key, corpus, lines) in read.items():
        if violations.get(article_id):
            problems += [shacl_problem(v, corpus, context.base) for v in violations[article_id]]
            continue
        article = corpus.articles[0]
        part = assemble.render(str(graph_iri(context.base, article_id)), lines, base=context.base)
        refs = {iri: context.closures[iri] for iri in map(_object_iri, part.lines) if iri in context.closures}
        row = _row(article)
        meta = {"id": article_id, "row": row, "refs": dict(sorted(refs.items())),
                "local": sorted(_local_ids(article)), "triples": len(part.lines)}
        store.put(fragment_key, meta, part)
        summaries.append(Summary(article_id, fragment_key, row, len(part.lines)))
    return summaries, problems


def _graph(lines: list[str]) -> Graph:
    graph = Graph()
    if lines:
        graph.parse(data="\n".join(lines), format="nt")
    return graph


def _local_ids(article: Article) -> set[str]:
    note = article.annotation
    ids = {item.id for section in (note.unnamed, note.events, note.agreements, note.claims) for item in section}
    return ids | {conflict.id for conflict in note.article.date_conflicts}


def _row(article: Article) -> tuple[str, ...]:
    note = article.annotation
    actors = {m.actor for m in note.actors} | {u.id for u in note.unnamed}
    meetings = sum(e.kind in MEETING_KINDS for e in note.events)
    counts = (len(actors), meetings, len(note.events), len(note.agreements), len(note.claims))
    return (note.article.id, note.article.language, *map(str, counts))


def shacl_problem(violation: Violation, corpus: Corpus, base: str) -> Problem:
    """A SHACL result as a problem at the YAML that made its focus node."""
    origin = corpus.origin(violation.focus.removeprefix(base)) if violation.focus.startswith(base) else None
    path, line, column = origin or ("<graph>", 1, 1)
    subject = violation.focus.removeprefix(base)
    where = f" {violation.path}" if violation.path else ""
    return Problem(path, line, column, f"SHACL {violation.severity.lower()} on {subject}{where}: {violation.message}")
