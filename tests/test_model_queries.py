"""Every saved query has the one shape the README documents ("The shape of a saved query"), so
that kg query and grlc read them alike and a reader can write the next one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.query import SavedQuery, read_queries
from kg.vocab import DEFAULT_BASE, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
QUERIES = read_queries(ROOT / "queries")
STANDARD_PREFIXES = ["kg", "schema", "prov", "dcterms", "skos", "oa", "xsd"]
# the IRI parameters, and where under the base their short ids live
IRI_PARAMETERS = {"actor": "actor", "state": "actor", "topic": "topic", "article": "article"}
ONE_ROW = {"sanity-check"}  # answers with one row of counts, so has no order to keep
TAGS = {"actors", "agreements", "articles", "claims", "meetings", "outlets", "provenance", "quality", "time"}


@pytest.fixture(params=sorted(QUERIES))
def query(request: pytest.FixtureRequest) -> SavedQuery:
    return QUERIES[request.param]


def header(query: SavedQuery) -> list[str]:
    return [line for line in query.text.splitlines() if line.startswith("#+")]


def test_the_decorators_are_summary_tags_and_defaults_in_that_order(query: SavedQuery) -> None:
    keys = [line[3:].split(":")[0] for line in header(query) if not line.startswith("#+  ")]
    assert keys == (["summary", "tags", "defaults"] if query.parameters else ["summary", "tags"])
    assert query.text.startswith("#+ summary: ") and "\n" not in query.summary
    assert query.summary.endswith(("?", ".")) and len(query.summary) > 30
    tags = query.decorators["tags"]
    assert isinstance(tags, list) and tags and set(tags) <= TAGS, tags


def test_every_parameter_is_a_documented_one_with_a_default(query: SavedQuery) -> None:
    for parameter in query.parameters:
        if parameter.name == "lang":
            assert (parameter.kind, parameter.required) == ("literal", False)  # ?__lang
            assert parameter.default == "en"
        else:
            assert parameter.name in IRI_PARAMETERS, parameter.name  # ?_actor_iri, ?_topic_iri…
            assert (parameter.kind, parameter.required) == ("iri", True)
            assert parameter.default and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", parameter.default)
    defaults = query.decorators.get("defaults") or []
    assert all(isinstance(d, dict) and len(d) == 1 for d in defaults)
    assert [next(iter(d)) for d in defaults] == [p.name for p in query.parameters]


def test_the_prologue_is_the_standard_prefixes_and_a_base_for_an_iri_parameter(query: SavedQuery) -> None:
    prefixes = re.findall(r"^PREFIX (\w+): <([^>]*)>$", query.text, flags=re.MULTILINE)
    assert [p for p, _ in prefixes][: len(STANDARD_PREFIXES)] == STANDARD_PREFIXES
    assert all(str(PREFIXES[p]) == namespace for p, namespace in prefixes)
    bases = re.findall(r"^BASE <([^>]*)>$", query.text, flags=re.MULTILINE)
    iri = [p.name for p in query.parameters if p.kind == "iri"]
    assert bases == [f"{DEFAULT_BASE}{IRI_PARAMETERS[name]}/" for name in iri]


def test_the_query_is_a_select_in_a_stable_order_or_a_construct(query: SavedQuery) -> None:
    assert query.form in ("SELECT", "CONSTRUCT")  # grlc serves neither ASK nor DESCRIBE
    if query.form == "SELECT":
        assert bool(re.search(r"^ORDER BY ", query.text, flags=re.MULTILINE)) == (query.name not in ONE_ROW)
        names = prepareQuery(query.text).algebra["PV"]
        assert names and all(re.fullmatch(r"[a-z][A-Za-z0-9]*", str(v)) for v in names), names


def test_the_readme_lists_every_query_with_its_question() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", readme, flags=re.MULTILINE))
    for name, query in QUERIES.items():
        assert rows.get(name, "").startswith(query.summary), name
