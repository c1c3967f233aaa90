"""Pictures of the graph as plain SVG, readable without JavaScript: a timeline of dated things
that is honest about each date's precision, and for each meeting, event or agreement a small
picture of the actors in it. ElementTree writes the SVG, so every label is escaped.
"""

from __future__ import annotations

import calendar
import datetime
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

XSD = "http://www.w3.org/2001/XMLSchema#"
SVG = "http://www.w3.org/2000/svg"
COLOURS = {"event": "#1f5f8b", "meeting": "#1f5f8b", "claim": "#8b3a1f", "article": "#5a5a5a", "agreement": "#2e7d32"}
ROW, LABELS, PLOT_LEFT, WIDTH = 24, 430, 450, 1000
MAX_TICKS = 50  # year lines on the timeline: more would run together
# one network picture: the thing's box on the left, a row per actor on the right
CARD_WIDTH, CARD_PAD, CARD_ROW = 640, 8, 30
CARD_THING_WIDTH, CARD_THING_CHARS, CARD_THING_LINES = 250, 30, 4
CARD_ACTOR_WIDTH, CARD_ACTOR_CHARS = 250, 30


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


def network(links: list[Link], *, lang: str, focus: str | None = None) -> str:
    """One meeting, event or agreement and the actors in it: the thing on the left, its actors
    stacked on the right, a straight line to each.

    All lines leave from one point towards boxes one above the other, so no two cross, and every
    box has a row of its own, so no two labels overlap, however many actors there are; each
    actor is drawn once. The picture shows one thing: a page shows one picture per thing. The
    actor whose page it is (``focus``, its href) is marked.
    """
    things = {(link.thing, link.thing_href, link.kind) for link in links}
    if len(things) != 1:
        raise ValueError(f"a network picture shows one thing, not {len(things)}")
    ((label, href, kind),) = things
    actors = sorted({(link.actor, link.actor_href) for link in links}, key=lambda a: (a[0].casefold(), a[1]))
    thing_lines = _wrap(label, CARD_THING_CHARS)[:CARD_THING_LINES]
    height = max(len(actors) * CARD_ROW, len(thing_lines) * 16 + 24) + 2 * CARD_PAD
    svg = _svg(CARD_WIDTH, height, f"{label} ({kind}): {', '.join(a for a, _ in actors)}", lang)
    colour = COLOURS.get(kind, "#333333")
    box_height = len(thing_lines) * 16 + 16
    top = (height - box_height) / 2
    anchor = _link(svg, href, f"{label} ({kind})")
    box = ET.SubElement(
        anchor, "rect", x=str(CARD_PAD), y=str(top), width=str(CARD_THING_WIDTH), height=str(box_height), fill=colour
    )
    box.set("rx", "0" if kind == "agreement" else "8")  # square corners for an agreement, round for an event
    box.set("class", "thing")
    for i, line in enumerate(thing_lines):
        _text(anchor, CARD_PAD + 8, top + 20 + 16 * i, line, size=13, fill="white")
    start_x, start_y = CARD_PAD + CARD_THING_WIDTH, height / 2
    edges = ET.SubElement(svg, "g", stroke=colour)
    left = CARD_WIDTH - CARD_PAD - CARD_ACTOR_WIDTH
    for row, (name, actor_href) in enumerate(actors):
        y = CARD_PAD + row * CARD_ROW + (height - 2 * CARD_PAD - len(actors) * CARD_ROW) / 2
        _line(edges, start_x, start_y, left, y + CARD_ROW / 2 - 2, colour, opacity="0.6")
        anchor = _link(svg, actor_href, name)
        actor_box = ET.SubElement(
            anchor, "rect", x=str(left), y=str(y + 2), width=str(CARD_ACTOR_WIDTH), height=str(CARD_ROW - 8)
        )
        actor_box.set("fill", "#ffe58a" if actor_href == focus else "#f1f1ee")
        actor_box.set("stroke", "#222222" if actor_href == focus else "#888888")
        actor_box.set("rx", "4")
        actor_box.set("class", "actor")
        _text(anchor, left + 8, y + CARD_ROW / 2 + 2, _clip(name, CARD_ACTOR_CHARS), size=13)
    return _string(svg)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word is clipped).

    >>> _wrap("Meeting of the coalition of the willing in Paris", 20)
    ['Meeting of the', 'coalition of the', 'willing in Paris']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(_clip(word, width))
    return lines or [""]


def _when(item: Dated) -> tuple[datetime.date, str]:
    found = span(item)
    return (found[0] if found else datetime.date.min, item.label)


def _describe(item: Dated) -> str:
    text = f"{item.value} ({item.precision or 'precision not given'})"
    return text + (", the year taken from the article's date" if item.year_from_article else "")


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
