"""Saved SPARQL queries: read them with their grlc decorators, bind parameters safely, run them
in-process over the built graph or against any SPARQL 1.1 endpoint, and format the answer.

A parameter is a BASIL variable (``?_actor_iri``; ``?__name`` when optional) that is replaced in
the query text by a SPARQL term built here, never by the raw value: an IRI is checked against
the IRIREF grammar and a literal is escaped, so no value can change the query's shape.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph
import yaml

from kg.errors import InputError, QueryError, shown
from kg.iri import NAMESPACES, SHORT_IRI_PATHS
from kg.yaml_input import read_input

if TYPE_CHECKING:  # a graph answer (CONSTRUCT) alone needs rdflib; the rest never imports it
    from rdflib import Graph

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal

PARAMETER = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*)(?:_(iri|integer|date))?\b")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# [0-9], never \d: \d is any Unicode digit, and int() reads '٣' as 3
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # what every store takes as an xsd:integer (a 64-bit one)
# ids a parameter may name instead of a full IRI, and the path under the base they live at


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "iri", "integer", "date" or "literal"
    required: bool
    default: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file: its name, the question it answers, its decorators and its text."""

    name: str
    path: Path
    text: str
    summary: str
    decorators: dict[str, Any] = field(default_factory=dict)

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        body = re.sub(r"#[^\n]*", "", self.text)
        body = re.sub(r"(?is)^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s*)*", "", body)
        return body.split(None, 1)[0].upper()

    @property
    def parameters(self) -> list[Parameter]:
        defaults = _defaults(self.decorators)
        found: dict[str, Parameter] = {}
        for underscores, name, kind in PARAMETER.findall(self.text):
            found.setdefault(name, Parameter(name, kind or "literal", underscores == "_", defaults.get(name)))
        return list(found.values())


def _defaults(decorators: dict[str, Any]) -> dict[str, str]:
    items = decorators.get("defaults") or []
    merged: dict[str, str] = {}
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            merged |= {str(k): str(v) for k, v in item.items()}
    return merged


def read_query(path: Path) -> SavedQuery:
    """Parse one ``.rq`` file's grlc decorators (``#+ key: value`` lines, YAML)."""
    try:  # a pipe or a device named like a query is refused unread
        text = read_input(path, str(path)).decode("utf-8")
    except InputError as error:
        raise QueryError(str(error)) from None
    except UnicodeDecodeError:
        raise QueryError(f"{path}: not valid UTF-8 text") from None
    block = "\n".join(
        line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")
    )
    try:
        decorators = yaml.safe_load(block) or {} if block else {}
    except yaml.YAMLError as error:
        raise QueryError(f"{path}: its '#+' decorators are not valid YAML: {error}") from None
    if not isinstance(decorators, dict) or not decorators.get("summary"):
        raise QueryError(f"{path}: no '#+ summary:' line stating the question it answers")
    return SavedQuery(path.stem, path, text, str(decorators["summary"]).strip(), decorators)


