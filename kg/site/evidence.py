"""The evidence in the article text: the paragraph a statement's quote is in, with the quote
marked, and an article's whole text with every quote marked and linked to what it supports."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.site.graph_view import Site, Value, ordered
from kg.vocab import KG, OA

Mark = tuple[int, int, str | None, str | None]  # start, end, the link of what it supports, its anchor


@dataclass(frozen=True)
class Segment:
    """A run of article text, marked when evidence covers it."""

    text: str
    href: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where in which article a resource's statement is written."""

    article: Value
    start: int
    end: int
    supports: Value | None
    paragraph: tuple[Segment, ...]
    href: str
    lang: str | None = None  # the article's language: its words are in it, whatever the site's


def evidence(site: Site, annotation: Node, page: str) -> Evidence | None:
    """The paragraph that ``annotation`` points into, its quote marked, as shown on ``page``."""
    selection = _selection(site, annotation)
    if selection is None:
        return None
    article, start, end = selection
    text = site.text_of(article)
    if text is None:
        return None
    first, last = paragraph_bounds(text, start, end)
    marks: list[Mark] = [(start, end, None, None)]
    supports = site.one(annotation, KG.supportsProperty)
    article_page = site.href(article, page) or ""
    return Evidence(
        article=site.value(article, page),
        start=start,
        end=end,
        supports=site.value(supports, page) if supports else None,
        paragraph=tuple(segments(text, first, last, marks)),
        href=f"{article_page}#{anchor_id(start, end)}",
        lang=site.language_of(article),
    )


def article_text(site: Site, article: URIRef, page: str) -> list[tuple[Segment, ...]]:
    """The article's paragraphs, every quote an annotation points at marked and linked."""
    text = site.text_of(article)
    if text is None:
        return []
    marks: list[Mark] = []
    for target in ordered(site.graph.subjects(OA.hasSource, article)):
        for annotation in ordered(site.graph.subjects(OA.hasTarget, target)):
            selection = _selection(site, annotation)
            body = site.one(annotation, OA.hasBody)
            if selection and body is not None:
                marks.append((selection[1], selection[2], site.href(body, page), anchor_id(*selection[1:])))
    paragraphs = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(tuple(segments(text, offset, offset + len(line), marks)))
        offset += len(line) + 1
    return paragraphs


def _selection(site: Site, annotation: Node) -> tuple[URIRef, int, int] | None:
    target = site.one(annotation, OA.hasTarget)
    source = site.one(target, OA.hasSource) if target else None
    for selector in ordered(site.graph.objects(target, OA.hasSelector)) if target else ():
        start, end = site.one(selector, OA.start), site.one(selector, OA.end)
        if isinstance(start, Literal) and isinstance(end, Literal) and isinstance(source, URIRef):
            return source, int(start), int(end)
    return None


def anchor_id(start: int, end: int) -> str:
    """The id of a quote's mark in its article page.

    >>> anchor_id(10, 42)
    'q10-42'
    """
    return f"q{start}-{end}"


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines of ``text`` that the span [start, end) touches.

    >>> paragraph_bounds("one\\ntwo three\\nfour", 6, 9)
    (4, 13)
    """
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last


def segments(text: str, first: int, last: int, marks: list[Mark]) -> Iterator[Segment]:
    """``text[first:last]`` cut where marks start or end; a covered run links to its shortest mark."""
    inside = [m for m in marks if m[0] < last and m[1] > first]
    cuts = sorted({first, last, *(max(first, m[0]) for m in inside), *(min(last, m[1]) for m in inside)})
    named: set[str] = set()
    for left, right in itertools.pairwise(cuts):
        covering = sorted((m for m in inside if m[0] <= left and m[1] >= right), key=lambda m: (m[1] - m[0], m[0]))
        if not covering:
            yield Segment(text[left:right])
            continue
        starting = [m[3] for m in inside if m[0] == left and m[3] and m[3] not in named]
        named.update(starting)
        yield Segment(text[left:right], href=covering[0][2] or "", anchor=starting[0] if starting else None)
