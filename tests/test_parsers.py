"""The files ``kg build`` writes mean the same graph to three independent parsers: rdflib,
Oxigraph (pyoxigraph) and Apache Jena's riot.

Every Turtle, N-Triples and JSON-LD reading must equal rdflib's reading of ``kg.ttl``; every
TriG and N-Quads reading must equal rdflib's reading of ``kg.trig``, graph by graph. Other
parsers' readings are handed to rdflib as N-Triples or N-Quads and compared with
``rdflib.compare.isomorphic``; a difference is shown as the triples found on only one side.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import yaml
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

BASE = "https://example.org/kg/"  # kg build's default base IRI
PARSERS = ("rdflib", "oxigraph", "riot")
GRAPH_FILES = ("kg.ttl", "kg.nt")
DATASET_FILES = ("kg.trig", "kg.nq", "kg.jsonld")  # JSON-LD holds the named graphs too
REFERENCE_GRAPH, REFERENCE_QUADS = ("kg.ttl", "rdflib"), ("kg.trig", "rdflib")  # what others must equal
RDFLIB_FORMAT = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
OXIGRAPH_FORMAT = {
    ".ttl": "TURTLE",
    ".nt": "N_TRIPLES",
    ".jsonld": "JSON_LD",
    ".trig": "TRIG",
    ".nq": "N_QUADS",
}
SHOWN = 20  # triples shown from each side of a difference

# rdflib's own parsers call its deprecated Dataset API; that is not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset:DeprecationWarning")

NamedGraphs = dict[Node, Graph]  # graph name (DATASET_DEFAULT_GRAPH_ID for the default graph) -> its triples


# --- reading a file with each parser ------------------------------------------------------------


@functools.cache
def rdflib_graph(path: Path) -> Graph:
    return Graph().parse(path, format=RDFLIB_FORMAT[path.suffix])


@functools.cache
def rdflib_dataset(path: Path) -> NamedGraphs:
    dataset = Dataset()
    dataset.parse(path, format=RDFLIB_FORMAT[path.suffix])
    return named_graphs(dataset)


def named_graphs(dataset: Dataset) -> NamedGraphs:
    """The dataset's non-empty graphs, each copied into a plain Graph."""
    graphs: NamedGraphs = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        graphs.setdefault(DATASET_DEFAULT_GRAPH_ID if name is None else name, Graph()).add((s, p, o))
    return graphs


def oxigraph_format(path: Path) -> pyoxigraph.RdfFormat:
    name = OXIGRAPH_FORMAT[path.suffix]
    if not hasattr(pyoxigraph.RdfFormat, name):
        pytest.skip(f"pyoxigraph {pyoxigraph.__version__} cannot read {name} (0.5 can); riot still checks it")
    return getattr(pyoxigraph.RdfFormat, name)  # type: ignore[no-any-return]


@functools.cache
def oxigraph_graph(path: Path) -> Graph:
    quads = list(pyoxigraph.parse(path=path, format=oxigraph_format(path)))
    named = sorted({str(q.graph_name) for q in quads if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)})
    assert not named, f"Oxigraph read named graphs in {path.name}, a single-graph file: {named[:SHOWN]}"
    text = pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert text is not None
    return Graph().parse(data=text.decode("utf-8"), format="nt")


@functools.cache
def oxigraph_dataset(path: Path) -> NamedGraphs:
    quads = pyoxigraph.parse(path=path, format=oxigraph_format(path))
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    assert text is not None
    dataset = Dataset()
    dataset.parse(data=text.decode("utf-8"), format="nquads")
    return named_graphs(dataset)


