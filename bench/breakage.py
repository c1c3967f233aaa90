"""Break articles' graphs on purpose, reproducibly, to compare SHACL engines on failing input.

A generated corpus (bench/generate.py) and the seeds conform; the loader and the model stop
most broken YAML before SHACL sees it, so the breakage is done to the mapped graphs: triples
dropped, values of another type or out of range, second values, nodes retyped or removed,
links to the wrong node. Every change stays within the article's own nodes (kg.fragments refuses
a graph that reaches another article) and every literal it writes is well-formed: rdflib reads
an ill-typed one ("x"^^xsd:integer) as numeric and pySHACL then answers differently from SPARQL
1.1, which kg never writes (its mapping types literals from Python values).

    from breakage import break_articles
    changes = break_articles(graphs, registry, share=0.5, seed=1)  # {article id: [what was done]}
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Mapping
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

SCHEMA_POSITION = URIRef("https://schema.org/position")
SPARED = {URIRef("http://www.w3.org/2004/02/skos/core#hasTopConcept")}  # a target outside the article

Triple = tuple[Node, Node, Node]


def break_articles(
    articles: Mapping[str, Graph], registry: Graph, *, share: float, seed: int, most: int = 3
) -> dict[str, list[str]]:
    """Break ``share`` of ``articles`` in place, each with 1 to ``most`` changes; what was done to each."""
    chance = random.Random(seed)
    outside = sorted({s for s in registry.subjects() if isinstance(s, URIRef)})
    kinds = [registry, *articles.values()]
    classes = sorted({o for graph in kinds for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)})
    done: dict[str, list[str]] = {}
    for article_id in sorted(articles):
        if chance.random() >= share:
            continue
        graph = articles[article_id]
        for _ in range(chance.randint(1, most)):
            kind, change = chance.choice(CHANGES)
            said = change(graph, chance, outside, classes)
            if said:
                done.setdefault(article_id, []).append(f"{kind}: {said}")
    return done


def _pick(graph: Graph, chance: random.Random, keep: Callable[[Triple], bool] = lambda t: True) -> Triple | None:
    triples = sorted(t for t in graph if keep(t) and t[1] not in SPARED)
    return chance.choice(triples) if triples else None


def _drop(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    triple = _pick(graph, chance)
    if triple is None:
        return ""
    graph.remove(triple)
    return f"removed {triple[1]} of {triple[0]}"


def _other_type(value: Literal, chance: random.Random) -> Literal:
    """The same value as another type, well-formed."""
    python = value.toPython()
    if isinstance(python, bool):
        return Literal(str(python).lower())  # "true", a string
    if isinstance(python, int):
        half = Literal(Decimal(python) + Decimal("0.5"))
        return chance.choice([Literal(str(python)), half, Literal(str(python), lang="en")])
    if isinstance(python, datetime.date):
        return Literal(python.isoformat())
    if value.language:
        return chance.choice([Literal(str(value)), Literal(str(value), lang="fr"), Literal(len(value))])
    return chance.choice([Literal(len(value)), Literal(str(value), lang="uk"), URIRef(f"urn:kg-breakage:{len(value)}")])


def _retype_value(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    triple = _pick(graph, chance, lambda t: isinstance(t[2], Literal))
    if triple is None:
        return ""
    s, p, o = triple
    assert isinstance(o, Literal)
    new = _other_type(o, chance)
    graph.remove(triple)
    graph.add((s, p, new))
    return f"{p} of {s}: {o.n3()} -> {new.n3()}"


def _string_position(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    """The case where rdflib's SPARQL once disagreed with SPARQL 1.1 (ontology/shapes.ttl)."""
    triple = _pick(graph, chance, lambda t: t[1] == SCHEMA_POSITION)
    if triple is None:
        return ""
    s, p, o = triple
    graph.set((s, p, Literal(str(o), datatype=XSD.string)))
    return f"position of {s}: {o} as xsd:string"


def _shift_number(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    def numeric(t: Triple) -> bool:
        return isinstance(t[2], Literal) and isinstance(t[2].toPython(), int) and t[2].datatype == XSD.integer

    triple = _pick(graph, chance, numeric)
    if triple is None:
        return ""
    s, p, o = triple
    assert isinstance(o, Literal)
    new = Literal(int(o) + chance.choice([-1000, -5, -1, 1, 3, 10000]))
    graph.set((s, p, new))
    return f"{p} of {s}: {o} -> {new}"


def _second_value(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    triple = _pick(graph, chance)
    if triple is None:
        return ""
    s, p, o = triple
    if isinstance(o, Literal):
        new: Node = _another(o)
    elif outside:
        new = chance.choice(outside)
    else:  # breaking the registry itself: nothing outside it to link to
        return ""
    graph.add((s, p, new))
    return f"second {p} of {s}: {new.n3()}"


def _another(value: Literal) -> Literal:
    """Another well-formed value of the same type."""
    python = value.toPython()
    if isinstance(python, bool):
        return Literal(not python)
    if isinstance(python, int | Decimal):
        return Literal(python + 1, datatype=value.datatype)
    if isinstance(python, datetime.date):
        return Literal(python + datetime.timedelta(days=1), datatype=value.datatype)
    if value.language or value.datatype in (None, XSD.string):
        return Literal(f"{value} (2)", lang=value.language)
    return Literal(f"{value} (2)")


def _wrong_link(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    triple = _pick(graph, chance, lambda t: isinstance(t[2], URIRef) and t[1] != RDF.type)
    if triple is None:
        return ""
    s, p, o = triple
    own = sorted({n for n in graph.subjects() if isinstance(n, URIRef)})
    new: Node = chance.choice([*own, *outside, BNode(f"broken{chance.randrange(10**6)}"), Literal(str(o))])
    graph.remove(triple)
    graph.add((s, p, new))
    return f"{p} of {s}: -> {new.n3()}"


def _retype_node(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    triple = _pick(graph, chance, lambda t: t[1] == RDF.type)
    if triple is None or not classes:
        return ""
    s, p, o = triple
    new = chance.choice(classes)
    graph.remove(triple)
    graph.add((s, p, new))
    return f"{s} a {o} -> {new}"


def _remove_node(graph: Graph, chance: random.Random, outside: list[URIRef], classes: list[URIRef]) -> str:
    nodes = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})
    if not nodes:
        return ""
    node = chance.choice(nodes)
    graph.remove((node, None, None))
    return f"removed {node}"


CHANGES: list[tuple[str, Callable[[Graph, random.Random, list[URIRef], list[URIRef]], str]]] = [
    ("drop", _drop),
    ("retype value", _retype_value),
    ("string position", _string_position),
    ("shift number", _shift_number),
    ("second value", _second_value),
    ("wrong link", _wrong_link),
    ("retype node", _retype_node),
    ("remove node", _remove_node),
]
