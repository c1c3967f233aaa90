"""RDF terms written straight as canonical N-Triples text, with no rdflib objects in between.

The mapper emits lines, and rdflib graphs are written as lines, in the spelling Oxigraph's
N-Triples writer uses (canonical RDF 1.1 N-Triples: ``\\b \\t \\n \\f \\r \\" \\\\`` as
escapes, other controls as ``\\uXXXX``), so a line parsed and written again by any of our parsers
comes back byte for byte. This is the one place literals are escaped for N-Triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib's terms are only read here: the mapper writes lines without them
    from rdflib import Dataset
    from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f"\\\\\\x7f\\ufffe\\uffff]')


class Lit(str):
    """A literal, already spelt as N-Triples (``"text"@en``); an IRI is a plain ``str``."""

    __slots__ = ()


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def quoted(text: str) -> str:
    """``text`` as an N-Triples string.

    >>> print(quoted('a "b"\\n\\x0b'))
    "a \\"b\\"\\n\\u000B"
    """
    return f'"{_NEEDS_ESCAPE.sub(_escape, text)}"'


def lit(value: str | int | bool, *, lang: str | None = None, datatype: str | None = None) -> Lit:
    """A literal: a string (with a language or a datatype), an ``xsd:integer`` or an ``xsd:boolean``.

    >>> print(lit("Kyiv", lang="uk"), lit(3))
    "Kyiv"@uk "3"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    if isinstance(value, bool):
        return Lit(f'"{str(value).lower()}"^^<{XSD}boolean>')
    if isinstance(value, int):
        return Lit(f'"{value}"^^<{XSD}integer>')
    if lang:
        return Lit(f"{quoted(value)}@{lang}")
    if datatype and datatype != XSD + "string":
        return Lit(f"{quoted(value)}^^<{datatype}>")
    return Lit(quoted(value))


def term(value: str) -> str:
    """An object as N-Triples: a :class:`Lit` as it is, anything else as an IRI."""
    return value if isinstance(value, Lit) else f"<{value}>"


def subject_of(line: str) -> str:
    """The subject IRI of an N-Triples or N-Quads line (kg writes no blank nodes)."""
    return line[1 : line.index(">")]


def triple_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Each triple (of a graph, say) as an N-Triples line without its newline, unsorted."""
    terms: dict[Node, str] = {}
    return [f"{_term(s, terms)} {_term(p, terms)} {_term(o, terms)} ." for s, p, o in triples]


def quad_lines(dataset: Dataset) -> list[str]:
    """Each quad of every named graph as an N-Quads line without its newline, unsorted."""
    terms: dict[Node, str] = {}
    lines = []
    for graph in dataset.graphs():
        name = "" if graph.identifier.n3().startswith("_:") else f"<{graph.identifier}>"
        lines += [f"{_term(s, terms)} {_term(p, terms)} {_term(o, terms)} {name} ." for s, p, o in graph]
    return lines


def _term(node: Node, seen: dict[Node, str]) -> str:
    """``node`` as an N-Triples term, remembered: IRIs recur."""
    from rdflib import Literal

    text = seen.get(node)
    if text is None:
        if isinstance(node, Literal):
            text = lit(str(node), lang=node.language, datatype=str(node.datatype) if node.datatype else None)
        else:
            text = node.n3()
        seen[node] = text
    return text
