"""Every output format, assembled by streaming per-graph parts in graph order.

Each named graph (the ontology, the registry, one per article) is rendered once into a
:class:`Part`: its sorted canonical N-Triples lines (spelt as Oxigraph writes them) and its
Turtle, TriG and JSON-LD text. The output files are then the concatenation of the parts in
graph IRI order, so a build never holds more than one part at a time, and an unchanged
article's part is taken from the cache and never rendered again.

Article graphs only hold triples about their own nodes (``kg.fragments`` checks it), so the union
graph of ``kg.nt`` and ``kg.ttl`` needs no merge: only the two shared graphs can repeat a
triple, and a repeat is written once, in the first graph that has it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.formats import CONTEXT_FILE, DUMPS
from kg.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMATS = (*DUMPS, CONTEXT_FILE)  # every file of a build


@dataclass(frozen=True)
class Part:
    """One named graph, rendered in every format (text without prefixes or document framing)."""

    graph: str
    lines: tuple[str, ...]  # sorted, unique N-Triples lines without their newline
    turtle: str
    trig: str
    jsonld: str

    def rendered(self) -> Rendered:
        label = f" <{self.graph}> .\n"
        return Rendered(
            self.graph,
            len(self.lines),
            _joined(self.lines),
            "".join(line[:-2] + label for line in self.lines).encode("utf-8"),
            self.turtle.encode("utf-8"),
            self.trig.encode("utf-8"),
            self.jsonld.encode("utf-8"),
        )


@dataclass(frozen=True)
class Rendered:
    """A part as the bytes each output file takes from it: what the cache keeps of an article."""

    graph: str
    triples: int
    nt: bytes
    nq: bytes
    ttl: bytes
    trig: bytes
    jsonld: bytes

    SECTIONS = ("nt", "nq", "ttl", "trig", "jsonld")

    def sections(self) -> list[bytes]:
        return [getattr(self, name) for name in self.SECTIONS]


def prefixes(base: str) -> dict[str, str]:
    """Our prefixes and ``data:`` for the base, by name."""
    return {name: str(namespace) for name, namespace in sorted(PREFIXES.items())} | {"data": base}


def context(base: str) -> dict[str, Any]:
    """The JSON-LD context published beside the data: our prefixes and the data's base."""
    return {"@context": dict(sorted(prefixes(base).items()))}


