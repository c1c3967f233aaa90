"""What kg reports to its user, never as a traceback: problems found in the input (all at once,
as ``path:line:column: message``), and the one family of exceptions that carry them.

Every error kg means its user to read is a :class:`KgError`; the command prints its
:meth:`~KgError.report` and exits with its ``exit_code`` (1: the input or the request is wrong,
2: the setup is broken).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at a 1-based line and column of a file.

    >>> str(Problem("seeds/a.yaml", 3, 5, "unknown field 'qoute'", "did you mean 'quote'?"))
    "seeds/a.yaml:3:5: unknown field 'qoute' — did you mean 'quote'?"
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # one problem, one line: a value echoed from the input may span several
        for name in ("message", "hint"):
            text = getattr(self, name).replace("\r", "\\r").replace("\n", "\\n")
            object.__setattr__(self, name, text)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class KgError(Exception):
    """An error kg reports as its own words: one message, and an exit code saying whose it is."""

    exit_code = 1

    def report(self) -> list[str]:
        """The lines the command prints to standard error."""
        return [f"kg: {self}"]


class InputError(KgError):
    """The annotations or registries are wrong; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(map(str, self.problems)))

    def report(self) -> list[str]:
        count = len(self.problems)
        return [*map(str, self.problems), f"kg: {count} problem{'s' if count != 1 else ''} found; nothing written"]


class SetupError(KgError):
    """The ontology or shapes files are broken, an output folder may not be replaced, or the
    options cannot work: not the annotator's fault (exit 2)."""

    exit_code = 2


class QueryError(KgError):
    """A query, a parameter or an endpoint failed; the message says which and why."""


class StoreError(KgError):
    """The store could not be reached or refused a request; the message says which and why."""


def shown(text: str, width: int = 60) -> str:
    r"""A value from the input as a message shows it: on one line (controls, line breaks and
    other unprintable characters escaped) and clipped, so no value can forge a second line of output.

    >>> print(shown("a\nb"), shown("x" * 70)[-3:])
    a\nb xx…
    """
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= width else text[: width - 1] + "…"