@functools.cache
def riot(jar: Path, *args: str) -> tuple[int, str, str]:
    """``riot ARGS`` (Jena's command-line parser): exit code, standard output, and what it
    printed on standard error, less the JVM's notes about *_OPTIONS variables. The JIT and
    GC options halve the start-up time of these short runs."""
    jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8"]
    done = subprocess.run(
        ["java", *jvm, "-cp", str(jar), "riotcmd.riot", *args],
        capture_output=True,
        timeout=600,
        check=False,
    )
    err = "\n".join(
        line
        for line in done.stderr.decode("utf-8", "replace").splitlines()
        if not ("Picked up " in line and "_OPTIONS" in line)
    )
    return done.returncode, done.stdout.decode("utf-8"), err.strip()


def riot_output(jar: Path, path: Path, syntax: str) -> str:
    code, out, err = riot(jar, f"--output={syntax}", str(path))
    assert (code, err) == (0, ""), f"riot --output={syntax} {path.name} exited {code}:\n{err}"
    return out


def riot_graph(jar: Path, path: Path) -> Graph:
    return Graph().parse(data=riot_output(jar, path, "ntriples"), format="nt")


def riot_dataset(jar: Path, path: Path) -> NamedGraphs:
    dataset = Dataset()
    dataset.parse(data=riot_output(jar, path, "nquads"), format="nquads")
    return named_graphs(dataset)


def read_graph(path: Path, parser: str, request: pytest.FixtureRequest) -> Graph:
    if parser == "riot":
        return riot_graph(request.getfixturevalue("jena_jar"), path)
    return {"rdflib": rdflib_graph, "oxigraph": oxigraph_graph}[parser](path)


def read_dataset(path: Path, parser: str, request: pytest.FixtureRequest) -> NamedGraphs:
    if parser == "riot":
        return riot_dataset(request.getfixturevalue("jena_jar"), path)
    return {"rdflib": rdflib_dataset, "oxigraph": oxigraph_dataset}[parser](path)


# --- comparing, with the difference shown -------------------------------------------------------


def show(graph: Graph) -> str:
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    more = [f"  … and {len(lines) - SHOWN} more"] if len(lines) > SHOWN else []
    return "\n".join([f"  {line}" for line in lines[:SHOWN]] + more)


def difference(actual: Graph, expected: Graph, actual_name: str, expected_name: str) -> str | None:
    """None when the graphs are isomorphic, else the triples found on only one side."""
    if isomorphic(actual, expected):
        return None
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    return (
        f"{len(actual)} triples in {actual_name}, {len(expected)} in {expected_name}\n"
        f"only in {actual_name} ({len(only_actual)}):\n{show(only_actual)}\n"
        f"only in {expected_name} ({len(only_expected)}):\n{show(only_expected)}"
    )


def assert_same_graph(actual: Graph, expected: Graph, actual_name: str, expected_name: str) -> None:
    problem = difference(actual, expected, actual_name, expected_name)
    if problem:
        pytest.fail(f"graphs differ: {problem}", pytrace=False)


def assert_same_dataset(actual: NamedGraphs, expected: NamedGraphs, actual_name: str, expected_name: str) -> None:
    problems = []
    if only := sorted(str(name) for name in actual.keys() - expected.keys()):
        problems.append(f"graphs only in {actual_name}: {only}")
    if only := sorted(str(name) for name in expected.keys() - actual.keys()):
        problems.append(f"graphs only in {expected_name}: {only}")
    for name in sorted(actual.keys() & expected.keys(), key=str):
        problem = difference(actual[name], expected[name], actual_name, expected_name)
        if problem:
            problems.append(f"graph <{name}> differs: {problem}")
    if problems:
        pytest.fail("datasets differ:\n" + "\n".join(problems), pytrace=False)


# --- the tests ----------------------------------------------------------------------------------


def test_the_turtle_graph_is_not_empty(built: Path) -> None:
    assert len(rdflib_graph(built / "kg.ttl")) > 0, "kg.ttl holds no triples"


