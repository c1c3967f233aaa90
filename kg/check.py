"""Check the built graph: SHACL shapes (pySHACL) over the data together with the ontology."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import SetupError
from kg.load import input_problem
from kg.vocab import SH

ONTOLOGY_FILE = "kg.ttl"
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node it is about, the property path, and the shape's message."""

    focus: str
    path: str
    message: str
    severity: str


def load_ontology(directory: Path) -> tuple[Graph, Graph]:
    """The ontology and the shapes; :class:`SetupError` if either is missing or broken."""
    return _parse(directory / ONTOLOGY_FILE), _parse(directory / SHAPES_FILE)


def _parse(file: Path) -> Graph:
    unfit = input_problem(file, str(file), limit=sys.maxsize) if file.exists() else None
    if unfit is not None:  # a pipe would block the parser forever, a device never ends
        raise SetupError(f"{file}: {unfit.message}")
    try:
        return Graph().parse(file, format="turtle")
    except FileNotFoundError:
        raise SetupError(f"{file}: not found (expected the project's {file.name})") from None
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        raise SetupError(f"{file}: not valid Turtle: {error}") from None


class _PreparedQueries(Graph):
    """A view of a graph that parses each SPARQL text once.

    pySHACL sends the same SPARQL constraint text once per focus node; rdflib parses it anew
    every time, which was 70 % of the validation time.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def validate(data: Graph, shapes: Graph) -> list[Violation]:
    """Every SHACL result of ``data`` against ``shapes``, sorted; empty when it conforms."""
    import pyshacl  # here: a build whose results are all cached never needs it (0.1 s to import)

    view = _PreparedQueries(store=data.store, identifier=data.identifier)  # shares the triples, no copy
    try:
        # inplace: the shapes have no rules and no inference is asked for, so nothing is written
        # to the data; without it pySHACL copies the whole graph first
        _, report, _ = pyshacl.validate(view, shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    except Exception as error:  # pySHACL reports broken shapes with its own exception types
        raise SetupError(f"shapes could not be applied: {error}") from None
    assert isinstance(report, Graph)
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        severity = report.value(result, SH.resultSeverity)
        results.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=_short(report.value(result, SH.resultPath)),
                message="; ".join(messages) or "violates a shape",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return sorted(results)


def _short(node: object) -> str:
    """A property path as a readable name; a SPARQL-based constraint has none worth showing."""
    if isinstance(node, URIRef):
        return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return ""
