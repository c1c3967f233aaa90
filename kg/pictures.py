"""Two pictures of the graph as plain SVG, readable without JavaScript: a timeline of dated
things that is honest about each date's precision, and a network of actors and the meetings,
events and agreements that connect them. ElementTree writes the SVG, so every label is escaped.
"""

from __future__ import annotations

import calendar
import datetime
import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"
SVG = "http://www.w3.org/2000/svg"
COLOURS = {"event": "#1f5f8b", "meeting": "#1f5f8b", "claim": "#8b3a1f", "article": "#5a5a5a", "agreement": "#2e7d32"}
ROW, LABELS, PLOT_LEFT, WIDTH = 24, 430, 450, 1000
MAX_TICKS = 50  # year lines on the timeline: more would run together


@dataclass(frozen=True, order=True)
class Dated:
    """A thing with a date, as the graph gives it (a literal and its datatype)."""

    value: str
    label: str
    href: str
    datatype: str
    precision: str
    year_from_article: bool
    kind: str


@dataclass(frozen=True, order=True)
class Link:
    """An actor taking part in a meeting or event, or a party to an agreement."""

    thing: str
    thing_href: str
    kind: str
    actor: str
    actor_href: str


def span(item: Dated) -> tuple[datetime.date, datetime.date] | None:
    """The first and the last day a date covers; None when it has no year.

    The last day, not the day after: the day after 9999-12-31 is no :class:`datetime.date`.

    >>> span(Dated("2024-05", "", "", XSD + "gYearMonth", "", False, "event"))
    (datetime.date(2024, 5, 1), datetime.date(2024, 5, 31))
    """
    kind = item.datatype.removeprefix(XSD)
    if kind == "date":
        day = datetime.date.fromisoformat(item.value[:10])
        return day, day
    if kind == "gYearMonth":
        year, month = int(item.value[:4]), int(item.value[5:7])
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    if kind == "gYear":
        year = int(item.value[:4])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return None


def _new_year(year: int) -> int:
    """The day number (proleptic Gregorian ordinal) of 1 January of ``year``, 10000 included."""
    if year > datetime.MAXYEAR:
        return datetime.date.max.toordinal() + 1
    return datetime.date(year, 1, 1).toordinal()


def timeline(items: list[Dated], *, lang: str) -> str:
    """One row per dated thing: a dot for a day, a bar across a month or a year."""
    placed = [(item, s) for item in sorted(items, key=_when) if (s := span(item))]
    unplaced = [item for item in items if span(item) is None]
    height = 60 + ROW * (len(placed) + len(unplaced) + (1 if unplaced else 0))
    svg = _svg(WIDTH, height, "Timeline of dated events, claims and articles", lang)
    if not placed:
        _text(svg, 10, 30, "Nothing in the graph has a date with a year.")
        return _string(svg)
    first_year = min(s[0] for _, s in placed).year
    end_year = max(s[1] for _, s in placed).year + 1  # the axis ends on the 1 January after the last day
    origin = _new_year(first_year)
    scale = (WIDTH - PLOT_LEFT - 20) / max(_new_year(end_year) - origin, 1)

    def x(day: int) -> float:
        return round(PLOT_LEFT + (day - origin) * scale, 1)

    step = math.ceil((end_year - first_year) / MAX_TICKS)  # a year apart, or as many as fit
    for year in range(first_year, end_year + 1, step):
        tick = x(_new_year(year))
        _line(svg, tick, 30, tick, height - 10, "#dddddd")
        if year < end_year:
            _text(svg, tick + 3, 22, str(year), size=12, fill="#555555")
    for row, (item, (first, last)) in enumerate(placed):
        y = 50 + row * ROW
        link = _link(svg, item.href, f"{item.label} — {_describe(item)}")
        _text(link, 10, y + 4, _clip(f"{item.value} {item.label}", 62), size=12)
        colour = COLOURS.get(item.kind, "#333333")
        dash = "4 2" if item.year_from_article else None
        start, end = first.toordinal(), last.toordinal() + 1
        if end - start <= 1:
            circle = ET.SubElement(link, "circle", cx=str(x(start)), cy=str(y), r="5", fill=colour)
            if dash:
                circle.set("fill", "white")
                circle.set("stroke", colour)
                circle.set("stroke-dasharray", "2 1")
        else:
            rect = ET.SubElement(
                link, "rect", x=str(x(start)), y=str(y - 5), width=str(max(x(end) - x(start), 2)), height="10"
            )
            rect.set("fill", colour)
            rect.set("fill-opacity", "0.35")
            rect.set("stroke", colour)
    if unplaced:
        y = 50 + len(placed) * ROW + ROW // 2
        _text(svg, 10, y, "Dates without a year (the article does not give one):", size=12, fill="#555555")
        for row, item in enumerate(sorted(unplaced)):
            link = _link(svg, item.href, f"{item.label} — {_describe(item)}")
            _text(link, 20, y + ROW * (row + 1), _clip(f"{item.value} {item.label}", 90), size=12)
    return _string(svg)