@pytest.mark.parametrize(
    ("name", "parser"),
    [(name, parser) for name in GRAPH_FILES for parser in PARSERS if (name, parser) != REFERENCE_GRAPH],
)
def test_each_parser_reads_the_same_graph_as_rdflib_reads_from_turtle(
    name: str, parser: str, built: Path, request: pytest.FixtureRequest
) -> None:
    actual = read_graph(built / name, parser, request)
    expected = rdflib_graph(built / "kg.ttl")
    assert_same_graph(actual, expected, f"{name} read by {parser}", "kg.ttl read by rdflib")


@pytest.mark.parametrize(
    ("name", "parser"),
    [(name, parser) for name in DATASET_FILES for parser in PARSERS if (name, parser) != REFERENCE_QUADS],
)
def test_each_parser_reads_the_same_quads_as_rdflib_reads_from_trig(
    name: str, parser: str, built: Path, request: pytest.FixtureRequest
) -> None:
    actual = read_dataset(built / name, parser, request)
    expected = rdflib_dataset(built / "kg.trig")
    assert_same_dataset(actual, expected, f"{name} read by {parser}", "kg.trig read by rdflib")


@pytest.mark.parametrize("name", [*GRAPH_FILES, *DATASET_FILES])
def test_riot_validates(name: str, built: Path, jena_jar: Path) -> None:
    code, _, err = riot(jena_jar, "--validate", str(built / name))
    assert (code, err) == (0, ""), f"riot --validate {name} exited {code}:\n{err}"


def test_the_trig_graphs_together_are_the_turtle_graph(built: Path) -> None:
    union = Graph()
    for graph in rdflib_dataset(built / "kg.trig").values():
        union += graph
    assert_same_graph(union, rdflib_graph(built / "kg.ttl"), "the union of kg.trig's graphs", "kg.ttl")


def test_trig_has_a_named_graph_per_article_plus_registry_and_ontology(built: Path, repo_root: Path) -> None:
    annotations = sorted((repo_root / "seeds").glob("*.yaml"))
    assert annotations, "no seeds/*.yaml"
    ids = [yaml.safe_load(path.read_text(encoding="utf-8"))["article"]["id"] for path in annotations]
    expected = {URIRef(f"{BASE}graph/{name}") for name in [*ids, "registry", "ontology"]}
    names = set(rdflib_dataset(built / "kg.trig"))
    wrong = f"unexpected: {sorted(map(str, names - expected))}\nmissing: {sorted(map(str, expected - names))}"
    assert len(names) == len(annotations) + 2, (
        f"{len(names)} non-empty graphs in kg.trig for {len(annotations)} articles (expected articles + 2)\n" + wrong
    )
    assert names == expected, wrong


def test_ntriples_is_the_union_in_graph_order_one_distinct_triple_a_line(built: Path) -> None:
    """kg.nq is in graph order and sorted within each graph (so one article's edit is one hunk of
    a diff); kg.nt is the union of its triples in the same order, each written once."""
    text = (built / "kg.nt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines and text.endswith("\n"), "kg.nt is empty or lacks a final newline"
    quads = (built / "kg.nq").read_text(encoding="utf-8").splitlines()
    graphs = [quad.rsplit(" <", 1)[1] for quad in quads]
    assert graphs == sorted(graphs), "kg.nq is not in graph order"
    disorder = [(a, b) for a, b, g, h in zip(quads, quads[1:], graphs, graphs[1:], strict=False) if g == h and a > b]
    assert not disorder, f"kg.nq is not sorted in a graph; first out of order:\n  {disorder[0][0]}\n  {disorder[0][1]}"
    union = list(dict.fromkeys(quad.rsplit(" <", 1)[0] + " ." for quad in quads))
    assert lines == union, "kg.nt is not kg.nq's triples in order, each once"
    assert len(lines) == len(rdflib_graph(built / "kg.ttl")), (
        f"kg.nt has {len(lines)} lines for the {len(rdflib_graph(built / 'kg.ttl'))} triples of kg.ttl"
    )
