"""What an annotation or a registry refers to: every id it names, where, and what kind of thing
the id must name there; and the check that it does.

This is the one walk over the reference fields: the corpus checks it, ``kg lint`` counts what is
used with it. A kind is ``actor:KIND`` or ``place:KIND`` for registry entries (``actor:person``),
``topic``, or a local kind (``unnamed``, ``event``, ``agreement``, ``claim``, ``date-conflict``);
an expected kind may name a whole family (``actor``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from kg.errors import Problem
from kg.model import Annotation, Registry
from kg.yaml_input import Document, FieldPath

ACTOR_LIKE = frozenset({"actor", "unnamed"})
MEDIA = frozenset({"actor:outlet", "actor:agency"})
_ACTOR = frozenset({"actor"})
_TOPIC = frozenset({"topic"})


@dataclass(frozen=True)
class Reference:
    """An id written at ``path``, which must name a thing of one of the ``expected`` kinds
    (``None``: anything the registry or the annotation defines, as a claim's ``about`` may)."""

    path: FieldPath
    id: str
    expected: frozenset[str] | None

    @property
    def may_be_actor(self) -> bool:
        """Whether an actor may stand here (so a registry actor here must be listed under ``actors``)."""
        return self.expected is None or any(kind.split(":")[0] == "actor" for kind in self.expected)


def references(note: Annotation) -> Iterator[Reference]:
    """Every id the annotation ``note`` refers to, registry or local, in the order it is written."""
    meta = note.article
    yield Reference(("article", "outlet"), meta.outlet, MEDIA)
    if meta.author:
        yield Reference(("article", "author"), meta.author, frozenset({"actor:person"}))
    yield from (Reference(("article", "cites", i), ref, MEDIA) for i, ref in enumerate(meta.cites))
    for i, conflict in enumerate(meta.date_conflicts):
        for j, ref in enumerate(conflict.events):
            yield Reference(("article", "date_conflicts", i, "events", j), ref, frozenset({"event"}))
    for i, mention in enumerate(note.actors):
        yield Reference(("actors", i, "actor"), mention.actor, _ACTOR)
        if mention.of:
            yield Reference(("actors", i, "of"), mention.of, _ACTOR)
    for i, unnamed in enumerate(note.unnamed):
        if unnamed.affiliation:
            yield Reference(("unnamed", i, "affiliation"), unnamed.affiliation, _ACTOR)
    for i, event in enumerate(note.events):
        if event.place:
            yield Reference(("events", i, "place"), event.place, frozenset({"place"}))
        for j, participant in enumerate(event.participants):
            yield Reference(("events", i, "participants", j, "actor"), participant.actor, ACTOR_LIKE)
            if participant.on_behalf_of:
                yield Reference(("events", i, "participants", j, "on_behalf_of"), participant.on_behalf_of, _ACTOR)
        yield from (Reference(("events", i, "topics", j), ref, _TOPIC) for j, ref in enumerate(event.topics))
    for i, agreement in enumerate(note.agreements):
        yield from (Reference(("agreements", i, "parties", j), r, ACTOR_LIKE) for j, r in enumerate(agreement.parties))
        yield from (Reference(("agreements", i, "topics", j), r, _TOPIC) for j, r in enumerate(agreement.topics))
    for i, claim in enumerate(note.claims):
        yield Reference(("claims", i, "by"), claim.by, ACTOR_LIKE)
        yield from (Reference(("claims", i, "via", j), ref, _ACTOR) for j, ref in enumerate(claim.via))
        yield from (Reference(("claims", i, "about", j), ref, None) for j, ref in enumerate(claim.about))


def registry_references(registry: Registry) -> Iterator[Reference]:
    """Every id a registry's entries refer to: the bodies an actor is a member of, a place's country."""
    for i, actor in enumerate(registry.actors):
        yield from (Reference(("actors", i, "member_of", j), ref, _ACTOR) for j, ref in enumerate(actor.member_of))
    for i, place in enumerate(registry.places):
        if place.country:
            yield Reference(("places", i, "country"), place.country, frozenset({"actor:state"}))


def check_reference(document: Document, reference: Reference, kinds: dict[str, str]) -> Problem | None:
    """The problem with ``reference`` given the kind of every defined id, or None if it names the
    right kind of thing."""
    allowed = set(kinds.values()) | {"actor", "place"} if reference.expected is None else set(reference.expected)
    ref, kind = reference.id, kinds.get(reference.id)
    if kind is None:
        candidates = [k for k, v in kinds.items() if v in allowed or v.split(":")[0] in allowed]
        close = difflib.get_close_matches(ref, candidates, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "define it in a registry or in this annotation"
        message = f"unknown reference '{ref}' (expected the id of {kind_phrase(allowed)})"
        return document.problem(reference.path, message, hint)
    if kind not in allowed and kind.split(":")[0] not in allowed:
        return document.problem(reference.path, f"'{ref}' is {kind_phrase({kind})}, not {kind_phrase(allowed)}")
    return None


def kind_phrase(kinds: set[str]) -> str:
    """The kinds in words, for a message.

    >>> kind_phrase({"actor:outlet", "actor:agency"}), kind_phrase({"date-conflict"})
    ('an agency or an outlet', 'a date conflict')
    """
    names = sorted(k.replace("actor:", "").replace("place:", "") or k.split(":")[0] for k in kinds)
    words = [{"unnamed": "unnamed actor", "date-conflict": "date conflict"}.get(n, n) for n in names]
    return " or ".join(f"an {w}" if w[0] in "aeiou" else f"a {w}" for w in words)
