"""Read a seeds folder (articles, annotations, registries) into a checked :class:`Corpus`.

Raw YAML is parsed first, validated against the model second, then cross-checked: the
registries merged here (ids unique, their references resolved), each article by
:mod:`kg.article_checks`. Every problem of the run is collected before anything is reported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kg import anchor
from kg.article_checks import check_article
from kg.errors import InputError, Problem, SetupError
from kg.iri import article_path
from kg.model import Annotation, Article, Registry, bidi_control
from kg.references import check_reference, registry_references
from kg.schema_errors import problems_from
from kg.web_address import unfit_address
from kg.yaml_input import Document, input_stat, read_document, read_input

REGISTRY_DIR = "registry"
_PLAIN_TEXT = "expected plain text: it reorders what a reader sees"
Origin = tuple[str, int, int]  # file, line, column
# each YAML section, and the kind its entries have in IRI paths (article/ID/actor/ID, place/ID)
LOCAL_SECTIONS = {"unnamed": "actor", "events": "event", "agreements": "agreement", "claims": "claim"}
REGISTRY_SECTIONS = {"actors": "actor", "places": "place", "topics": "topic"}


@dataclass(frozen=True)
class Corpus:
    """Everything the mapper needs: one registry and the articles, sorted by id.

    ``origins`` maps an IRI path below the base (``article/ID/claim/ID``, ``actor/ID``) to where
    its YAML stands, so a problem found in the graph can be reported against the input.
    """

    registry: Registry
    articles: tuple[Article, ...]
    origins: dict[str, Origin] = field(default_factory=dict, compare=False, repr=False)

    def origin(self, iri_path: str) -> Origin | None:
        """Where the nearest enclosing resource of ``iri_path`` was written."""
        parts = iri_path.split("/")
        while parts:
            found = self.origins.get("/".join(parts))
            if found:
                return found
            parts.pop()
        return None


def read_corpus(root: Path, *, base: str | None = None) -> Corpus:
    """Read and check ``root``; raise :class:`InputError` listing every problem found.

    With the graph's ``base`` IRI, a web address under it is refused (kg makes those IRIs).
    """
    _check_root(root)
    problems: list[Problem] = []
    registry_docs = sorted((root / REGISTRY_DIR).glob("*.yaml"))
    registries = [_parse(p, Registry, problems) for p in registry_docs]
    registry, kinds = _merge_registries([r for r in registries if r], problems, base)
    found = article_files(root)
    problems += found.problems
    articles = [a for a in (_read_article(p, root, problems) for p in found.annotations) if a]
    seen: dict[str, Document] = {}
    for document, article in articles:
        meta_id = article.annotation.article.id
        if meta_id in seen:
            problems.append(
                document.problem(("article", "id"), f"duplicate article id '{meta_id}' (also in {seen[meta_id].path})")
            )
        seen[meta_id] = document
        problems += check_article(document, article, kinds, base)
    if problems:
        raise InputError(problems)
    ordered = sorted((a for _, a in articles), key=lambda a: a.annotation.article.id)
    origins = _origins([r for r in registries if r], articles)
    return Corpus(registry, tuple(ordered), origins)


@dataclass(frozen=True)
class Registries:
    """The merged registry of a seeds folder, the kind of every id, and where each entry stands."""

    registry: Registry
    kinds: dict[str, str]
    origins: dict[str, Origin]


def read_registries(root: Path, *, base: str | None = None) -> Registries:
    """Read and check the registries of ``root``; raise :class:`InputError` with every problem."""
    _check_root(root)
    problems: list[Problem] = []
    parsed = [r for r in (_parse(p, Registry, problems) for p in sorted((root / REGISTRY_DIR).glob("*.yaml"))) if r]
    registry, kinds = _merge_registries(parsed, problems, base)
    if problems:
        raise InputError(problems)
    return Registries(registry, kinds, _origins(parsed, []))


Stamp = tuple[int, ...]  # size, mtime, ctime and inode of an annotation and of its text: what tells an edit


@dataclass(frozen=True)
class ArticleFiles:
    """The annotations of a seeds folder that have their text beside them, by name; the files
    that lack a partner or are not regular files; and each annotation's :data:`Stamp`."""

    annotations: list[Path]
    problems: list[Problem]
    stamps: dict[Path, Stamp]


def article_files(root: Path) -> ArticleFiles:
    """Every annotation of ``root`` that has its text beside it, and the files that lack a partner."""
    found = _article_stems(root)
    if not found.annotations and not found.problems:
        found.problems.append(
            Problem(str(root), 1, 1, "no article in this folder", "put NAME.txt and its annotation NAME.yaml in it")
        )
    return found


def read_article(
    path: Path, root: Path, kinds: dict[str, str], *, base: str | None = None
) -> tuple[Corpus, list[Problem]]:
    """One annotation and its text, read and checked alone against the registry ``kinds``: the
    article as a corpus of one (with its origins), and every problem found in it."""
    problems: list[Problem] = []
    parsed = _read_article(path, root, problems)
    if parsed is None:
        return Corpus(Registry(), ()), problems
    document, article = parsed
    problems += check_article(document, article, kinds, base)
    return Corpus(Registry(), (article,), _origins([], [parsed])), problems


def read_registry(root: Path) -> Registry:
    """Read and check only the registries of ``root`` (no article needs to be valid)."""
    _check_root(root)
    problems: list[Problem] = []
    parsed = [_parse(p, Registry, problems) for p in sorted((root / REGISTRY_DIR).glob("*.yaml"))]
    registry, _ = _merge_registries([r for r in parsed if r], problems)
    if problems:
        raise InputError(problems)
    return registry


