"""Outputs are byte-identical run to run, and written all-or-nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from support import ONTOLOGY, ROOT

from kg.serialize import FORMATS, write_all
from kg.vocab import DEFAULT_BASE


def build(out: Path, hash_seed: str, *cache: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "kg", "build", "--quiet", "--out", str(out), "--ontology", str(ONTOLOGY), *cache],
        cwd=ROOT,
        env=env,
        check=True,
    )


def test_two_builds_under_different_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    build(tmp_path / "one", "1", "--no-cache")
    build(tmp_path / "two", "2", "--cache", str(tmp_path / "cache"))  # cold: fills the cache
    build(tmp_path / "three", "3", "--cache", str(tmp_path / "cache"))  # warm: served from it
    for name in FORMATS:
        first = (tmp_path / "one" / name).read_bytes()
        for other in ("two", "three"):
            assert first == (tmp_path / other / name).read_bytes(), f"{name} differs between builds one and {other}"
        assert len(first) > 100
    lines = (tmp_path / "one" / "kg.nt").read_text(encoding="utf-8").splitlines()
    quads = (tmp_path / "one" / "kg.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len({q.rsplit(" <", 1)[0] for q in quads})  # the union, each once
    assert quads == sorted(quads, key=lambda q: q.rsplit(" <", 1)[1]), "N-Quads in graph order…"
    for graph in {q.rsplit(" <", 1)[1] for q in quads}:
        mine = [q for q in quads if q.endswith(f" <{graph}")]
        assert mine == sorted(mine), "…and sorted within each graph"
    document = json.loads((tmp_path / "one" / "kg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["kg"] == "https://example.org/kg/ontology#"


def test_a_failed_write_replaces_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kg.ttl").write_text("previous")
    real_replace = os.replace
    calls: list[str] = []

    def failing_fsync(fd: int) -> None:
        calls.append("fsync")
        if len(calls) == 2:
            raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_all({"kg.ttl": b"new", "kg.nt": b"new"}, tmp_path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert (tmp_path / "kg.ttl").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"], "no temporary file is left behind"


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_all({"kg.ttl": b"x"}, tmp_path)
    finally:
        os.umask(old)
    assert (tmp_path / "kg.ttl").stat().st_mode & 0o777 == 0o644


def test_our_n_triples_lines_of_an_rdflib_graph_are_oxigraphs_canonical_bytes() -> None:
    """rdflib graphs are written as lines by kg.ntriples, the one N-Triples escaper: in the
    canonical spelling Oxigraph writes, and read back by rdflib as the same graph."""
    import pyoxigraph
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.ntriples import quad_lines, triple_lines

    dataset = Dataset()
    graph = dataset.graph(URIRef("https://example.org/kg/graph/a"))
    s, p = URIRef("https://example.org/kg/s"), URIRef("https://example.org/kg/p")
    for value in ['say "hi"\\n', "line\nbreak\r", "Київ", "", "tab\there"]:
        graph.add((s, p, Literal(value)))
        graph.add((s, p, Literal(value, lang="uk")))
    for value in [3, True, 2.5]:
        graph.add((s, p, Literal(value)))
    graph.add((s, p, Literal("2026-01", datatype=XSD.gYearMonth)))
    graph.add((s, p, URIRef("https://example.org/a?b=c&d")))
    for value in ["\x0b\x7f", "bell\x07"]:  # controls rdflib writes raw, canonical N-Triples as \\uXXXX
        graph.add((s, p, Literal(value)))

    def canonical(data: str, form: pyoxigraph.RdfFormat) -> list[str]:
        written = pyoxigraph.serialize(pyoxigraph.parse(data.encode("utf-8"), format=form), format=form) or b""
        return sorted(written.decode("utf-8").splitlines())

    lines = triple_lines(graph)
    assert sorted(lines) == canonical(graph.serialize(format="nt"), pyoxigraph.RdfFormat.N_TRIPLES)
    assert set(Graph().parse(data="\n".join(lines), format="nt")) == set(graph)
    quads = quad_lines(dataset)
    assert sorted(quads) == canonical(dataset.serialize(format="nquads"), pyoxigraph.RdfFormat.N_QUADS)


_NAMESPACES = [
    "https://example.org/kg/",
    "https://example.org/kg/ontology#",
    "http://unbound.org/ns/",
    "urn:x:",
    "https://example.org/kg/article/x/",  # bound below, inside the data's namespace
    "https://example.org/kg/article/",
]
_LOCALS = ["a", "b1", "article/x/claim/y", "s.", "p(1)", "q%20", "r%7A", "", "x/relay/0", "é"]


def _graph(triples: list[tuple[int, int, int, int, int, str]]) -> Graph:
    from rdflib import Literal, URIRef

    from kg.vocab import PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("data", _NAMESPACES[0])
    graph.bind("deep", _NAMESPACES[4])
    for sn, sl, pn, on, ol, text in triples:
        subject = URIRef(_NAMESPACES[sn] + _LOCALS[sl])
        predicate = URIRef(_NAMESPACES[pn] + "p" + str(sl))
        graph.add((subject, predicate, URIRef(_NAMESPACES[on] + _LOCALS[ol])))
        graph.add((subject, predicate, Literal(text, lang="uk" if ol % 2 else None)))
    return graph


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5), st.integers(0, 9), st.integers(0, 5), st.integers(0, 5), st.integers(0, 9), st.text()
        ),
        max_size=12,
    )
)
def test_our_turtle_json_ld_and_n_triples_mean_the_graph_in_rdflib_and_oxigraph(
    triples: list[tuple[int, int, int, int, int, str]],
) -> None:
    """Whatever the IRIs (odd local names, unbound namespaces, the data's own), each writer's
    file reads back as exactly the graph it was written from."""
    import pyoxigraph
    from rdflib.compare import isomorphic

    from kg.serialize import jsonld_bytes, ntriples, turtle

    graph = _graph(triples)
    files = {"turtle": turtle(graph, DEFAULT_BASE), "json-ld": jsonld_bytes(graph, DEFAULT_BASE), "nt": ntriples(graph)}
    formats = {"turtle": "TURTLE", "json-ld": "JSON_LD", "nt": "N_TRIPLES"}
    for fmt, data in files.items():
        assert isomorphic(Graph().parse(data=data.decode("utf-8"), format=fmt), graph), fmt
        read = Graph().parse(
            data=pyoxigraph.serialize(
                pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, formats[fmt])),
                format=pyoxigraph.RdfFormat.N_TRIPLES,
            ).decode("utf-8"),
            format="nt",
        )
        assert isomorphic(read, graph), fmt