def network(links: list[Link], *, lang: str) -> str:
    """Actors on an outer ring, the meetings, events and agreements joining them on an inner one.

    Things are numbered (the page lists them); actors are ordered by the things they share, so
    that lines cross less.
    """
    things = [(label, href, kind) for _, label, href, kind in numbered(links)]
    size = 1000
    svg = _svg(size, size, "Network of actors and the meetings, events and agreements that connect them", lang)
    if not things:
        _text(svg, 10, 30, "No meeting, event or agreement with participants.")
        return _string(svg)
    number = {href: i for i, (_, href, _) in enumerate(things, start=1)}
    by_actor: dict[tuple[str, str], list[int]] = defaultdict(list)
    for link in links:
        by_actor[(link.actor, link.actor_href)].append(number[link.thing_href])
    actors = sorted(by_actor, key=lambda a: (sum(by_actor[a]) / len(by_actor[a]), a))
    centre, inner, outer = size / 2, 190, 330
    thing_at = {href: _on_ring(centre, inner, i, len(things)) for i, (_, href, _) in enumerate(things)}
    actor_at = {a: _on_ring(centre, outer, i, len(actors)) for i, a in enumerate(actors)}
    edges = ET.SubElement(svg, "g", stroke="#999999")
    edges.set("stroke-width", "1")
    for link in sorted(links):
        (x1, y1), (x2, y2) = thing_at[link.thing_href], actor_at[(link.actor, link.actor_href)]
        _line(edges, x1, y1, x2, y2, COLOURS.get(link.kind, "#999999"), opacity="0.5")
    for label, href, kind in things:
        x, y = thing_at[href]
        anchor = _link(svg, href, f"{number[href]}. {label} ({kind})")
        colour = COLOURS.get(kind, "#333333")
        if kind == "agreement":
            ET.SubElement(anchor, "rect", x=str(x - 9), y=str(y - 9), width="18", height="18", fill=colour)
        else:
            ET.SubElement(anchor, "circle", cx=str(x), cy=str(y), r="10", fill=colour)
        _text(anchor, x, y + 4, str(number[href]), size=10, fill="white", anchor="middle")
    for i, (name, href) in enumerate(actors):
        x, y = actor_at[(name, href)]
        angle = 2 * math.pi * i / len(actors)
        right = math.cos(angle - math.pi / 2) >= 0
        anchor = _link(svg, href, name)
        ET.SubElement(anchor, "circle", cx=str(x), cy=str(y), r="6", fill="#444444")
        _text(anchor, x + (10 if right else -10), y + 4, _clip(name, 26), size=12, anchor="start" if right else "end")
    return _string(svg)


def numbered(links: list[Link]) -> list[tuple[int, str, str, str]]:
    """The meetings, events and agreements of the network, numbered as it shows them."""
    things = sorted({(link.thing, link.thing_href, link.kind) for link in links})
    return [(i, label, href, kind) for i, (label, href, kind) in enumerate(things, start=1)]


def _when(item: Dated) -> tuple[datetime.date, str]:
    found = span(item)
    return (found[0] if found else datetime.date.min, item.label)


def _describe(item: Dated) -> str:
    text = f"{item.value} ({item.precision or 'precision not given'})"
    return text + (", the year taken from the article's date" if item.year_from_article else "")


def _on_ring(centre: float, radius: float, i: int, count: int) -> tuple[float, float]:
    angle = 2 * math.pi * i / max(count, 1) - math.pi / 2
    return round(centre + radius * math.cos(angle), 1), round(centre + radius * math.sin(angle), 1)


def _svg(width: int, height: int, title: str, lang: str) -> ET.Element:
    svg = ET.Element("svg", xmlns=SVG, width=str(width), height=str(height), viewBox=f"0 0 {width} {height}")
    svg.set("role", "img")
    svg.set("font-family", "sans-serif")
    svg.set("lang", lang)
    ET.SubElement(svg, "title").text = title
    return svg


def _link(parent: ET.Element, href: str, title: str) -> ET.Element:
    anchor = ET.SubElement(parent, "a", href=href)
    ET.SubElement(anchor, "title").text = title
    return anchor


def _text(
    parent: ET.Element, x: float, y: float, text: str, *, size: int = 14, fill: str = "#222222", anchor: str = "start"
) -> None:
    element = ET.SubElement(parent, "text", x=str(x), y=str(y), fill=fill)
    element.set("font-size", str(size))
    element.set("text-anchor", anchor)
    element.text = text


def _line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, colour: str, opacity: str = "1") -> None:
    line = ET.SubElement(parent, "line", x1=str(x1), y1=str(y1), x2=str(x2), y2=str(y2), stroke=colour)
    line.set("stroke-opacity", opacity)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _string(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode")
