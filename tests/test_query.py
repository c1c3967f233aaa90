"""Saved queries: each parses and states its question; parameters cannot change a query's
shape; each answer matches its golden file and means what it should; the answers are the same
in-process and over HTTP from a real Oxigraph server."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from conftest import Golden
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from servers import oxigraph_server
from support import ROOT

from kg.query import (
    Answer,
    QueryError,
    SavedQuery,
    bind,
    format_answer,
    load_store,
    read_queries,
    run_local,
    run_remote,
)
from kg.serialize import files_of as render_files
from kg.vocab import DEFAULT_BASE

QUERIES = read_queries(ROOT / "queries")
GOLDEN = Path(__file__).parent / "golden" / "queries"
LANGS = ("en", "uk", "bg")


@pytest.fixture(scope="session")
def nquads(seeds_result, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("built") / "kg.nq"
    path.write_bytes(render_files(seeds_result.dataset, base=DEFAULT_BASE)["kg.nq"])
    return path


@pytest.fixture(scope="session")
def dataset(nquads: Path) -> pyoxigraph.Store:
    return load_store(nquads)


def answer(name: str, dataset: pyoxigraph.Store, **params: str) -> Answer:
    return run_local(bind(QUERIES[name], params, base=DEFAULT_BASE), dataset)


def rows(name: str, dataset: pyoxigraph.Store, **params: str) -> list[dict[str, str]]:
    result = answer(name, dataset, **params)
    return [
        {v: "" if t is None else t.value for v, t in zip(result.variables, row, strict=True)} for row in result.rows
    ]


def test_there_are_enough_saved_questions() -> None:
    assert len(QUERIES) >= 15


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_parses_and_states_its_question(name: str) -> None:
    query = QUERIES[name]
    assert query.summary.endswith(("?", ".")) and len(query.summary) > 30
    assert query.decorators.get("tags"), "grlc tags group the queries"
    bind(query, {}, base=DEFAULT_BASE)  # parses with its defaults bound


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_answer_matches_its_golden_file(name: str, dataset: pyoxigraph.Store, golden: Golden) -> None:
    """Regenerate with --update-golden and review the diff."""
    query = QUERIES[name]
    suffix = {"CONSTRUCT": "ttl", "DESCRIBE": "ttl"}.get(query.form, "csv")
    text = format_answer(answer(name, dataset), "csv")
    if suffix == "ttl":
        golden.graph(GOLDEN / f"{name}.{suffix}", Graph().parse(data=text, format="turtle"))
    else:
        golden.text(GOLDEN / f"{name}.{suffix}", text)
    assert text.count("\n") > 1 or text.strip() in ("true", "false")


# --- what the answers mean ---------------------------------------------------------------


def test_the_us_was_represented_in_paris_by_trumps_envoys(dataset: pyoxigraph.Store) -> None:
    found = {(r["representative"], r["role"], r["place"]) for r in rows("representatives", dataset)}
    assert ("Steve Witkoff", "envoy", "Paris") in found
    assert ("Jared Kushner", "envoy", "Paris") in found
    found_uk = {r["representative"] for r in rows("representatives", dataset, lang="uk")}
    assert {"Стів Віткофф", "Джаред Кушнер"} <= found_uk


def test_meetings_list_the_paris_participants_in_their_roles(dataset: pyoxigraph.Store) -> None:
    paris = [r for r in rows("meetings", dataset) if r["place"] == "Paris" and r["date"] == "2026-01-06"]
    assert {(r["participant"], r["role"]) for r in paris} >= {
        ("Emmanuel Macron", "host"),
        ("Volodymyr Zelensky", "attendee"),
    }
    assert {r["precision"] for r in paris} == {"day"}


def test_labels_fall_back_to_english_when_the_language_has_none(dataset: pyoxigraph.Store) -> None:
    bulgarian = {r["participant"] for r in rows("meetings", dataset, lang="bg")}
    assert "Володимир Зеленски" in bulgarian, "a bg label where one exists"
    assert "Emmanuel Macron" in bulgarian, "en where there is no bg label"


def test_zelenskys_claims_span_articles_with_quotes(dataset: pyoxigraph.Store) -> None:
    claims = rows("claims-by-actor", dataset, actor="zelensky")
    assert {r["article"] for r in claims} == {
        "glavred-2025-11-20-us-generals-kyiv",
        "bgnes-2026-02-12-us-ukraine-security-talks",
        "rbc-2026-01-06-paris-security-guarantees",
    }
    assert any(r["quote"].startswith("САЩ и Украйна започнаха разговори") for r in claims)
    assert [r["published"] for r in claims] == sorted(r["published"] for r in claims)


def test_anonymous_claims_show_the_agency_that_relayed_them(dataset: pyoxigraph.Store) -> None:
    found = rows("anonymous-sources", dataset)
    assert {(r["relayedBy"], r["publishedBy"]) for r in found} == {
        ("Bloomberg", "RBC-Ukraine"),
        ("The Telegraph", "Interfax-Ukraine"),
    }
    # anonymity is who speaks, not how sure they are: the words decide ("заявили" certain, "планують" probable)
    assert {r["certainty"] for r in found} == {"certain", "probable"}


def test_relay_steps_are_ordered_from_source_to_outlet(dataset: pyoxigraph.Store) -> None:
    chain = [r for r in rows("relay-steps", dataset) if r["claim"].startswith("The US and Ukraine have begun talks")]
    assert [(r["step"], r["agent"]) for r in chain] == [
        ("0", "Volodymyr Zelensky"),
        ("1", "Agence France-Presse"),
        ("2", "BGNES"),
    ]


def test_each_relay_chain_is_one_row_from_source_to_outlet(dataset: pyoxigraph.Store, seeds_result) -> None:  # type: ignore[no-untyped-def]
    found = rows("relay-chains", dataset)
    assert len(found) == sum(len(a.annotation.claims) for a in seeds_result.corpus.articles)
    talks = next(r for r in found if r["claim"].startswith("The US and Ukraine have begun talks"))
    assert (talks["chain"], talks["steps"]) == ("Volodymyr Zelensky → Agence France-Presse → BGNES", "3")
    steps = rows("relay-steps", dataset)
    for row in found:
        agents = [s["agent"] for s in steps if s["claim"] == row["claim"] and s["article"] == row["article"]]
        assert row["chain"] == " → ".join(agents) and int(row["steps"]) == len(agents)
    uk = {r["chain"] for r in rows("relay-chains", dataset, lang="uk")}
    assert "Джерела агентства серед європейських чиновників → Bloomberg → РБК-Україна" not in uk  # labels, not quotes
    assert "джерела серед європейських чиновників → Bloomberg → РБК-Україна" in uk


def test_the_us_troops_question_changes_over_time(dataset: pyoxigraph.Store) -> None:
    found = rows("statements-over-time", dataset, topic="us-troops-in-ukraine")
    assert found[0]["published"] == "2025-04-26" and found[0]["polarity"] == "deny"
    assert found[-1]["published"] == "2026-01-06"
    assert {r["certainty"] for r in found if r["published"] == "2026-01-06"} >= {"possible", "uncertain"}


def test_the_timeline_is_in_date_order_with_precision(dataset: pyoxigraph.Store) -> None:
    found = rows("timeline", dataset)
    assert [(r["earliest"], r["latest"]) for r in found] == sorted((r["earliest"], r["latest"]) for r in found)
    assert (found[0]["date"], found[0]["precision"], found[0]["placedBy"]) == ("2021", "year", "event")
    assert (found[0]["earliest"], found[0]["latest"]) == ("2021-01-01", "2021-12-31")
    # a day and month with no year, and an undated event, stand at their article's date, marked
    (biden,) = [r for r in found if r["date"] == "--04-22"]
    assert (biden["precision"], biden["placedBy"], biden["earliest"]) == ("month-day", "article", "2026-02-12")
    undated = [r for r in found if not r["date"]]
    assert undated and {r["placedBy"] for r in undated} == {"article"}
    published = {r["article"]: r["published"] for r in rows("article-summary", dataset)}
    assert all(r["earliest"] == r["latest"] == published[r["article"]] for r in undated)
    assert len(found) == 14  # every event, dated or not


def test_date_conflicts_find_the_bgnes_article(dataset: pyoxigraph.Store) -> None:
    found = rows("date-conflicts", dataset)
    assert {r["article"] for r in found} == {"bgnes-2026-02-12-us-ukraine-security-talks"}
    assert {r["printedDate"] for r in found} == {"12 Февруари, 2026"}


def test_the_article_summary_counts_what_the_annotations_hold(dataset: pyoxigraph.Store, seeds_result) -> None:  # type: ignore[no-untyped-def]
    found = {r["article"]: r for r in rows("article-summary", dataset)}
    for article in seeds_result.corpus.articles:
        note = article.annotation
        row = found[note.article.id]
        assert int(row["claims"]) == len(note.claims)
        assert int(row["agreements"]) == len(note.agreements)
        assert int(row["actors"]) == len({m.actor for m in note.actors} | {u.id for u in note.unnamed})


def test_outlets_cite_their_agencies(dataset: pyoxigraph.Store) -> None:
    found = {(r["outlet"], r["agency"]) for r in rows("outlets-and-agencies", dataset)}
    assert ("RBC-Ukraine", "Bloomberg") in found and ("BGNES", "Agence France-Presse") in found


def test_recurring_actors_appear_in_several_articles(dataset: pyoxigraph.Store) -> None:
    found = {r["actor"]: int(r["articles"]) for r in rows("recurring-actors", dataset)}
    assert found["United States"] == 5
    assert all(count > 1 for count in found.values())


def test_recurring_actors_are_the_same_resources_in_every_language(dataset: pyoxigraph.Store) -> None:
    """Two article-local "US representatives" share an English label but are two actors."""
    answers = {
        lang: [(r["iri"], r["articles"]) for r in rows("recurring-actors", dataset, lang=lang)] for lang in LANGS
    }
    assert sorted(answers["uk"]) == sorted(answers["en"]) == sorted(answers["bg"])
    assert "US representatives" not in {r["actor"] for r in rows("recurring-actors", dataset)}


def test_roles_include_former_ones(dataset: pyoxigraph.Store) -> None:
    found = {(r["person"], r["title"], r["former"]) for r in rows("roles", dataset)}
    assert ("Alexus Grynkewich", "NATO Supreme Allied Commander Europe", "false") in found
    assert ("Oleksandr Kochetkov", "deputy head of the press service of the President of Ukraine", "true") in found


def test_denials_and_hedged_claims(dataset: pyoxigraph.Store) -> None:
    assert any(r["claimant"] == "The Telegraph" for r in rows("denials", dataset))
    assert {r["certainty"] for r in rows("hedged-claims", dataset)} == {"possible", "probable", "uncertain"}


def test_the_subgraph_is_exactly_the_articles_named_graph(dataset: pyoxigraph.Store, seeds_result) -> None:  # type: ignore[no-untyped-def]
    graph = answer("article-subgraph", dataset, article="glavkom-2026-02-05-us-russia-military-dialogue").graph
    assert graph is not None
    named = seeds_result.dataset.graph(URIRef(f"{DEFAULT_BASE}graph/glavkom-2026-02-05-us-russia-military-dialogue"))
    assert len(graph) == len(named) > 100


def test_the_sanity_check_holds(dataset: pyoxigraph.Store) -> None:
    assert rows("sanity-check", dataset) == [
        {"sound": "true", "claims": "53", "complete": "53", "articles": "5", "dated": "5"}
    ]


OA = "http://www.w3.org/ns/oa#"


@pytest.mark.parametrize(
    "broken",
    [
        ("a claim whose quote selector lost its text", f"{OA}exact", "/claim/"),
        ("a claim with no relay chain", "https://example.org/kg/ontology#publishedAs", "/claim/"),
        ("an article with no date", "http://purl.org/dc/terms/issued", "/article/"),
    ],
)
def test_the_sanity_check_fails_on_an_unsound_graph(nquads: Path, broken: tuple[str, str, str]) -> None:
    _, predicate, where = broken
    store = load_store(nquads)
    pattern = store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), None)
    quads = [q for q in pattern if where in q.subject.value]
    assert quads
    store.remove(quads[0])
    (found,) = rows("sanity-check", store)
    assert found["sound"] == "false"


# --- parameters cannot change a query's shape --------------------------------------------

ECHO = SavedQuery("echo", Path("echo.rq"), "SELECT ?x WHERE { BIND (?_value AS ?x) }", "Echo a value.")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_parameter_arrives_as_exactly_one_literal(value: str) -> None:
    result = run_local(bind(ECHO, {"value": value}, base=DEFAULT_BASE), pyoxigraph.Store())
    assert result.variables == ("x",)
    assert result.rows == ((pyoxigraph.Literal(value),),)


@pytest.mark.parametrize(
    "value",
    ['" } ; DROP ALL ; SELECT * { "', "a'b\"c", "}", "{", "\\", '\\" }', "\\u0022 }", '"""', "x\n}\n#"],
)
def test_injection_attempts_stay_inside_the_literal(value: str) -> None:
    result = run_local(bind(ECHO, {"value": value}, base=DEFAULT_BASE), pyoxigraph.Store())
    assert result.rows == ((pyoxigraph.Literal(value),),)


