"""``kg diff OLD NEW``: what an edit changed in the graph, grouped by resource, in readable labels.

Each side is a built file (``kg.nq``, ``kg.nt``, ``kg.ttl``, ``kg.trig``), a ``dist`` folder, a
seeds folder (built in memory), or a git revision (``git:REV``, or any name git resolves) whose
seeds and ontology are built in memory with the code at hand. Triples are compared as one graph
per side: a triple that moved between named graphs is no change. The graph has no blank nodes,
so the comparison is exact.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg import formats
from kg.errors import InputError, Problem
from kg.vocab import DCTERMS, PREFIXES, RDFS, SCHEMA, SKOS, XSD, new_graph

READABLE = (formats.N_QUADS, formats.N_TRIPLES, formats.TURTLE, formats.TRIG)  # what kg diff reads
FORMATS = {f.suffix: f.rdflib for f in READABLE}
BUILT = ("kg.nq", "kg.trig", "kg.nt", "kg.ttl")  # the first one a dist folder has is read
LABELS = (SKOS.prefLabel, RDFS.label, SCHEMA.name, DCTERMS.title)
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Changes:
    """The triples only in the old graph and only in the new one."""

    removed: Graph
    added: Graph

    def __bool__(self) -> bool:
        return bool(len(self.removed) or len(self.added))


def between(old: str, new: str, *, ontology: Path, base: str, lang: str = "en") -> tuple[Changes, str]:
    """What changed from the graph ``old`` names to the graph ``new`` names, and that as text
    (``kg diff OLD NEW``): each side a built file or folder, a seeds folder, or ``git:REV``."""
    old_graph = graph_of(old, ontology=ontology, base=base)
    new_graph = graph_of(new, ontology=ontology, base=base)
    changes = compare(old_graph, new_graph)
    return changes, as_text(changes, Labeller([new_graph, old_graph], base=base, lang=lang), old=old_graph)


def compare(old: Graph, new: Graph) -> Changes:
    """What ``new`` adds to and removes from ``old``."""
    _, only_old, only_new = graph_diff(to_isomorphic(old), to_isomorphic(new))
    return Changes(only_old, only_new)


def graph_of(spec: str, *, ontology: Path, base: str, repo: Path = Path()) -> Graph:
    """The graph ``spec`` names: a built file or folder, a seeds folder, or a git revision."""
    path = Path(spec)
    if spec.startswith("git:"):
        return _from_revision(spec.removeprefix("git:"), spec, repo=repo, base=base)
    if path.is_file():
        return _parse(path)
    if path.is_dir():
        if (path / "registry").is_dir():
            return _build(path, ontology, base)
        for name in BUILT:
            if (path / name).is_file():
                return _parse(path / name)
        raise _error(spec, f"no built graph in this folder (expected one of {', '.join(BUILT)}, or a registry/)")
    if _is_revision(spec, repo):
        return _from_revision(spec, spec, repo=repo, base=base)
    raise _error(spec, "not a file, a folder or a git revision", "give a kg.nq, a dist folder, seeds, or git:REV")


def _error(spec: str, message: str, hint: str = "") -> InputError:
    return InputError([Problem(spec, 1, 1, message, hint)])


def _parse(path: Path) -> Graph:
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise _error(str(path), f"cannot read '{path.suffix}' files (expected {', '.join(FORMATS)})")
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise _error(str(path), f"not valid {fmt}: {' '.join(str(error).split())}") from None
    return _union(dataset)


def _union(dataset: Dataset) -> Graph:
    return new_graph((s, p, o) for s, p, o, _ in dataset.quads())


def _build(seeds: Path, ontology: Path, base: str) -> Graph:
    from kg.build import checked_graph  # pySHACL is slow to import; comparing built files does not need it

    return _union(checked_graph(seeds, ontology=ontology, base=base).dataset)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)


def _is_revision(name: str, repo: Path) -> bool:
    return (
        not name.startswith("-")
        and _git(repo, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}").returncode == 0
    )


def _from_revision(revision: str, spec: str, *, repo: Path, base: str) -> Graph:
    """Build the seeds of ``revision`` (with its ontology) in a temporary folder."""
    if not _is_revision(revision, repo):
        raise _error(spec, f"'{revision}' is not a git revision of {repo.absolute()}")
    archive = _git(repo, "archive", "--format=tar", revision, "--", "seeds", "ontology")
    if archive.returncode != 0:
        raise _error(spec, f"git archive failed: {archive.stderr.decode(errors='replace').strip()}")
    with (
        tempfile.TemporaryDirectory(prefix="kg-diff-") as folder,
        tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar,
    ):
        tar.extractall(folder, filter="data")
        try:
            return _build(Path(folder) / "seeds", Path(folder) / "ontology", base)
        except InputError as error:  # name the revision, not the temporary folder
            raise InputError([_in_revision(p, folder, revision) for p in error.problems]) from None


def _in_revision(problem: Problem, folder: str, revision: str) -> Problem:
    path = problem.path.replace(folder + "/", f"{revision}:", 1)
    return Problem(path, problem.line, problem.column, problem.message, problem.hint)


class Labeller:
    """Short, readable names for the nodes of both graphs: ids under the base, labels in a language."""

    def __init__(self, graphs: Iterable[Graph], *, base: str, lang: str) -> None:
        self.base = base
        self.namespaces = NamespaceManager(Graph(), bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            self.namespaces.bind(prefix, namespace)
        self.labels: dict[Node, str] = {}
        ranked: dict[Node, tuple[int, int, str]] = {}
        preference = {lang: 0, "en": 1}
        for graph in graphs:  # the first graph wins ties: pass the new one first
            for rank, predicate in enumerate(LABELS):
                for subject, value in graph.subject_objects(predicate):
                    if isinstance(value, Literal):
                        key = (rank, preference.get(value.language or "", 2), str(value))
                        if subject not in ranked or key < ranked[subject]:
                            ranked[subject], self.labels[subject] = key, str(value)

    def short(self, node: Node) -> str:
        if isinstance(node, URIRef):
            in_vocabulary = any(node.startswith(str(ns)) for ns in PREFIXES.values())  # kg: lies under the base
            if node.startswith(self.base) and not in_vocabulary:
                return node.removeprefix(self.base)
            try:
                return self.namespaces.normalizeUri(node)
            except Exception:  # not every IRI splits into a prefix and a name
                return f"<{node}>"
        if isinstance(node, Literal):
            return self._literal(node)
        return node.n3(self.namespaces)

    def _literal(self, literal: Literal) -> str:
        """N-Triples style on one line: a quote's line breaks are shown as \\n, not broken."""
        escaped = str(literal).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if literal.language:
            return f'"{escaped}"@{literal.language}'
        if literal.datatype and literal.datatype != XSD.string:
            return f'"{escaped}"^^{self.short(literal.datatype)}'
        return f'"{escaped}"'

    def label(self, node: Node) -> str | None:
        """The node's label, or that of the nearest resource it is part of (a claim's relay step)."""
        text = str(node)
        while text.startswith(self.base):
            found = self.labels.get(URIRef(text))
            if found:
                return found
            text = text.rpartition("/")[0]
        return None

    def named(self, node: Node) -> str:
        label = self.label(node) if isinstance(node, URIRef) and node in self.labels else None
        return f"{self.short(node)} ({label})" if label else self.short(node)