def read_queries(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query in ``folder``, by name."""
    return {q.name: q for q in (read_query(p) for p in sorted(folder.glob("*.rq")))}


def named(saved: dict[str, SavedQuery], name: str) -> SavedQuery:
    """The saved query called ``name``, or a QueryError naming the nearest one.

    >>> named({"meetings": SavedQuery("meetings", Path("m.rq"), "", "?")}, "meeting")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: no saved query 'meeting' — did you mean 'meetings'?
    """
    if name in saved:
        return saved[name]
    close = difflib.get_close_matches(name, saved, n=1)
    hint = f" — did you mean '{close[0]}'?" if close else " — 'kg queries' lists them"
    raise QueryError(f"no saved query '{shown(name)}'{hint}")


def parameter_values(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` items (``--param``) as a dict; the last of a repeated key wins.

    >>> parameter_values(["actor=zelensky", "text=a=b"])
    {'actor': 'zelensky', 'text': 'a=b'}
    """
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise QueryError(f"--param '{shown(item)}' is not KEY=VALUE")
        values[key] = value
    return values


def bind(query: SavedQuery, values: dict[str, str], *, base: str) -> str:
    """The query text with every parameter replaced by a safely built SPARQL term.

    >>> q = SavedQuery("x", Path("x.rq"), 'SELECT * { ?s ?p ?_name }', "?")
    >>> bind(q, {"name": 'a" } DROP ALL #'}, base="https://example.org/kg/")
    'SELECT * { ?s ?p "a\\\\" } DROP ALL #" }'
    """
    parameters = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(parameters))
    if unknown:
        known = ", ".join(sorted(parameters)) or "none"
        raise QueryError(f"query '{query.name}' has no parameter '{unknown[0]}' (it takes: {known})")
    terms: dict[str, str] = {}
    for name, parameter in parameters.items():
        value = values.get(name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(f"query '{query.name}' needs --param {name}=… ({parameter.kind})")
            continue
        terms[name] = _parameter_term(parameter, value, base)

    def replace(match: re.Match[str]) -> str:
        return terms.get(match.group(2), match.group(0))

    bound = PARAMETER.sub(replace, query.text)
    try:  # parsed by Oxigraph over no data: nothing is evaluated until its answer is read
        _EMPTY.query(bound)
    except SyntaxError as error:
        raise QueryError(f"query '{query.name}' is not valid SPARQL once bound: {error}") from None
    return bound


_EMPTY = pyoxigraph.Store()


def _parameter_term(parameter: Parameter, value: str, base: str) -> str:
    """The SPARQL text of a parameter's value; what it cannot express safely is refused."""
    if parameter.kind == "iri":
        if ":" not in value and parameter.name in SHORT_IRI_PATHS:
            value = f"{base}{SHORT_IRI_PATHS[parameter.name]}/{value}"
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or _IRI_FORBIDDEN.search(value):
            expected = f"expected an absolute IRI or an id, for '{parameter.name}'"
            raise QueryError(f"'{shown(value)}' is not an IRI ({expected})")
        return f"<{value}>"
    if parameter.kind == "integer":
        if not _INTEGER.fullmatch(value):
            expected = f"expected at most 18 digits, for '{parameter.name}'"
            raise QueryError(f"'{shown(value)}' is not a whole number ({expected})")
        return str(int(value))
    if parameter.kind == "date":
        if not _DATE.fullmatch(value) or not _is_date(value):
            raise QueryError(f"'{shown(value)}' is not a date (expected YYYY-MM-DD, for '{parameter.name}')")
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#date>'
    return sparql_string(value)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def sparql_string(value: str) -> str:
    r"""A SPARQL string literal (STRING_LITERAL2) holding exactly ``value``.

    Backslashes are doubled first, so even an engine that decodes ``\u`` escapes before
    parsing (as the SPARQL grammar allows) finds every quote it decodes still escaped.

    >>> print(sparql_string('say "hi"\n'))
    "say \"hi\"\n"
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


# --- running ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A query's answer: a table (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE).

    A table or a boolean is kept as the SPARQL results JSON it came in (``results``), so that
    Oxigraph writes it out again in any results format; ``rows`` holds the same as terms.
    """

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()  # Oxigraph's terms; unbound is None
    boolean: bool | None = None
    graph: Graph | None = None
    results: bytes = b""


def _answer(results: bytes) -> Answer:
    """An answer from a SPARQL results JSON document (raises SyntaxError if it is not one)."""
    parsed = pyoxigraph.parse_query_results(results, format=pyoxigraph.QueryResultsFormat.JSON)
    if isinstance(parsed, pyoxigraph.QueryBoolean):
        return Answer(boolean=bool(parsed), results=results)
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple(tuple(solution[v] for v in variables) for solution in parsed)
    return Answer(variables, rows, results=results)


def load_store(data: Path) -> pyoxigraph.Store:
    """The built graph (N-Quads) in an in-memory Oxigraph store.

    Oxigraph, not rdflib, answers in-process: it evaluates the saved queries in milliseconds
    where rdflib's engine takes seconds, and it is the engine of the HTTP server we test against.
    """
    store = pyoxigraph.Store()
    try:
        store.load(path=data, format=pyoxigraph.RdfFormat.N_QUADS)
    except FileNotFoundError:
        raise QueryError(f"{data}: not found — run 'kg build' first, or pass --data") from None
    except (SyntaxError, ValueError) as error:
        raise QueryError(f"{data}: not valid N-Quads: {error}") from None
    return store


def run_local(query_text: str, store: pyoxigraph.Store) -> Answer:
    """Run a bound query in-process; the default graph is the union of every named graph."""
    try:
        result = store.query(query_text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"the query is not valid SPARQL: {error}") from None
    if isinstance(result, pyoxigraph.QueryTriples):
        return Answer(graph=_graph(pyoxigraph.serialize(result, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""))
    return _answer(result.serialize(format=pyoxigraph.QueryResultsFormat.JSON) or b"")


def _graph(ntriples: bytes) -> Graph:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=ntriples.decode("utf-8"), format="nt")
    return graph


def run_remote(query_text: str, endpoint: str, *, timeout: float = 60.0) -> Answer:
    """Run a bound query against a SPARQL 1.1 endpoint with SPARQLWrapper."""
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(query_text)
    client.setTimeout(int(timeout))
    client.setMethod("POST")
    form = client.queryType
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            client.setReturnFormat(TURTLE)
            data = client.query().convert()
            turtle = data if isinstance(data, bytes) else str(data).encode("utf-8")
            triples = pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)
            return Answer(graph=_graph(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""))
        client.setReturnFormat(JSON)
        document = client.query().response.read()
    except Exception as error:  # urllib and SPARQLWrapper raise many unrelated types
        raise QueryError(f"{endpoint}: the query failed: {str(error).splitlines()[0]}") from None
    try:  # the SPARQL results JSON, read by Oxigraph into the terms a local answer has
        return _answer(document)
    except SyntaxError as error:
        raise QueryError(f"{endpoint}: the answer is not SPARQL results JSON: {error}") from None