@pytest.mark.parametrize(
    "value",
    ["https://x.org/a> } DROP ALL { <b", "https://x.org/a b", 'https://x.org/"', "java script", "zelensky>"],
)
def test_iri_parameters_refuse_what_is_not_an_iri(value: str) -> None:
    with pytest.raises(QueryError, match="is not an IRI"):
        bind(QUERIES["claims-by-actor"], {"actor": value}, base=DEFAULT_BASE)


def test_unknown_and_missing_parameters_are_errors() -> None:
    with pytest.raises(QueryError, match=r"has no parameter 'actr' \(it takes: actor\)"):
        bind(QUERIES["claims-by-actor"], {"actr": "x"}, base=DEFAULT_BASE)
    needs = SavedQuery("needs", Path("needs.rq"), "SELECT * { ?s ?p ?_thing_iri }", "Needs a thing.")
    with pytest.raises(QueryError, match=r"needs --param thing=… \(iri\)"):
        bind(needs, {}, base=DEFAULT_BASE)


# --- the same answers over HTTP ------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph(nquads: Path):  # type: ignore[no-untyped-def]
    with oxigraph_server(nquads) as base:
        yield f"{base}/query"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_answers_are_identical_over_http(name: str, dataset: pyoxigraph.Store, oxigraph: str) -> None:
    text = bind(QUERIES[name], {}, base=DEFAULT_BASE)
    local, remote = run_local(text, dataset), run_remote(text, oxigraph)
    if local.graph is not None:
        from support import assert_same_graph

        assert remote.graph is not None
        assert_same_graph(remote.graph, local.graph)
        return
    assert remote.boolean == local.boolean
    assert remote.variables == local.variables
    assert sorted(map(repr, remote.rows)) == sorted(map(repr, local.rows))