def _check_root(root: Path) -> None:
    """A mistyped ``--seeds`` must not read as a corpus of no articles (and so empty a build)."""
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "not found"
        raise SetupError(f"seeds folder {root} {what} — --seeds names the folder of articles, annotations, registry/")


def _origins(
    registries: list[tuple[Document, Registry]], articles: list[tuple[Document, Article]]
) -> dict[str, Origin]:
    origins: dict[str, Origin] = {}
    for document, registry in registries:
        for section, kind in REGISTRY_SECTIONS.items():
            for i, entry in enumerate(getattr(registry, section)):
                origins[f"{kind}/{entry.id}"] = (document.path, *document.where((section, i)))
    for document, article in articles:
        prefix = article_path(article.annotation.article.id)
        origins[prefix] = (document.path, *document.where(("article",)))
        for section, kind in LOCAL_SECTIONS.items():
            for i, item in enumerate(getattr(article.annotation, section)):
                origins[f"{prefix}/{kind}/{item.id}"] = (document.path, *document.where((section, i)))
    return origins


def _parse(path: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[Document, Any] | None:
    try:
        document = read_document(path, str(path))
    except InputError as error:
        problems += error.problems
        return None
    if not isinstance(document.data, dict):
        problems.append(document.problem((), "expected a mapping of sections at the top of the file"))
        return None
    try:
        return document, model.model_validate(document.data)
    except ValidationError as error:
        problems += problems_from(error, document, model)
        return None


def _article_stems(root: Path) -> ArticleFiles:
    with os.scandir(root) as entries:  # one listing, and no Path made for a name that is not an input
        names = {entry.name for entry in entries}
    texts = {name[:-4] for name in names if name.endswith(".txt")}
    notes = {name[:-5] for name in names if name.endswith(".yaml")}
    found = ArticleFiles([], [], {})
    for stem in sorted(texts - notes):
        found.problems.append(
            Problem(str(root / f"{stem}.txt"), 1, 1, "article has no annotation", f"write {stem}.yaml beside it")
        )
    for stem in sorted(notes - texts):
        found.problems.append(
            Problem(
                str(root / f"{stem}.yaml"), 1, 1, "annotation has no article",
                f"put the article's text in {stem}.txt beside it",
            )
        )
    folder = os.fspath(root)  # strings, not Paths, for the two stats of every article: a tenth of the time
    for stem in sorted(texts & notes):
        # a pipe, device or folder named like an input is refused before anything reads (or hashes) it
        pair = (os.path.join(folder, f"{stem}.yaml"), os.path.join(folder, f"{stem}.txt"))
        checked = [input_stat(f, f) for f in pair]
        unfit = [problem for _, problem in checked if problem]
        found.problems.extend(unfit)
        if not unfit:
            note = root / f"{stem}.yaml"
            found.annotations.append(note)
            found.stamps[note] = tuple(
                n for i, _ in checked if i for n in (i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino)
            )
    return found


def _read_article(path: Path, root: Path, problems: list[Problem]) -> tuple[Document, Article] | None:
    parsed = _parse(path, Annotation, problems)
    if parsed is None:
        return None
    document, annotation = parsed
    text_file = path.with_suffix(".txt")
    try:
        raw = read_input(text_file, str(text_file))
    except InputError as error:
        problems += error.problems
        return None
    try:
        text = anchor.normalise(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(str(text_file), 1, 1, "article is not valid UTF-8 text"))
        return None
    control = bidi_control(text)
    if control is not None:  # the site shows the paragraphs around each quote
        at = text.index(control)
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        message = f"bidirectional control U+{ord(control):04X} in the article's text ({_PLAIN_TEXT})"
        problems.append(Problem(str(text_file), line, column, message, "remove it"))
        return None
    source = text_file.relative_to(root).as_posix()
    article = Article(annotation=annotation, text=text, source_file=source, sha256=hashlib.sha256(raw).hexdigest())
    return document, article


def _merge_registries(
    parsed: list[tuple[Document, Registry]], problems: list[Problem], base: str | None = None
) -> tuple[Registry, dict[str, str]]:
    """One registry from all files, and the kind of every id (``actor:person``, ``place``…)."""
    kinds: dict[str, str] = {}
    where: dict[str, str] = {}
    merged: dict[str, list[Any]] = {"actors": [], "places": [], "topics": []}
    for document, registry in parsed:
        for section in merged:
            for i, entry in enumerate(getattr(registry, section)):
                if entry.id in kinds:
                    problems.append(
                        document.problem(
                            (section, i, "id"), f"duplicate id '{entry.id}' (first defined in {where[entry.id]})"
                        )
                    )
                    continue
                kinds[entry.id] = {
                    "actors": f"actor:{getattr(entry, 'kind', '')}",
                    "places": f"place:{getattr(entry, 'kind', '')}",
                    "topics": "topic",
                }[section]
                line, column = document.where((section, i, "id"))
                where[entry.id] = f"{document.path}:{line}:{column}"
                merged[section].append(entry)
    for document, registry in parsed:
        for i, actor in enumerate(registry.actors):
            unfit = unfit_address(actor.homepage, base) if actor.homepage else None
            if unfit:
                problems.append(document.problem(("actors", i, "homepage"), unfit))
        for reference in registry_references(registry):
            problem = check_reference(document, reference, kinds)
            if problem:
                problems.append(problem)
    registry = Registry(**{k: sorted(v, key=lambda e: e.id) for k, v in merged.items()})
    return registry, kinds
