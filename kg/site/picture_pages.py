"""The pages of pictures: the timeline, and the network (a picture per meeting, event or
agreement) on pages by month, by actor and by article (plain pages, so the filters work
without JavaScript)."""

from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup

from kg.site import picture_data, pictures
from kg.site.graph_view import Label, natural, relative
from kg.site.pages import Pages
from kg.site.picture_data import UNDATED, NetworkThing
from kg.site.words import NETWORK_INTRO, TIMELINE_INTRO

NETWORK_ON_INDEX = 30  # more pictures than this, and the network page shows the latest month's


def timeline_page(pages: Pages) -> bytes:
    here, lang = "timeline.html", pages.site.lang
    svg = pictures.timeline(picture_data.dated(pages.site), lang=lang)
    values = {"svg": Markup(svg), "intro": pages.translate(TIMELINE_INTRO), "legend": []}  # ElementTree escaped the SVG
    return pages.fill("picture.html", pages.common(here, Label(pages.translate("Timeline"), lang)) | values)


def network_pages(pages: Pages) -> dict[str, bytes]:
    """``network.html`` and the network's pages by month, actor and article."""
    _, lang = pages.translate, pages.site.lang
    things = pages.things
    groups: dict[tuple[str, str], list[NetworkThing]] = defaultdict(list)
    for thing in things:
        groups[("month", thing.month)].append(thing)
        if thing.article_href:
            groups[("article", thing.article_href)].append(thing)
        for _actor, actor_href in thing.actors:
            groups[("actor", actor_href)].append(thing)
    labels = {href: name for thing in things for name, href in thing.actors}
    labels |= {thing.article_href: thing.article for thing in things}

    def page_of(kind: str, key: str) -> str:
        return f"network/month/{key}.html" if kind == "month" else f"network/{key}"

    files: dict[str, bytes] = {}
    filters: dict[str, list[tuple[str, str, int]]] = {"month": [], "actor": [], "article": []}
    for (kind, key), members in sorted(groups.items()):
        here = page_of(kind, key)
        name = _(UNDATED) if key == UNDATED else labels.get(key, key)
        filters[kind].append((here, name, len(members)))
        title = Label(f"{_('Network')}: {name}", lang)
        focus = relative(key, here) if kind == "actor" else None
        files[here] = _network_page(pages, here, title, members, {}, None, focus)
    for kind in ("actor", "article"):
        filters[kind].sort(key=lambda item: (natural(item[1]), item[0]))
    here = "network.html"
    months = sorted(month for kind, month in groups if kind == "month" and month != UNDATED)
    latest = None  # a small corpus shows every picture here; a large one its latest month's
    shown = things
    if len(things) > NETWORK_ON_INDEX:
        latest = months[-1] if months else UNDATED
        shown = groups[("month", latest)]
    links = {kind: [(relative(page, here), name, n) for page, name, n in found] for kind, found in filters.items()}
    title = Label(_("Who met whom, who agreed with whom"), lang)
    files[here] = _network_page(pages, here, title, shown, links, latest)
    return files


def _network_page(
    pages: Pages,
    here: str,
    title: Label,
    things: list[NetworkThing],
    filters: dict[str, list[tuple[str, str, int]]],
    latest: str | None,
    focus: str | None = None,
) -> bytes:
    figures = []
    for thing in sorted(things, key=lambda t: (t.when or "~", t.label.casefold(), t.href)):
        links = [
            pictures.Link(thing.label, relative(thing.href, here), thing.kind, name, relative(href, here))
            for name, href in thing.actors
        ]
        figures.append(
            {
                "id": "n-" + re.sub(r"[^A-Za-z0-9-]+", "-", thing.href.removesuffix(".html")),
                "svg": Markup(pictures.network(links, lang=pages.site.lang, focus=focus)),  # ElementTree escaped it
                "label": thing.label,
                "href": relative(thing.href, here),
                "kind": thing.kind,
                "date": thing.date,
                "article": thing.article,
                "article_href": relative(thing.article_href, here),
            }
        )
    values = {"intro": pages.translate(NETWORK_INTRO), "figures": figures, "filters": filters, "latest": latest}
    return pages.fill("network.html", pages.common(here, title) | values)
