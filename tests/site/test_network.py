"""The network pictures (issue 16, part 3): one picture per meeting, event or agreement, in which
no two boxes overlap, no two lines cross and every actor is drawn once, however many actors and
however long their names; pages by month, actor and article that hold every picture they should,
and only those, as plain HTML and SVG."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.site import pictures
from kg.vocab import KG, RDF, SCHEMA

NS = {"svg": pictures.SVG}
Box = tuple[float, float, float, float]


def boxes(svg: ET.Element) -> list[Box]:
    return [
        (float(r.get("x", 0)), float(r.get("y", 0)), float(r.get("width", 0)), float(r.get("height", 0)))
        for r in svg.iter(f"{{{pictures.SVG}}}rect")
    ]


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def crosses(p: tuple[float, float, float, float], q: tuple[float, float, float, float]) -> bool:
    """Whether two segments cross at a point inside both (touching at an end does not count)."""

    def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

    d1, d2 = side(*q[:2], *q[2:], *p[:2]), side(*q[:2], *q[2:], *p[2:])
    d3, d4 = side(*p[:2], *p[2:], *q[:2]), side(*p[:2], *p[2:], *q[2:])
    return d1 * d2 < 0 and d3 * d4 < 0


def link(actor: str, n: int, kind: str = "meeting", thing: str = "A meeting") -> pictures.Link:
    return pictures.Link(thing, "article/a/event/m.html", kind, actor, f"actor/a{n}.html")


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80)


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=40, unique=True), names, st.sampled_from(["meeting", "agreement"]))
def test_a_picture_has_no_overlapping_boxes_no_crossing_lines_and_each_actor_once(
    actors: list[str], thing: str, kind: str
) -> None:
    svg = ET.fromstring(pictures.network([link(a, i, kind, thing) for i, a in enumerate(actors)], lang="en"))
    found = boxes(svg)
    assert len(found) == len(actors) + 1  # the thing, and each actor once
    assert not [(a, b) for a, b in itertools.combinations(found, 2) if overlap(a, b)]
    width, height = float(svg.get("width", 0)), float(svg.get("height", 0))
    assert all(x >= 0 and y >= 0 and x + w <= width and y + h <= height for x, y, w, h in found)
    ends = ("x1", "y1", "x2", "y2")
    lines = [tuple(float(line.get(k, 0)) for k in ends) for line in svg.iter(f"{{{pictures.SVG}}}line")]
    assert len(lines) == len(actors)
    assert not [(p, q) for p, q in itertools.combinations(lines, 2) if crosses(p, q)]  # type: ignore[arg-type]
    labels = [t.text for t in svg.iter(f"{{{pictures.SVG}}}text")]
    assert all(len(text or "") <= pictures.CARD_ACTOR_CHARS for text in labels)  # clipped to fit its box
    hrefs = [a.get("href") for a in svg.iter(f"{{{pictures.SVG}}}a")]
    assert sorted(hrefs[1:]) == sorted(f"actor/a{i}.html" for i in range(len(actors)))


def test_a_picture_refuses_links_of_several_things() -> None:
    links = [link("X", 1), pictures.Link("Another", "article/a/event/n.html", "meeting", "Y", "actor/y.html")]
    try:
        pictures.network(links, lang="en")
    except ValueError as error:
        assert str(error) == "a network picture shows one thing, not 2"
    else:
        raise AssertionError("two things were drawn in one picture")


def figures(page: Path) -> dict[str, set[str]]:
    """The pictures of a network page: each thing's page, and the actors' pages it links to."""
    text = page.read_text(encoding="utf-8")
    found = {}
    for figure in re.findall(r'<figure class="network" id="[^"]+">(.*?)</figure>', text, re.S):
        svg = ET.fromstring(figure.split("<figcaption>")[0].strip())
        hrefs = [a.get("href", "") for a in svg.iter(f"{{{pictures.SVG}}}a")]
        root = page.parent
        resolve = [(root / h).resolve().as_posix() for h in hrefs]
        assert resolve[0] not in found, f"{page}: {resolve[0]} drawn twice"
        found[resolve[0]] = set(resolve[1:])
    return found


def test_each_thing_is_drawn_once_on_its_month_its_article_and_each_actor_page(site: Path) -> None:
    data = Graph().parse(site / "dump" / "kg.nt")
    base = "https://example.org/kg/"

    def page(iri: object) -> str:
        return (site / f"{str(iri)[len(base) :]}.html").resolve().as_posix()

    expected: dict[str, set[str]] = {}
    for prop in (SCHEMA.participant, KG.party):
        for thing, actor in data.subject_objects(prop):
            expected.setdefault(page(thing), set()).add(page(actor))
    assert len(expected) >= 20
    index = figures(site / "network.html")
    assert index == expected  # the seeds are few: every picture is on the network page itself
    for thing, actors in expected.items():
        iri = URIRef(base + Path(thing).relative_to(site.resolve()).as_posix().removesuffix(".html"))
        article = data.value(iri, KG.reportedIn)
        assert figures(site / "network" / f"{str(article)[len(base) :]}.html")[thing] == actors
        for actor in actors:
            actor_page = site / "network" / Path(actor).relative_to(site.resolve())
            assert figures(actor_page)[thing] == actors, actor_page
    months = sorted((site / "network" / "month").glob("*.html"))
    drawn = [thing for month in months for thing in figures(month)]
    assert sorted(drawn) == sorted(expected)  # each thing in exactly one month
    kinds = {str(o) for s in data.subjects(SCHEMA.participant, None) for o in data.objects(s, RDF.type)}
    assert str(KG.Meeting) in kinds


def test_every_filter_of_the_network_page_leads_to_a_page(site: Path) -> None:
    text = (site / "network.html").read_text(encoding="utf-8")
    filters = text.split('<nav class="filters"')[1].split("</nav>")[0]
    hrefs = re.findall(r'href="([^"]+)"', filters)
    assert len(hrefs) > 20
    assert [h for h in hrefs if not (site / h).is_file()] == []


def test_on_an_actors_page_that_actor_is_marked_in_every_picture(site: Path) -> None:
    page = site / "network" / "actor" / "zelensky.html"
    text = page.read_text(encoding="utf-8")
    pictures_shown = re.findall(r'<figure class="network" id="[^"]+">\s*(<svg.*?</svg>)', text, re.S)
    assert len(pictures_shown) >= 2
    for picture in pictures_shown:
        svg = ET.fromstring(picture)
        marked = [
            a.get("href")
            for a in svg.iter(f"{{{pictures.SVG}}}a")
            for r in a.iter(f"{{{pictures.SVG}}}rect")
            if r.get("fill") == "#ffe58a"
        ]
        assert marked == ["../../actor/zelensky.html"]


def test_an_actors_and_an_articles_page_link_to_their_network_page(site: Path) -> None:
    for page in ("actor/zelensky.html", "article/rbc-2026-01-06-paris-security-guarantees.html"):
        links = re.findall(r'<p class="network-link"><a href="([^"]+)">', (site / page).read_text(encoding="utf-8"))
        assert len(links) == 1
        assert (site / Path(page).parent / links[0]).resolve() == (site / "network" / page).resolve()
    place = (site / "place" / "paris.html").read_text(encoding="utf-8")
    assert 'class="network-link"' not in place  # a place is in no picture
