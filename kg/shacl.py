"""Check the built graph: SHACL shapes over the data together with the ontology.

Two engines give the same results (tests/test_engines.py): pyshacl-turbo, compiled (Rust), the
default, and pySHACL, pure Python, the reference. ``KG_SHACL_ENGINE=pyshacl`` chooses the
reference; where pyshacl-turbo cannot be imported, pySHACL is used with a notice on stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import SetupError
from kg.ntriples import triple_lines
from kg.vocab import SH
from kg.yaml_input import input_problem

ONTOLOGY_FILE = "kg.ttl"
SHAPES_FILE = "shapes.ttl"
ENGINE_VARIABLE = "KG_SHACL_ENGINE"

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Engine:
    """A SHACL validator kg can run, and how many articles it is best given at once
    (``None``: all of a process's articles in one graph)."""

    name: str
    package: str
    batch: int | None

    @property
    def version(self) -> str:
        return version(self.package)


# pyshacl-turbo's time grows faster than its input: batches of 25 articles were fastest (BENCHMARKS.md)
TURBO = Engine("turbo", "pyshacl-turbo", batch=25)
PYSHACL = Engine("pyshacl", "pyshacl", batch=None)
ENGINES = {e.name: e for e in (TURBO, PYSHACL)}


def engine(name: str | None = None) -> Engine:
    """The engine called ``name``, else ``$KG_SHACL_ENGINE``, else turbo; :class:`SetupError` for
    an unknown name. Turbo falls back to pySHACL, with a notice on stderr, where it cannot be imported.

    >>> engine("pyshacl").name, engine("pyshacl").package
    ('pyshacl', 'pyshacl')
    """
    chosen = name or os.environ.get(ENGINE_VARIABLE) or TURBO.name
    if chosen not in ENGINES:
        known = " or ".join(ENGINES)
        raise SetupError(f"{ENGINE_VARIABLE}={chosen}: no such SHACL engine (expected {known})")
    if chosen == TURBO.name and not _turbo_imports():
        return PYSHACL
    return ENGINES[chosen]


def _default_engine() -> Engine:
    return engine()  # a function of its own: the parameters called ``engine`` hide this module's


@lru_cache(maxsize=1)
def _turbo_imports() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError as error:  # no wheel for this platform, or its native library does not load
        print(f"kg: pyshacl-turbo cannot be imported ({error}); validating with pySHACL, slower", file=sys.stderr)
        return False
    return True


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


def setup_problem(file: Path) -> None:
    """Raise :class:`SetupError` if ``file`` (the ontology or the shapes) is missing or no file."""
    if not file.exists():
        raise SetupError(f"{file}: not found (expected the project's {file.name})")
    unfit = input_problem(file, str(file), limit=sys.maxsize)
    if unfit is not None:  # a pipe would block the parser forever, a device never ends
        raise SetupError(f"{file}: {unfit.message}")


def _parse(file: Path) -> Graph:
    setup_problem(file)
    try:
        return Graph().parse(file, format="turtle")
    except FileNotFoundError:
        raise SetupError(f"{file}: not found (expected the project's {file.name})") from None
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        raise SetupError(f"{file}: not valid Turtle: {error}") from None


def ontology_lines(file: Path) -> list[str]:
    """The triples of the Turtle ``file`` as N-Triples lines, read by Oxigraph (a tenth of
    rdflib's time: a build whose shapes are cached never needs rdflib to read the ontology)."""
    import pyoxigraph

    setup_problem(file)
    try:
        triples = pyoxigraph.parse(path=str(file), format=pyoxigraph.RdfFormat.TURTLE)
        written = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    except SyntaxError as error:
        raise SetupError(f"{file}: not valid Turtle: {error}") from None
    return written.decode("utf-8").split("\n")[:-1]


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


def validate(data: Graph, shapes: Graph, *, engine: Engine | None = None) -> list[Violation]:
    """Every SHACL result of ``data`` against ``shapes``, sorted; empty when it conforms."""
    return Validator(shapes, engine=engine).validate(data)


class Validator:
    """``shapes`` made ready once for an ``engine`` (default: :func:`engine`), to validate many
    data graphs with. The shapes are compiled on first use, in the process that validates."""

    def __init__(self, shapes: Graph | Path, *, engine: Engine | None = None) -> None:
        self._shapes = shapes  # a file is parsed on first use: a build with nothing to validate never does
        self.engine = engine or _default_engine()
        self._compiled: Any = None

    @property
    def shapes(self) -> Graph:
        if isinstance(self._shapes, Path):
            self._shapes = _parse(self._shapes)
        return self._shapes

    def validate(self, data: Iterable[Triple]) -> list[Violation]:
        """Every SHACL result of the graph of ``data`` (a graph, or its triples), sorted."""
        turbo = self.engine.name == TURBO.name
        given = _store(data) if turbo else data
        try:
            report = self._turbo(given) if turbo else self._pyshacl(given)
        except Exception as error:  # both engines report broken shapes with their own exception types
            raise SetupError(f"shapes could not be applied: {error}") from None
        return report_violations(report)

    def validate_ntriples(self, data: bytes) -> list[Violation]:
        """Every SHACL result of the graph written as N-Triples ``data``: the build's path, which
        hands turbo the lines as they are, with no rdflib terms made in between."""
        if self.engine.name != TURBO.name:
            graph = Graph()
            graph.parse(data=data.decode("utf-8"), format="nt")
            return self.validate(graph)
        import pyoxigraph

        store = pyoxigraph.Store()
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        try:
            report = self._turbo(store)
        except Exception as error:  # see validate
            raise SetupError(f"shapes could not be applied: {error}") from None
        return report_violations(report)

    def _pyshacl(self, data: Iterable[Triple]) -> Graph:
        import pyshacl  # here: a build whose results are all cached never needs it (0.1 s to import)

        if not isinstance(data, Graph):
            triples, data = data, Graph()
            data.addN((s, p, o, data) for s, p, o in triples)
        view = _PreparedQueries(store=data.store, identifier=data.identifier)  # shares the triples, no copy
        # inplace: the shapes have no rules and no inference is asked for, so nothing is written
        # to the data; without it pySHACL copies the whole graph first
        _, report, _ = pyshacl.validate(view, shacl_graph=self.shapes, inference="none", advanced=True, inplace=True)
        assert isinstance(report, Graph)
        return report

    def _turbo(self, data: Any) -> Graph:
        import pyshacl_turbo

        if self._compiled is None:
            self._compiled = pyshacl_turbo.compile_shapes(self.shapes, advanced=True)  # type: ignore[no-untyped-call]
        _, report, _ = self._compiled.validate(data)
        assert isinstance(report, Graph)
        return report


def _store(data: Iterable[Triple]) -> Any:
    """``data`` as pyshacl-turbo is best given it: N-Triples in an Oxigraph store, twice as fast
    as an rdflib graph, whose building and conversion term by term took most of the time."""
    import pyoxigraph

    store = pyoxigraph.Store()
    try:
        store.bulk_load("\n".join(triple_lines(data)).encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    except Exception as error:  # a term rdflib took that is not RDF (an IRI with a space): kg's mapping makes none
        raise SetupError(f"pyshacl-turbo cannot read the graph: {error} (KG_SHACL_ENGINE=pyshacl reads it)") from None
    return store


def report_violations(report: Graph) -> list[Violation]:
    """Every result of a SHACL validation report (any engine's, Jena's too), sorted."""
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
