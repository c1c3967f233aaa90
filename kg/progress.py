"""Progress bars for long work (``kg build``, ``kg publish``, ``kg load``): counts, rate and
time left on a terminal's stderr, nothing at all when stderr is not a terminal or with ``--quiet``.

The work itself only calls a callback (``advance(n)``: n more done); this module is the one place
that draws. tqdm draws it: a small, dependency-free, long-kept library whose bar is what people
know from pip and others, and which rates and redraws at a bounded frequency.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO


class Advance(Protocol):
    """Told ``done`` more are done; and the ``total``, once the work knows it."""

    def __call__(self, done: int, *, total: int | None = None) -> None: ...


def shown(stream: TextIO | None = None, *, quiet: bool = False) -> bool:
    """Whether a bar would be drawn on ``stream`` (default: stderr)."""
    stream = stream or sys.stderr
    return not quiet and stream.isatty()


@contextmanager
def bar(
    what: str, *, total: int | None, unit: str, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[Advance]:
    """A bar labelled ``what`` counting ``unit``s up to ``total``; yields ``advance(n)``.

    Off a terminal the callback does nothing:

    >>> import io
    >>> with bar("compiling", total=3, unit="article", stream=io.StringIO()) as advance:
    ...     advance(2)
    """
    stream = stream or sys.stderr
    if not shown(stream, quiet=quiet):
        yield _nothing
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=what, unit=f" {unit}s", file=stream, leave=False, dynamic_ncols=True) as drawn:

        def advance(done: int, *, total: int | None = None) -> None:
            if total is not None and drawn.total != total:
                drawn.total = total
            drawn.update(done)

        yield advance
        drawn.refresh()  # the last count, drawn even when the work took less than tqdm's redraw interval


def _nothing(done: int, *, total: int | None = None) -> None:
    return None


def per_item(advance: Advance) -> Callable[[int, int, str], None]:
    """``advance`` as the ``(done, total, name)`` callback :func:`kg.store.load` calls per graph."""

    def step(done: int, total: int, name: str) -> None:
        advance(1, total=total)

    return step
