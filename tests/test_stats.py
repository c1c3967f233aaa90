"""``kg stats``: counts per article and overall, label and Wikidata coverage, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ONTOLOGY, ROOT

from kg.build import CheckedGraph
from kg.cli import main
from kg.mapping import graph_iri
from kg.stats import stats
from kg.vocab import DEFAULT_BASE

LINT_FIXTURE = ROOT / "tests" / "fixtures" / "lint" / "seeds"


def test_the_counts_of_the_seeds_are_those_of_the_checked_graph(seeds_result: CheckedGraph) -> None:
    result = stats(ROOT / "seeds", ontology=ONTOLOGY)
    assert result.total.triples == seeds_result.triples
    for row, article in zip(result.articles, seeds_result.corpus.articles, strict=True):
        note = article.annotation
        named_graph = seeds_result.dataset.graph(graph_iri(DEFAULT_BASE, note.article.id))
        assert (row.article, row.triples) == (note.article.id, len(named_graph))
        assert (row.claims, row.agreements, row.events) == (len(note.claims), len(note.agreements), len(note.events))
    assert result.registry_triples == len(seeds_result.dataset.graph(graph_iri(DEFAULT_BASE, "registry")))


def test_the_crafted_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    result = stats(LINT_FIXTURE)
    [row] = result.articles
    assert (row.actors, row.meetings, row.events, row.agreements, row.claims) == (5, 4, 4, 1, 4)
    actors, places, topics, local = result.coverage
    assert (actors.entries, actors.labels, actors.wikidata) == (5, {"en": 5, "uk": 4, "bg": 1}, 3)
    assert (places.entries, places.labels, places.wikidata) == (1, {"en": 1, "uk": 0, "bg": 0}, 1)
    assert (topics.entries, topics.wikidata) == (2, None)
    assert (local.what, local.entries, local.labels["uk"]) == ("in articles", 6, 5)  # 'sources' has no uk label


def test_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--seeds", str(LINT_FIXTURE), "--ontology", str(ONTOLOGY)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "article", "lang", "date", "actors", "meetings", "events", "agreements", "claims", "triples"
    ]  # fmt: skip
    assert lines[1].split()[:8] == ["lint-2026-03-01", "uk", "2026-03-01", "5", "4", "4", "1", "4"]
    assert lines[2].split()[0] == "registry" and lines[3].startswith("all 1 articles")
    assert "labelled" in lines[6] and lines[7].split() == [
        "actors",
        "5",
        "5",
        "(100%)",
        "4",
        "(80%)",
        "1",
        "(20%)",
        "3",
        "(60%)",
    ]
    assert lines[9].split() == ["topics", "2", "2", "(100%)", "2", "(100%)", "0", "(0%)", "—"]
    # columns line up: every number ends where its heading does
    assert len({len(line) for line in lines[:4]}) == 1


def test_json_gives_the_same_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--seeds", str(ROOT / "seeds"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["article"] for a in data["articles"]] == sorted(a["article"] for a in data["articles"])
    assert data["total"]["claims"] == sum(a["claims"] for a in data["articles"]) == 53
    assert data["coverage"][0] == {
        "what": "actors", "entries": 37, "labels": {"en": 37, "uk": 35, "bg": 12}, "wikidata": 15
    }  # fmt: skip


def test_stats_of_invalid_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    assert main(["stats", "--seeds", str(tmp_path)]) == 1
    assert f"{tmp_path}/a.txt:1:1: article has no annotation" in capsys.readouterr().err


def test_the_build_and_stats_count_each_article_alike(tmp_path: Path) -> None:
    """One count (model.Annotation.counts) behind kg build's summary and kg stats' table."""
    from kg.build import build

    summaries = build(ROOT / "seeds", tmp_path / "dist", ontology=ONTOLOGY, base=DEFAULT_BASE).summaries
    built = {s.row[0]: s.row[2:] for s in summaries}
    counted = stats(ROOT / "seeds")
    assert built == {
        c.article: tuple(str(n) for n in (c.actors, c.meetings, c.events, c.agreements, c.claims))
        for c in counted.articles
    }
    assert all(int(row[0]) > 0 for row in built.values())


def test_an_unnamed_actor_is_counted_apart_from_a_registry_actor_of_the_same_id() -> None:
    from kg.model import Annotation, ArticleMeta, Mention, Unnamed

    note = Annotation.model_construct(  # only the fields counted
        article=ArticleMeta.model_construct(id="a-2026-01-01"),
        actors=[Mention.model_construct(actor="official")],
        unnamed=[Unnamed.model_construct(id="official")],
        events=[], agreements=[], claims=[],
    )
    assert note.actor_ids() == {"official", "a-2026-01-01/official"}
    assert note.counts()[0] == 2
