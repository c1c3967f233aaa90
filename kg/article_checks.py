"""The checks of one annotation against its text and the registry, past what the model checks:
ids unique, references to the right kind of thing, links that point away from the graph, dates
with the words that print them, registry actors listed under ``actors``, every quote in the text.
"""

from __future__ import annotations

from kg import anchor
from kg.errors import Problem
from kg.model import Annotation, Article
from kg.references import check_reference, kind_phrase, references
from kg.web_address import unfit_address
from kg.yaml_input import Document, FieldPath

_LOCAL_KINDS = {"unnamed": "unnamed", "events": "event", "agreements": "agreement", "claims": "claim"}


def check_article(
    document: Document, article: Article, registry_kinds: dict[str, str], base: str | None = None
) -> list[Problem]:
    """Every problem of ``article`` (read from ``document``), given the kind of every registry id.

    With the graph's ``base`` IRI, a link under it is refused (kg makes those IRIs).
    """
    note = article.annotation
    problems: list[Problem] = []
    kinds = _with_local_ids(document, note, registry_kinds, problems)
    problems += [p for p in (check_reference(document, ref, kinds) for ref in references(note)) if p]
    for i, link in enumerate(note.article.links):
        unfit = unfit_address(link.text, base)
        if unfit:
            problems.append(document.problem(("article", "links", i), unfit))
    for i, mention in enumerate(note.actors):
        if mention.title_en and not mention.title:
            hint = "give the title as printed in 'title'"
            problems.append(document.problem(("actors", i, "title_en"), "title_en without title", hint))
    problems += _check_dates(document, note)
    problems += _check_mentions(document, note, registry_kinds)
    problems += _check_quotes(document, article)
    return problems


def _with_local_ids(
    document: Document, note: Annotation, registry_kinds: dict[str, str], problems: list[Problem]
) -> dict[str, str]:
    """The kind of every id the annotation may refer to: the registry's and its own, each unique."""
    kinds = dict(registry_kinds)
    local_ids: list[tuple[FieldPath, str, str]] = [
        ((section, i, "id"), item.id, kind)
        for section, kind in _LOCAL_KINDS.items()
        for i, item in enumerate(getattr(note, section))
    ]
    local_ids += [
        (("article", "date_conflicts", i, "id"), c.id, "date-conflict")
        for i, c in enumerate(note.article.date_conflicts)
    ]
    for path, local_id, kind in local_ids:
        if local_id in kinds:
            message = f"duplicate id '{local_id}' (already {kind_phrase({kinds[local_id]})})"
            problems.append(document.problem(path, message, "give it an id of its own"))
        else:
            kinds[local_id] = kind
    return kinds


def _check_dates(document: Document, note: Annotation) -> list[Problem]:
    problems: list[Problem] = []
    dated = [("events", i, e) for i, e in enumerate(note.events)] + [
        ("claims", i, c) for i, c in enumerate(note.claims)
    ]
    for section, i, item in dated:
        if item.date and not item.date_quote:
            problems.append(
                document.problem(
                    (section, i, "date"), "a date needs the words that print it", "add 'date_quote:' with them"
                )
            )
        if item.date_quote and not item.date:
            problems.append(
                document.problem((section, i, "date_quote"), "date_quote without a date", "add 'date:' in ISO 8601")
            )
        if item.year_from_article and (not item.date or item.date[:4] != note.article.date[:4]):
            problems.append(
                document.problem(
                    (section, i, "year_from_article"),
                    f"year_from_article, but the date does not carry the article's year {note.article.date[:4]}",
                )
            )
    return problems


def _check_mentions(document: Document, note: Annotation, registry_kinds: dict[str, str]) -> list[Problem]:
    """Every registry actor the annotation refers to must be listed, with its words, under ``actors``."""
    listed = {m.actor for m in note.actors}
    problems = []
    for ref in references(note):
        if ref.may_be_actor and registry_kinds.get(ref.id, "").startswith("actor:") and ref.id not in listed:
            problems.append(
                document.problem(
                    ref.path,
                    f"actor '{ref.id}' is not listed under 'actors'",
                    "add it there with the words that name it ('quote')",
                )
            )
            listed.add(ref.id)  # once is enough
    return problems


def _check_quotes(document: Document, article: Article) -> list[Problem]:
    problems = []
    try:
        limit = anchor.body_limit(article)
    except anchor.AnchorError:
        limit = None  # reported below with the other quotes
    for path, quote in anchor.quotes(article.annotation):
        bounded = None if path == ("article", "body_ends_before") else limit
        try:
            anchor.locate(article.text, quote.text, quote.start, limit=bounded)
        except anchor.AnchorError as error:
            problems.append(document.problem(path, f"{error.message}: '{_short(quote.text)}'", error.hint))
    return problems


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
