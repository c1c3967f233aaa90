"""pyshacl-turbo, kg's default SHACL engine, gives exactly pySHACL's results (the reference):
the same focus nodes, paths, messages and severities, as many times, on every graph a fixture
makes, on the seeds and on a generated corpus, intact and broken on purpose (bench/breakage.py),
whole and in parts (kg.fragments.validate_in_parts, as the build validates).

Differences found and explained are listed in EXPLAINED; none remain. The one found, rdflib's
SPARQL ordering ``"0"^^xsd:string`` after ``0`` (a type error in SPARQL 1.1), was the shapes'
fault and is fixed there (ontology/shapes.ttl, the isNumeric guards; tests/test_check.py).
Ill-typed literals (``"x"^^xsd:integer``) are not tried: rdflib takes them for numbers, kg
never writes them.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from support import ONTOLOGY, ROOT

from kg import shacl
from kg.build import CheckedGraph
from kg.corpus import read_corpus
from kg.errors import SetupError
from kg.fragments import validate_in_parts
from kg.mapping import graph_iri
from kg.ntriples import triple_lines
from kg.serialize import to_dataset
from kg.shacl import PYSHACL, TURBO, Validator, Violation, engine, load_ontology, report_violations, validate
from kg.vocab import DEFAULT_BASE, SCHEMA

sys.path.insert(0, str(ROOT / "bench"))
from breakage import break_articles  # noqa: E402
from generate import generate  # noqa: E402

BASE = DEFAULT_BASE
# (focus, message) of results one engine gives and the other does not, each with its reason.
EXPLAINED: dict[tuple[str, str], str] = {}

Graphs = dict[str, Graph]  # "ontology", "registry" and each article id -> its graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(ONTOLOGY)[0]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_ontology(ONTOLOGY)[1]


def assert_same(reference: list[Violation], compiled: list[Violation]) -> None:
    """Fail with what only one engine found, unless EXPLAINED explains it."""
    only_reference = Counter(reference) - Counter(compiled)
    only_compiled = Counter(compiled) - Counter(reference)
    unexplained = [
        (side, v) for side, found in (("pySHACL", only_reference), ("turbo", only_compiled)) for v in found.elements()
    ]
    unexplained = [(side, v) for side, v in unexplained if (v.focus, v.message) not in EXPLAINED]
    if unexplained:
        lines = "\n".join(f"  only {side}: {v}" for side, v in unexplained)
        pytest.fail(f"the engines differ ({len(reference)} results from pySHACL):\n{lines}", pytrace=False)


def both_ways(graphs: Graphs, shapes: Graph, *, whole: bool = True) -> int:
    """Compare the engines in parts and, if ``whole``, on the whole graph; how many results."""
    ontology, registry = graphs["ontology"], graphs["registry"]
    articles = {k: v for k, v in graphs.items() if k not in ("ontology", "registry")}
    found = {}
    for chosen in (PYSHACL, TURBO):
        lines = {name: triple_lines(graph) for name, graph in articles.items()}
        validator = Validator(shapes, engine=chosen)
        found[chosen] = validate_in_parts(triple_lines(ontology), triple_lines(registry), lines, validator, base=BASE)
    assert_same(found[PYSHACL], found[TURBO])
    if whole:
        union = Graph()
        for graph in graphs.values():
            union.addN((s, p, o, union) for s, p, o in graph)
        assert_same(validate(union, shapes, engine=PYSHACL), validate(union, shapes, engine=TURBO))
    return len(found[PYSHACL])


def mapped(seeds: Path, ontology: Graph) -> Graphs:
    corpus = read_corpus(seeds)
    dataset = to_dataset(corpus, ontology, base=BASE)
    names = ["ontology", "registry", *(a.annotation.article.id for a in corpus.articles)]
    return {name: copied(dataset.graph(graph_iri(BASE, name))) for name in names}


def copied(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


@pytest.fixture
def seeds(seeds_result: CheckedGraph) -> Graphs:
    names = ["ontology", "registry", *(a.annotation.article.id for a in seeds_result.corpus.articles)]
    return {name: copied(seeds_result.dataset.graph(graph_iri(BASE, name))) for name in names}


# Every fixture that maps to a graph; the bad-input fixtures (tests/fixtures/bad) stop before SHACL.
@pytest.mark.parametrize("fixture", ["mini", "lint/seeds"])
def test_each_fixture_corpus(fixture: str, ontology: Graph, shapes: Graph) -> None:
    assert both_ways(mapped(ROOT / "tests" / "fixtures" / fixture, ontology), shapes) == 0


def test_the_golden_graphs(ontology: Graph, shapes: Graph) -> None:
    golden = sorted((ROOT / "tests" / "golden").glob("*.ttl"))
    graphs = {"ontology": ontology, **{file.stem: Graph().parse(file) for file in golden}}
    graphs["registry"] = graphs.pop("registry")
    assert len(graphs) == 7
    assert both_ways(graphs, shapes) == 0


@pytest.mark.parametrize("seed", range(6))
def test_the_seeds_broken(seed: int, seeds: Graphs, shapes: Graph) -> None:
    articles = {k: v for k, v in seeds.items() if k not in ("ontology", "registry")}
    assert break_articles(articles, seeds["registry"], share=1.0, seed=seed)
    break_articles({"registry": seeds["registry"]}, Graph(), share=1.0, seed=seed, most=5)
    assert both_ways(seeds, shapes) > 0


def test_a_generated_corpus_broken(tmp_path: Path, ontology: Graph, shapes: Graph) -> None:
    generate(tmp_path, 40, seed=7)
    graphs = mapped(tmp_path, ontology)
    articles = {k: v for k, v in graphs.items() if k not in ("ontology", "registry")}
    changed = break_articles(articles, graphs["registry"], share=0.75, seed=7)
    assert 20 < len(changed) < 40
    assert both_ways(graphs, shapes, whole=False) >= len(changed)


def test_jena_gives_the_same_results_on_a_string_position(
    seeds: Graphs, shapes: Graph, jena_jar: Path, tmp_path: Path
) -> None:
    """The case where pySHACL once stood alone (tests/test_check.py), checked by a third engine."""
    claim = f"{BASE}article/rbc-2026-01-06-paris-security-guarantees/claim/bloomberg-possible-us-troops"
    graph = seeds["rbc-2026-01-06-paris-security-guarantees"]
    graph.set((URIRef(f"{claim}/relay/0"), SCHEMA.position, Literal("0", datatype=XSD.string)))
    union = Graph()
    for part in seeds.values():
        union += part
    (data := tmp_path / "data.nt").write_text(union.serialize(format="nt"), encoding="utf-8")
    command = ["java", "-cp", str(jena_jar), "shacl.shacl", "validate", "--shapes", str(ONTOLOGY / "shapes.ttl")]
    done = subprocess.run([*command, "--data", str(data)], capture_output=True, text=True, check=True)
    jena = report_violations(Graph().parse(data=done.stdout, format="turtle"))
    expected = validate(union, shapes, engine=PYSHACL)
    assert len(expected) == 4
    assert jena == expected == validate(union, shapes, engine=TURBO)


def test_the_engine_is_chosen_by_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_SHACL_ENGINE", raising=False)
    assert engine() is TURBO
    monkeypatch.setenv("KG_SHACL_ENGINE", "pyshacl")
    assert engine() is PYSHACL
    monkeypatch.setenv("KG_SHACL_ENGINE", "jena")
    with pytest.raises(SetupError) as error:
        engine()
    assert str(error.value) == "KG_SHACL_ENGINE=jena: no such SHACL engine (expected turbo or pyshacl)"


def test_without_turbo_pyshacl_validates_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], shapes: Graph
) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # what a platform without its wheel sees
    shacl._turbo_imports.cache_clear()
    try:
        assert engine() is PYSHACL
        assert engine("turbo") is PYSHACL
        assert validate(Graph(), shapes) == []
    finally:
        shacl._turbo_imports.cache_clear()
    assert capsys.readouterr().err == (
        "kg: pyshacl-turbo cannot be imported (import of pyshacl_turbo halted; None in sys.modules);"
        " validating with pySHACL, slower\n"
    )


def test_a_term_turbo_cannot_read_is_one_setup_error_that_names_the_way_out(shapes: Graph) -> None:
    """rdflib takes an IRI with a space, N-Triples cannot hold it (kg's mapping never makes one)."""
    graph = Graph()
    graph.add((URIRef(f"{BASE}article/a"), URIRef("http://purl.org/dc/terms/references"), URIRef("http://x/a b")))
    with pytest.raises(SetupError) as error:
        validate(graph, shapes, engine=TURBO)
    assert str(error.value).startswith('pyshacl-turbo cannot read the graph: "http://x/a b" does not look like')
    assert str(error.value).endswith(" (KG_SHACL_ENGINE=pyshacl reads it)")
    assert validate(graph, shapes, engine=PYSHACL) == []  # it reads it (and nothing in it is a target)
