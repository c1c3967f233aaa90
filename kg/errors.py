"""Problems found in the input, reported all at once as ``path:line:column: message``."""

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


class InputError(Exception):
    """The annotations or registries are wrong; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(map(str, self.problems)))


class SetupError(Exception):
    """The ontology or shapes files are broken: not the annotator's fault (exit 2)."""
