"""``kg stats``: how much each article contributes, and how well the entities are labelled and linked.

Counts come from the annotations and from the graph they map to (without SHACL: counting needs
no check, and pySHACL is slow to import), so they match what ``kg build`` writes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.corpus import Corpus, read_corpus
from kg.iri import DEFAULT_BASE
from kg.mapping import graph_iri
from kg.model import Article, Labels
from kg.serialize import to_dataset
from kg.tables import table

LANGUAGES = ("en", "uk", "bg")


@dataclass(frozen=True)
class ArticleCounts:
    article: str
    language: str
    date: str
    actors: int
    meetings: int
    events: int
    agreements: int
    claims: int
    triples: int


@dataclass(frozen=True)
class Coverage:
    """Of ``entries`` things, how many have a label in each language and a Wikidata id."""

    what: str
    entries: int
    labels: dict[str, int]
    wikidata: int | None  # None where the format has no Wikidata id (topics, local things)


@dataclass(frozen=True)
class Stats:
    articles: list[ArticleCounts]
    total: ArticleCounts
    registry_triples: int
    coverage: list[Coverage]


def stats(seeds: Path, *, ontology: Path | None = None) -> Stats:
    """Count the corpus in ``seeds``; the total triples include ``ontology/kg.ttl`` when given."""
    corpus = read_corpus(seeds)
    ontology_graph = Graph()
    if ontology is not None and (ontology / "kg.ttl").is_file():
        ontology_graph.parse(ontology / "kg.ttl", format="turtle")
    dataset = to_dataset(corpus, ontology_graph, base=DEFAULT_BASE)
    rows = [_counts(a, len(dataset.graph(graph_iri(DEFAULT_BASE, a.annotation.article.id)))) for a in corpus.articles]
    actors = {ref for a in corpus.articles for ref in a.annotation.actor_ids()}
    total = ArticleCounts(
        article=f"all {len(rows)} articles",
        language=",".join(sorted({r.language for r in rows})),
        date=f"{min((r.date for r in rows), default='')}…{max((r.date for r in rows), default='')}",
        actors=len(actors),
        meetings=sum(r.meetings for r in rows),
        events=sum(r.events for r in rows),
        agreements=sum(r.agreements for r in rows),
        claims=sum(r.claims for r in rows),
        triples=len({(s, p, o) for s, p, o, _ in dataset.quads()}),
    )
    registry_triples = len(dataset.graph(graph_iri(DEFAULT_BASE, "registry")))
    return Stats(rows, total, registry_triples, _coverage(corpus))


def _counts(article: Article, triples: int) -> ArticleCounts:
    note = article.annotation
    return ArticleCounts(note.article.id, note.article.language, note.article.date, *note.counts(), triples)


def _coverage(corpus: Corpus) -> list[Coverage]:
    def count(what: str, labels: list[Labels], wikidata: list[str | None] | None) -> Coverage:
        by_language = {lang: sum(getattr(label, lang) is not None for label in labels) for lang in LANGUAGES}
        linked = None if wikidata is None else sum(w is not None for w in wikidata)
        return Coverage(what, len(labels), by_language, linked)

    registry = corpus.registry
    local = [u.label for a in corpus.articles for u in a.annotation.unnamed]
    local += [e.label for a in corpus.articles for e in a.annotation.events]
    local += [g.label for a in corpus.articles for g in a.annotation.agreements]
    return [
        count("actors", [a.label for a in registry.actors], [a.wikidata for a in registry.actors]),
        count("places", [p.label for p in registry.places], [p.wikidata for p in registry.places]),
        count("topics", [t.label for t in registry.topics], None),
        count("in articles", local, None),
    ]


def as_json(result: Stats) -> str:
    """The statistics as a JSON document."""
    data: dict[str, Any] = asdict(result)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_table(result: Stats) -> str:
    """The statistics as two aligned text tables."""
    head = ("article", "lang", "date", "actors", "meetings", "events", "agreements", "claims", "triples")
    rows = [head] + [_row(r) for r in result.articles]
    rows += [("registry", "", "", "", "", "", "", "", str(result.registry_triples)), _row(result.total)]
    coverage_head = ("labelled", "entries", *(f"{lang} label" for lang in LANGUAGES), "wikidata")
    coverage = [coverage_head] + [
        (
            c.what,
            str(c.entries),
            *(_share(c.labels[lang], c.entries) for lang in LANGUAGES),
            "—" if c.wikidata is None else _share(c.wikidata, c.entries),
        )
        for c in result.coverage
    ]
    note = "triples: per article's named graph; the total counts the union, the ontology included"
    return f"{table(rows, left=3)}\n{note}\n\n{table(coverage, left=1)}\n"


def _row(counts: ArticleCounts) -> tuple[str, ...]:
    return tuple(str(v) for v in asdict(counts).values())


def _share(part: int, whole: int) -> str:
    """``part`` of ``whole`` and its percentage.

    >>> _share(3, 4), _share(0, 0)
    ('3 (75%)', '0')
    """
    return f"{part} ({round(100 * part / whole)}%)" if whole else str(part)


