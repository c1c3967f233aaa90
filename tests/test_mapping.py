"""What the graph of the five seed articles says, checked by meaning, and golden per article."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Golden
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from support import ONTOLOGY, ROOT

from kg.anchor import normalise
from kg.build import CheckedGraph, checked_graph
from kg.mapping import graph_iri
from kg.serialize import union
from kg.vocab import DEFAULT_BASE, PREFIXES

GOLDEN = Path(__file__).parent / "golden"
BASE = DEFAULT_BASE
KG = str(PREFIXES["kg"])
PREAMBLE = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + f"\nPREFIX data: <{BASE}>\n"


def select(result: CheckedGraph, query: str) -> list[tuple[str, ...]]:
    graph = union(result.dataset)
    return sorted(tuple(str(v) for v in row) for row in graph.query(PREAMBLE + query))  # type: ignore[union-attr]


def test_the_paris_meeting_has_its_host_and_the_us_envoys(seeds_result: CheckedGraph) -> None:
    rows = select(
        seeds_result,
        f"""SELECT ?who ?role ?for ?date WHERE {{
             ?m a kg:Meeting ; kg:place <{BASE}place/paris> ; kg:date ?date ;
                kg:participation [ kg:actor/skos:prefLabel ?who ; kg:roleType/skos:notation ?role ;
                                   kg:onBehalfOf/skos:prefLabel ?for ] .
             FILTER (lang(?who) = "en" && lang(?for) = "en") }}""",
    )
    assert ("Steve Witkoff", "envoy", "United States", "2026-01-06") in rows
    assert ("Jared Kushner", "envoy", "United States", "2026-01-06") in rows
    assert ("Emmanuel Macron", "host", "France", "2026-01-06") in rows


def test_a_relay_chain_runs_from_the_anonymous_source_to_the_outlet(seeds_result: CheckedGraph) -> None:
    claim = f"<{BASE}article/rbc-2026-01-06-paris-security-guarantees/claim/officials-talks-went-positively>"
    rows = select(
        seeds_result,
        f"""SELECT ?position ?type ?agent WHERE {{
              {claim} kg:publishedAs ?last .
              ?last prov:wasDerivedFrom* ?step .
              ?step schema:position ?position ; prov:wasAttributedTo ?agent . ?agent a ?type
              FILTER NOT EXISTS {{ ?agent a ?narrower . ?narrower rdfs:subClassOf ?type }} }}""",
    )
    assert rows == [
        (
            "0",
            KG + "AnonymousSource",
            f"{BASE}article/rbc-2026-01-06-paris-security-guarantees/actor/european-officials",
        ),
        ("1", KG + "NewsAgency", f"{BASE}actor/bloomberg"),
        ("2", KG + "MediaOutlet", f"{BASE}actor/rbc-ukraine"),
    ]


def test_an_outlet_speaking_for_itself_is_a_single_step(seeds_result: CheckedGraph) -> None:
    rows = select(
        seeds_result,
        """SELECT ?claim (COUNT(?step) AS ?steps) WHERE {
             ?claim a kg:Claim ; prov:wasAttributedTo ?outlet ; kg:relay ?step ; kg:reportedIn ?a .
             ?a dcterms:publisher ?outlet } GROUP BY ?claim""",
    )
    assert rows and all(steps == "1" for _, steps in rows)


def test_dates_keep_their_printed_precision(seeds_result: CheckedGraph) -> None:
    graph = union(seeds_result.dataset)
    dates = {(str(s).rsplit("/", 1)[-1], o) for s, o in graph.subject_objects(URIRef(KG + "date"))}
    assert ("military-dialogue-suspended", Literal("2021", datatype=XSD.gYear)) in dates
    assert ("zelensky-biden-call", Literal("--04-22", datatype=XSD.gMonthDay)) in dates
    assert ("paris-coalition-meeting", Literal("2026-01-06", datatype=XSD.date)) in dates


def test_the_bgnes_article_flags_its_date_conflict(seeds_result: CheckedGraph) -> None:
    rows = select(
        seeds_result,
        """SELECT ?article ?printed ?event WHERE {
             ?a kg:dateConflict ?c ; dcterms:identifier ?article ; kg:printedDate ?printed .
             ?c kg:conflictingEvent/skos:prefLabel ?event FILTER (lang(?event) = "en") }""",
    )
    assert (
        "bgnes-2026-02-12-us-ukraine-security-talks",
        "12 Февруари, 2026",
        "Zelensky's phone call with US President Biden",
    ) in rows


def test_agreement_statuses_as_of_each_article(seeds_result: CheckedGraph) -> None:
    rows = select(
        seeds_result,
        """SELECT ?id ?status ?asOf WHERE {
             ?agreement a kg:Agreement ; kg:status/skos:notation ?status ; kg:statusAsOf ?asOf .
             BIND (REPLACE(STR(?agreement), "^.*/", "") AS ?id) }""",
    )
    assert ("us-troops-deployment", "not-agreed", "2025-04-26") in rows
    assert ("security-guarantees-agreement", "being-finalised", "2026-01-06") in rows
    assert ("ten-year-security-agreements", "signed", "2026-02-12") in rows


def test_every_quote_is_found_at_its_offsets_in_the_article(seeds_result: CheckedGraph) -> None:
    rows = select(
        seeds_result,
        """SELECT ?file ?exact ?prefix ?suffix ?start ?end WHERE {
             ?annotation oa:hasTarget ?target . ?target oa:hasSource/kg:sourceFile ?file ;
               oa:hasSelector [ oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix ] ,
                              [ oa:start ?start ; oa:end ?end ] }""",
    )
    assert len(rows) > 150
    texts = {file: normalise((ROOT / "seeds" / file).read_text(encoding="utf-8")) for file, *_ in rows}
    for file, exact, prefix, suffix, start, end in rows:
        text = texts[file]
        assert text[int(start) : int(end)] == exact, (file, exact)
        assert text[: int(start)].endswith(prefix) and text[int(end) :].startswith(suffix)


def test_no_blank_nodes_and_each_article_in_its_own_graph(seeds_result: CheckedGraph) -> None:
    dataset = seeds_result.dataset
    assert not any(isinstance(term, BNode) for quad in dataset.quads() for term in quad[:3])
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    ids = {a.annotation.article.id for a in seeds_result.corpus.articles}
    assert names == {str(graph_iri(BASE, n)) for n in ids | {"registry", "ontology"}}
    for article_id in ids:
        graph = dataset.graph(graph_iri(BASE, article_id))
        foreign = {s for s in graph.subjects() if f"/article/{article_id}" not in str(s)}
        assert not foreign, f"{article_id} graph describes {sorted(foreign)[:3]}"


def test_the_base_iri_is_configurable() -> None:
    other = "https://news.example.net/graph/"
    result = checked_graph(ROOT / "seeds", ontology=ONTOLOGY, base=other)
    subjects = {str(s) for s in union(result.dataset).subjects()}
    assert any(s.startswith(other + "article/") for s in subjects)
    assert not any(s.startswith(DEFAULT_BASE) and not s.startswith(KG[:-1]) for s in subjects)


@pytest.mark.parametrize("name", ["registry", *sorted(p.stem for p in GOLDEN.glob("*.ttl") if p.stem != "registry")])
def test_each_graph_matches_its_golden_file(name: str, seeds_result: CheckedGraph, golden: Golden) -> None:
    """Regenerate with --update-golden; review the diff of tests/golden/ like code."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in seeds_result.dataset.graph(graph_iri(BASE, name)):
        graph.add(triple)
    assert len(graph) > 100
    golden.graph(GOLDEN / f"{name}.ttl", graph)


def test_every_article_has_a_golden_file(seeds_result: CheckedGraph) -> None:
    ids = {a.annotation.article.id for a in seeds_result.corpus.articles}
    assert ids | {"registry"} == {p.stem for p in GOLDEN.glob("*.ttl")}