def canonical(lines: Iterable[str]) -> tuple[str, ...]:
    """N-Triples ``lines`` sorted, each once, written again by Oxigraph: so that lines from any
    source are in the one canonical spelling."""
    written = ox.serialize(ox.parse(_joined(lines), format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    return tuple(sorted(set((written or b"").decode("utf-8").split("\n")[:-1])))


def part_of(graph: str, lines: Iterable[str], *, base: str) -> Part:
    """The part for named graph ``graph`` holding the triples of ``lines``."""
    ordered = canonical(lines)
    triples = list(ox.parse(_joined(ordered), format=ox.RdfFormat.N_TRIPLES))
    names = _names_of(base)
    turtle = _turtle(ordered, names)
    # split on newlines only: U+2028 and its like stand raw inside literals, and are no line breaks
    body = "".join(f"\t{line}\n" for line in turtle.split("\n")[:-1])
    trig = f"<{graph}> {{\n{body}}}\n" if ordered else ""
    return Part(graph, ordered, turtle, trig, _jsonld_graph(graph, triples, names))


def write(parts: Iterable[Part | Rendered], out: Path, *, base: str) -> int:
    """Write every format into folder ``out`` from ``parts`` (in graph IRI order); return the
    number of distinct triples."""
    head = header(base)
    (out / CONTEXT_FILE).write_bytes(_json(context(base)))
    shared: set[str] = set()  # lines of the shared graphs, to write each triple once in the union
    count = 0
    with _open(out, "kg.ttl") as ttl, _open(out, "kg.nt") as nt, _open(out, "kg.trig") as trig, \
            _open(out, "kg.nq") as nq, _open(out, "kg.jsonld") as jsonld:
        ttl.write(head + b"\n")
        trig.write(head + b"\n")
        jsonld.write(b'{\n "@context": ' + json.dumps(context(base)["@context"], ensure_ascii=False).encode("utf-8"))
        jsonld.write(b',\n "@graph": [')
        first = True
        for part in parts:
            whole = part.rendered() if isinstance(part, Part) else part
            union = whole
            if isinstance(part, Part) and not _is_article_graph(part.graph, base):
                fresh = [line for line in part.lines if line not in shared]
                shared.update(part.lines)
                if len(fresh) < len(part.lines):
                    union = part_of(part.graph, fresh, base=base).rendered()
            if not whole.triples:
                continue
            count += union.triples
            nt.write(union.nt)
            ttl.write(union.ttl)
            nq.write(whole.nq)
            trig.write(whole.trig)
            jsonld.write((b"\n" if first else b",\n") + whole.jsonld)
            first = False
        jsonld.write(b"\n ]\n}\n")
    return count


SHARED_GRAPHS = ("ontology", "registry")


def header(base: str) -> bytes:
    """The ``@prefix`` lines of every Turtle and TriG file."""
    names = sorted(prefixes(base).items())
    return "".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in names).encode("utf-8")


def jsonld_nodes(lines: Iterable[str], base: str) -> list[str]:
    """The JSON-LD node objects of sorted N-Triples ``lines``, each as sorted JSON text."""
    triples = list(ox.parse(_joined(lines), format=ox.RdfFormat.N_TRIPLES))
    return _node_texts(triples, _names_of(base))


def _is_article_graph(graph: str, base: str) -> bool:
    return graph.removeprefix(base + "graph/") not in SHARED_GRAPHS


def _open(out: Path, name: str) -> BinaryIO:
    return open(out / name, "wb", buffering=1 << 20)


def _joined(lines: Iterable[str]) -> bytes:
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _body(document: bytes | None) -> str:
    """A Turtle or TriG document without its ``@prefix`` lines (the assembled file has one set)."""
    text = (document or b"").decode("utf-8")
    lines = text.split("\n")  # not splitlines: U+2028 and friends may stand inside a literal
    start = 0
    while start < len(lines) and lines[start].startswith("@prefix "):
        start += 1
    return "\n".join(lines[start:])


_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # a local name every Turtle parser reads as it is


def _turtle(lines: Sequence[str], names: _Names) -> str:
    """Sorted canonical N-Triples ``lines`` as Turtle statements, a subject's predicates and a
    predicate's objects grouped. Literals keep their N-Triples spelling (valid Turtle, and read
    alike by every parser); an IRI is shortened only to a prefixed name of plain letters, since
    escaped local names (``kg:s\\.``) are where Turtle readers disagree."""
    out: list[str] = []
    subject = predicate = None
    for line in lines:
        s_end = line.index("> ")
        s = line[1:s_end]
        p_end = line.index("> ", s_end + 2)
        p = line[s_end + 3 : p_end]
        o = line[p_end + 2 : -2]
        value = names.turtle(o[1:-1]) if o.startswith("<") else _turtle_literal(o, names)
        if s != subject:
            if out:
                out.append(" .\n")
            out.append(f"{names.turtle(s)} {_turtle_predicate(p, names)} {value}")
            subject, predicate = s, p
        elif p != predicate:
            out.append(f" ;\n\t{_turtle_predicate(p, names)} {value}")
            predicate = p
        else:
            out.append(f" , {value}")
    if out:
        out.append(" .\n")
    return "".join(out)


def _turtle_predicate(iri: str, names: _Names) -> str:
    return "a" if iri == RDF_TYPE else names.turtle(iri)


def _turtle_literal(text: str, names: _Names) -> str:
    if text.endswith(">") and '"^^<' in text:
        quoted, datatype = text.rsplit("^^<", 1)
        if datatype == f"{XSD}integer>" and _INTEGER.fullmatch(quoted[1:-1]):
            return quoted[1:-1]
        if datatype == f"{XSD}boolean>" and quoted in ('"true"', '"false"'):
            return quoted[1:-1]
        return f"{quoted}^^{names.turtle(datatype[:-1])}"
    return text


_INTEGER = re.compile(r"[+-]?[0-9]+")


class _Names:
    """The prefixes of one base, and each IRI's short form in Turtle and in JSON-LD, worked out
    once per IRI: the same predicates, types and nodes recur on most lines of a graph."""

    LIMIT = 200_000  # IRIs remembered, so that memory stays flat over any corpus

    def __init__(self, base: str) -> None:
        self.longest_first = sorted(prefixes(base).items(), key=lambda item: -len(item[1]))
        self._turtle: dict[str, str] = {}
        self._compact: dict[str, str] = {}

    def turtle(self, iri: str) -> str:
        """A prefixed name when its local part is plain letters, else the full ``<IRI>``."""
        found = self._turtle.get(iri)
        if found is None:
            found = f"<{iri}>"
            for name, namespace in self.longest_first:
                if iri.startswith(namespace) and _PLAIN_LOCAL.fullmatch(iri[len(namespace) :]):
                    found = f"{name}:{iri[len(namespace):]}"
                    break
            self._turtle = _remember(self._turtle, iri, found, self.LIMIT)
        return found

    def compact(self, iri: str) -> str:
        """The JSON-LD compact IRI (``prefix:local``), or the IRI itself."""
        found = self._compact.get(iri)
        if found is None:
            found = iri
            for name, namespace in self.longest_first:
                if iri.startswith(namespace) and not iri[len(namespace) :].startswith("//"):
                    found = f"{name}:{iri[len(namespace):]}"
                    break
            self._compact = _remember(self._compact, iri, found, self.LIMIT)
        return found


def _remember(memo: dict[str, str], key: str, value: str, limit: int) -> dict[str, str]:
    memo = memo if len(memo) < limit else {}
    memo[key] = value
    return memo


_names: dict[str, _Names] = {}


def _names_of(base: str) -> _Names:
    found = _names.get(base)
    if found is None:
        found = _names[base] = _Names(base)
    return found


def _value(term: Any, names: _Names) -> Any:
    if isinstance(term, ox.NamedNode):
        return {"@id": names.compact(term.value)}
    datatype = term.datatype.value
    if term.language:
        return {"@language": term.language, "@value": term.value}
    if datatype == XSD + "string":
        return term.value
    if datatype == XSD + "integer":
        return int(term.value)
    if datatype == XSD + "boolean":
        return term.value == "true"
    return {"@type": names.compact(datatype), "@value": term.value}


def _nodes(triples: list[Any], names: _Names) -> Iterator[dict[str, Any]]:
    node: dict[str, Any] = {}
    subject = None
    for triple in triples:  # sorted: a subject's triples are consecutive
        if triple.subject.value != subject:
            if node:
                yield node
            subject = triple.subject.value
            node = {"@id": names.compact(subject)}
        predicate = triple.predicate.value
        if predicate == RDF_TYPE:
            node.setdefault("@type", []).append(names.compact(triple.object.value))
        else:
            node.setdefault(names.compact(predicate), []).append(_value(triple.object, names))
    if node:
        yield node


def _jsonld_graph(graph: str, triples: list[Any], names: _Names) -> str:
    """The named graph as one JSON-LD graph object, a node a line."""
    body = ",\n   ".join(_node_texts(triples, names))
    return f'  {{"@id": {json.dumps(names.compact(graph))}, "@graph": [\n   {body}\n  ]}}'


def _node_texts(triples: list[Any], names: _Names) -> list[str]:
    nodes = []
    for node in _nodes(triples, names):
        for key, values in node.items():
            if isinstance(values, list):
                if len(values) == 1:
                    node[key] = values[0]
                else:
                    values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        nodes.append(json.dumps(node, ensure_ascii=False, sort_keys=True))
    return sorted(nodes)


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
