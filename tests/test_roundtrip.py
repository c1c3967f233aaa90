"""Any string survives every file kg writes, read back by every independent parser we ship or
fetch: rdflib, Oxigraph (pyoxigraph) and Apache Jena's riot.

Strings are generated from all of Unicode's line and paragraph separators, the controls, quotes,
backslashes and triple quotes in every position, and from arbitrary text; each is written as a
language-tagged and as a plain literal, in the build's five formats and in the site's
per-resource Turtle, N-Triples and JSON-LD.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef

from kg.serialize import FORMATS, files_of, jsonld_bytes, ntriples, turtle
from kg.vocab import DEFAULT_BASE, OA, SKOS

TRICKY = [
    "\n", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x00", "\x08", "\x7f", "\x85",
    "\u2028", "\u2029", '"', "'", '"""', "'''", "\\", '\\"', "\\\\", "\\n", "\\u0041", "@en", "^^", "<", ">", "#",
    " ", "é", "🙂", "\ufeff", "\ufffe", "\u202e", "a", ".", ";", ",", "{", "}", "[", "]", "_:b",
]
STRINGS = st.lists(st.sampled_from(TRICKY), min_size=1, max_size=8).map("".join) | st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40
)
GRAPH = URIRef(f"{DEFAULT_BASE}graph/roundtrip")
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}


def subject(i: int) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}article/a/claim/c{i}")


def dataset_of(texts: list[str]) -> Dataset:
    dataset = Dataset()
    graph = dataset.graph(GRAPH)
    for i, text in enumerate(texts):
        graph.add((subject(i), SKOS.prefLabel, Literal(text, lang="en")))
        graph.add((subject(i), OA.prefix, Literal(text)))
    return dataset


def written(texts: list[str]) -> dict[str, bytes]:
    """Every file that holds the strings: the build's formats and the site's per-resource ones."""
    files = files_of(dataset_of(texts), base=DEFAULT_BASE)
    del files["context.jsonld"]
    graph = Graph()
    for triple in dataset_of(texts).graph(GRAPH):
        graph.add(triple)
    files["resource.ttl"] = turtle(graph, DEFAULT_BASE)
    files["resource.nt"] = ntriples(graph)
    files["resource.jsonld"] = jsonld_bytes(graph, DEFAULT_BASE)
    return files


def values(quads: list[tuple[str, str, str, str | None]], count: int) -> list[tuple[str, str | None, str | None]]:
    """(subject's number, predicate) -> the literal read, for the strings written."""
    found: dict[tuple[int, str], tuple[str, str | None]] = {}
    for s, p, value, lang in quads:
        found[(int(s.rsplit("c", 1)[1]), p)] = (value, lang)
    return [
        (found.get((i, str(SKOS.prefLabel)), ("<missing>", None))[0], found.get((i, str(OA.prefix)), ("", None))[0],
         found.get((i, str(SKOS.prefLabel)), ("", None))[1])
        for i in range(count)
    ]


def read_with_oxigraph(name: str, data: bytes) -> list[tuple[str, str, str, str | None]]:
    fmt = OX_FORMATS[name.rsplit(".", 1)[1]]
    return [(q.subject.value, q.predicate.value, q.object.value, q.object.language) for q in ox.parse(data, format=fmt)]


def read_with_rdflib(name: str, data: bytes) -> list[tuple[str, str, str, str | None]]:
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[name.rsplit(".", 1)[1]])
    return [(str(s), str(p), str(o), getattr(o, "language", None)) for s, p, o, _ in dataset.quads()]


def expected(texts: list[str]) -> list[tuple[str, str | None, str | None]]:
    return [(text, text, "en") for text in texts]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=STRINGS)
def test_any_string_survives_every_file_in_rdflib_and_oxigraph(text: str) -> None:
    for name, data in written([text]).items():
        for reader in (read_with_oxigraph, read_with_rdflib):
            assert values(reader(name, data), 1) == expected([text]), (name, reader.__name__)
    assert json.loads(written([text])["kg.jsonld"])


def test_every_output_format_is_listed() -> None:
    assert set(written(["x"])) == {*(f for f in FORMATS if f != "context.jsonld"), "resource.ttl", "resource.nt",
                                   "resource.jsonld"}


@pytest.mark.skipif(not os.environ.get("KG_JENA_JAR"), reason="KG_JENA_JAR is not set (make test sets it)")
def test_any_string_survives_every_file_in_jena_riot(tmp_path: Path) -> None:
    chance = random.Random(20261201)
    texts = ["We agreed\non nothing \\\"", *TRICKY]
    texts += ["".join(chance.choice(TRICKY) for _ in range(chance.randint(1, 8))) for _ in range(400)]
    texts += ["".join(chr(chance.choice([chance.randint(1, 0xD7FF), chance.randint(0xE000, 0x10FFFF)]))
                      for _ in range(12)) for _ in range(100)]
    for name, data in written(texts).items():
        path = tmp_path / name
        path.write_bytes(data)
        syntax = {"jsonld": "jsonld", "nt": "ntriples", "nq": "nquads", "ttl": "turtle", "trig": "trig"}
        done = subprocess.run(
            ["java", "-cp", os.environ["KG_JENA_JAR"], "riotcmd.riot", "--syntax", syntax[name.rsplit(".", 1)[1]],
             "--output", "nquads", str(path)],
            capture_output=True, timeout=300, check=False,
        )
        assert done.returncode == 0 and not done.stderr, (name, done.stderr.decode("utf-8", "replace")[:500])
        assert values(read_with_oxigraph("x.nq", done.stdout), len(texts)) == expected(texts), name
