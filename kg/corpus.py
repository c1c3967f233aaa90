"""Read a seeds folder (articles, annotations, registries) into a checked :class:`Corpus`.

Raw YAML is parsed first, validated against the model second, then cross-checked: references
resolve to the right kind of thing, ids are unique, every quote occurs in its article. Every
problem of the run is collected before anything is reported.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph
from pydantic import BaseModel, ValidationError

from kg import anchor
from kg.errors import InputError, Problem, SetupError
from kg.iri import article_path
from kg.load import Document, Path_, input_stat, read_document, read_input
from kg.model import Annotation, Article, QuoteSpec, Registry, bidi_control
from kg.schema_errors import problems_from

REGISTRY_DIR = "registry"
ACTOR_LIKE = {"actor", "unnamed"}
MEDIA = {"outlet", "agency"}
SAFE_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")  # what may stand in an IRI unescaped


NOT_A_WEB_ADDRESS = "is not a web address (expected http(s)://… without spaces, quotes or <>, and % only as in %20)"


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an http(s) IRI that every RDF tool takes (Oxigraph checks IRIs strictly:
    a stray ``%`` or a bad host would make the build's own writers refuse the graph)."""
    if not SAFE_URL.fullmatch(text):
        return False
    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return False
    return True


def is_own_iri(text: str, base: str | None) -> bool:
    """Whether the web address ``text`` lies under ``base``, where kg makes the graph's own IRIs
    (scheme and host compared in any case, as the web does).

    The data may only point away from the graph: an address under the base would stand for one
    of kg's own resources (the checks of an article alone rest on the registry naming none of an
    article's nodes), and its page would be a broken link of the site.

    >>> is_own_iri("HTTPS://Example.org/kg/article/x", "https://example.org/kg/")
    True
    """
    return base is not None and _folded(text).startswith(_folded(base))


def _folded(iri: str) -> str:
    scheme, _, rest = iri.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


def _own_iri_message(text: str, base: str | None) -> str:
    return f"'{text}' is under the graph's own base IRI {base} (expected a page elsewhere: kg makes the IRIs under it)"


_PLAIN_TEXT = "expected plain text: it reorders what a reader sees"
Origin = tuple[str, int, int]  # file, line, column
LOCAL_PATHS = {"unnamed": "actor", "events": "event", "agreements": "agreement", "claims": "claim"}
REGISTRY_PATHS = {"actors": "actor", "places": "place", "topics": "topic"}


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
        problems += _check_article(document, article, kinds, base)
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
    problems += _check_article(document, article, kinds, base)
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
        for section, kind in REGISTRY_PATHS.items():
            for i, entry in enumerate(getattr(registry, section)):
                origins[f"{kind}/{entry.id}"] = (document.path, *document.where((section, i)))
    for document, article in articles:
        prefix = article_path(article.annotation.article.id)
        origins[prefix] = (document.path, *document.where(("article",)))
        for section, kind in LOCAL_PATHS.items():
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
            if actor.homepage and not is_web_address(actor.homepage):
                message = f"'{actor.homepage}' {NOT_A_WEB_ADDRESS}"
                problems.append(document.problem(("actors", i, "homepage"), message))
            elif actor.homepage and is_own_iri(actor.homepage, base):
                problems.append(document.problem(("actors", i, "homepage"), _own_iri_message(actor.homepage, base)))
            for j, ref in enumerate(actor.member_of):
                _expect(document, ("actors", i, "member_of", j), ref, kinds, {"actor"}, problems)
        for i, place in enumerate(registry.places):
            if place.country:
                _expect(document, ("places", i, "country"), place.country, kinds, {"actor:state"}, problems)
    registry = Registry(**{k: sorted(v, key=lambda e: e.id) for k, v in merged.items()})
    return registry, kinds