# --- formatting -----------------------------------------------------------------------------


# the SPARQL 1.1 results formats a table or a boolean can be written in, by Oxigraph
RESULTS_FORMATS = {
    "csv": pyoxigraph.QueryResultsFormat.CSV,
    "tsv": pyoxigraph.QueryResultsFormat.TSV,
    "json": pyoxigraph.QueryResultsFormat.JSON,
}


def format_answer(answer: Answer, form: str = "table") -> str:
    """The answer as text: a ``table``, or a SPARQL 1.1 results format (``csv``, ``tsv``,
    ``json``); a graph is Turtle whichever is asked."""
    if answer.graph is not None:
        for prefix, namespace in NAMESPACES.items():
            answer.graph.bind(prefix, namespace, replace=True)
        return answer.graph.serialize(format="turtle")
    if form in RESULTS_FORMATS and (form == "json" or answer.boolean is None):
        parsed = pyoxigraph.parse_query_results(answer.results, format=pyoxigraph.QueryResultsFormat.JSON)
        written = (parsed.serialize(format=RESULTS_FORMATS[form]) or b"").decode("utf-8")
        return written if written.endswith("\n") else written + "\n"
    if answer.boolean is not None:
        return f"{str(answer.boolean).lower()}\n"
    cells = [["" if term is None else term.value for term in row] for row in answer.rows]
    return _table(list(answer.variables), cells)


def _table(header: list[str], rows: list[list[str]], width: int = 60) -> str:
    from kg.tables import table

    def clip(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[clip(c) for c in row] for row in [header, *rows]]
    return table(cells, rule=True) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})\n"