def as_text(changes: Changes, labeller: Labeller, *, old: Graph) -> str:
    """The changes grouped by subject, ``-`` removed and ``+`` added, in a stable order."""
    by_subject: dict[Node, list[tuple[str, int, str]]] = {}
    for sign, graph in (("-", changes.removed), ("+", changes.added)):
        for s, p, o in graph:  # "-" sorts before "+": what went, then what came
            by_subject.setdefault(s, []).append((labeller.short(p), "-+".index(sign), labeller.named(o)))
    if not by_subject:
        return "no differences\n"
    lines = []
    for subject in sorted(by_subject, key=labeller.short):
        label = labeller.label(subject)
        lines.append(f"{labeller.short(subject)}{f'  — {label}' if label else ''}{_status(subject, changes, old)}")
        lines += [f"  {'-+'[sign]} {p} {o}" for p, sign, o in sorted(by_subject[subject])]
    added, removed = len(changes.added), len(changes.removed)
    resources = len(by_subject)
    summary = (
        f"{added} triple{'s' * (added != 1)} added, {removed} removed, in {resources} resource{'s' * (resources != 1)}"
    )
    return "\n".join([*lines, summary]) + "\n"


def _status(subject: Node, changes: Changes, old: Graph) -> str:
    """``[new]`` for a resource the old graph lacks, ``[removed]`` for one the new graph lacks."""
    if (subject, None, None) not in old:
        return "  [new]"
    kept = any(t not in changes.removed for t in old.triples((subject, None, None)))
    return "" if kept or (subject, None, None) in changes.added else "  [removed]"