def _expect(
    document: Document, path: Path_, ref: str, kinds: dict[str, str], allowed: set[str], problems: list[Problem]
) -> None:
    """Report ``ref`` unless it names something of an ``allowed`` kind (``actor`` or ``actor:outlet``)."""
    kind = kinds.get(ref)
    if kind is None:
        candidates = [k for k, v in kinds.items() if v in allowed or v.split(":")[0] in allowed]
        close = difflib.get_close_matches(ref, candidates, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "define it in a registry or in this annotation"
        problems.append(document.problem(path, f"unknown reference '{ref}' (expected the id of {_a(allowed)})", hint))
    elif kind not in allowed and kind.split(":")[0] not in allowed:
        problems.append(document.problem(path, f"'{ref}' is {_a({kind})}, not {_a(allowed)}"))


def _a(kinds: set[str]) -> str:
    names = sorted(k.replace("actor:", "").replace("place:", "") or k.split(":")[0] for k in kinds)
    words = [{"unnamed": "unnamed actor", "date-conflict": "date conflict"}.get(n, n) for n in names]
    return " or ".join(f"an {w}" if w[0] in "aeiou" else f"a {w}" for w in words)


def _check_article(
    document: Document, article: Article, registry_kinds: dict[str, str], base: str | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    note = article.annotation
    kinds = dict(registry_kinds)
    sections = {"unnamed": "unnamed", "events": "event", "agreements": "agreement", "claims": "claim"}
    local_ids: list[tuple[Path_, str, str]] = [
        ((section, i, "id"), item.id, kind)
        for section, kind in sections.items()
        for i, item in enumerate(getattr(note, section))
    ]
    local_ids += [
        (("article", "date_conflicts", i, "id"), c.id, "date-conflict")
        for i, c in enumerate(note.article.date_conflicts)
    ]
    for path, local_id, kind in local_ids:
        if local_id in kinds:
            problems.append(
                document.problem(
                    path, f"duplicate id '{local_id}' (already {_a({kinds[local_id]})})", "give it an id of its own"
                )
            )
        else:
            kinds[local_id] = kind

    def expect(path: Path_, ref: str | None, allowed: set[str]) -> None:
        if ref is not None:
            _expect(document, path, ref, kinds, allowed, problems)

    meta = note.article
    expect(("article", "outlet"), meta.outlet, {f"actor:{m}" for m in MEDIA})
    expect(("article", "author"), meta.author, {"actor:person"})
    for i, link in enumerate(meta.links):
        if not is_web_address(link.text):
            problems.append(
                document.problem(
                    ("article", "links", i),
                    f"'{link.text}' {NOT_A_WEB_ADDRESS}",
                )
            )
        elif is_own_iri(link.text, base):
            problems.append(document.problem(("article", "links", i), _own_iri_message(link.text, base)))
    for i, ref in enumerate(meta.cites):
        expect(("article", "cites", i), ref, {f"actor:{m}" for m in MEDIA})
    for i, conflict in enumerate(meta.date_conflicts):
        for j, ref in enumerate(conflict.events):
            expect(("article", "date_conflicts", i, "events", j), ref, {"event"})
    for i, mention in enumerate(note.actors):
        expect(("actors", i, "actor"), mention.actor, {"actor"})
        expect(("actors", i, "of"), mention.of, {"actor"})
        if mention.title_en and not mention.title:
            problems.append(
                document.problem(
                    ("actors", i, "title_en"), "title_en without title", "give the title as printed in 'title'"
                )
            )
    for i, unnamed in enumerate(note.unnamed):
        expect(("unnamed", i, "affiliation"), unnamed.affiliation, {"actor"})
    for i, event in enumerate(note.events):
        expect(("events", i, "place"), event.place, {"place"})
        for j, participant in enumerate(event.participants):
            expect(("events", i, "participants", j, "actor"), participant.actor, ACTOR_LIKE)
            expect(("events", i, "participants", j, "on_behalf_of"), participant.on_behalf_of, {"actor"})
        for j, ref in enumerate(event.topics):
            expect(("events", i, "topics", j), ref, {"topic"})
    for i, agreement in enumerate(note.agreements):
        for j, ref in enumerate(agreement.parties):
            expect(("agreements", i, "parties", j), ref, ACTOR_LIKE)
        for j, ref in enumerate(agreement.topics):
            expect(("agreements", i, "topics", j), ref, {"topic"})
    for i, claim in enumerate(note.claims):
        expect(("claims", i, "by"), claim.by, ACTOR_LIKE)
        for j, ref in enumerate(claim.via):
            expect(("claims", i, "via", j), ref, {"actor"})
        for j, ref in enumerate(claim.about):
            expect(("claims", i, "about", j), ref, set(kinds.values()) | {"actor", "place"})
    problems += _check_dates(document, note)
    problems += _check_mentions(document, note, registry_kinds)
    problems += _check_quotes(document, article)
    return problems


def _check_dates(document: Document, note: Annotation) -> list[Problem]:
    problems: list[Problem] = []
    dated = [("events", i, e) for i, e in enumerate(note.events)] + [
        ("claims", i, c) for i, c in enumerate(note.claims)
    ]
    for section, i, item in dated:
        if item.date and not item.date_quote:
            problems.append(
                document.problem(
                    (section, i, "date"), "a date needs the words that print it", "add 'date_quote:' with them"
                )
            )
        if item.date_quote and not item.date:
            problems.append(
                document.problem((section, i, "date_quote"), "date_quote without a date", "add 'date:' in ISO 8601")
            )
        if item.year_from_article and (not item.date or item.date[:4] != note.article.date[:4]):
            problems.append(
                document.problem(
                    (section, i, "year_from_article"),
                    f"year_from_article, but the date does not carry the article's year {note.article.date[:4]}",
                )
            )
    return problems


def _check_mentions(document: Document, note: Annotation, registry_kinds: dict[str, str]) -> list[Problem]:
    """Every registry actor the annotation refers to must be listed, with its words, under ``actors``."""
    listed = {m.actor for m in note.actors}
    problems = []
    for path, ref in _actor_refs(note):
        if registry_kinds.get(ref, "").startswith("actor:") and ref not in listed:
            problems.append(
                document.problem(
                    path,
                    f"actor '{ref}' is not listed under 'actors'",
                    "add it there with the words that name it ('quote')",
                )
            )
            listed.add(ref)  # once is enough
    return problems


def _actor_refs(note: Annotation) -> Iterator[tuple[Path_, str]]:
    yield ("article", "outlet"), note.article.outlet
    if note.article.author:
        yield ("article", "author"), note.article.author
    yield from ((("article", "cites", i), r) for i, r in enumerate(note.article.cites))
    yield from ((("actors", i, "of"), m.of) for i, m in enumerate(note.actors) if m.of)
    yield from ((("unnamed", i, "affiliation"), u.affiliation) for i, u in enumerate(note.unnamed) if u.affiliation)
    for i, event in enumerate(note.events):
        for j, p in enumerate(event.participants):
            yield ("events", i, "participants", j, "actor"), p.actor
            if p.on_behalf_of:
                yield ("events", i, "participants", j, "on_behalf_of"), p.on_behalf_of
    for i, agreement in enumerate(note.agreements):
        yield from ((("agreements", i, "parties", j), r) for j, r in enumerate(agreement.parties))
    for i, claim in enumerate(note.claims):
        yield ("claims", i, "by"), claim.by
        yield from ((("claims", i, "via", j), r) for j, r in enumerate(claim.via))
        yield from ((("claims", i, "about", j), r) for j, r in enumerate(claim.about))


def quotes(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, QuoteSpec]]:
    """Every quote in an annotation, with its path: the things that must occur in the text."""
    if isinstance(value, QuoteSpec):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            yield from quotes(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from quotes(item, (*path, i))


def body_limit(article: Article) -> int | None:
    """Where the article's own text ends (related headlines and page furniture follow)."""
    end = article.annotation.article.body_ends_before
    return anchor.locate(article.text, end.text, end.start).start if end else None


def _check_quotes(document: Document, article: Article) -> list[Problem]:
    problems = []
    try:
        limit = body_limit(article)
    except anchor.AnchorError:
        limit = None  # reported below with the other quotes
    for path, quote in quotes(article.annotation):
        bounded = None if path == ("article", "body_ends_before") else limit
        try:
            anchor.locate(article.text, quote.text, quote.start, limit=bounded)
        except anchor.AnchorError as error:
            problems.append(document.problem(path, f"{error.message}: '{_short(quote.text)}'", error.hint))
    return problems


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
