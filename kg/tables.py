"""The one plain-text table every command prints (the build's summary, ``kg stats``, ``kg query``)."""

from __future__ import annotations

from collections.abc import Sequence


def table(rows: Sequence[Sequence[str]], *, left: int | None = None, rule: bool = False) -> str:
    """``rows`` (the first is the header) in columns padded to their widest cell, two spaces
    apart: the first ``left`` columns flush left (all when ``None``), the others, numbers, flush
    right; ``rule`` draws a line of dashes under the header. No line ends in spaces.

    >>> print(table([("name", "n"), ("Kyiv", "12"), ("Paris", "3")], left=1))
    name    n
    Kyiv   12
    Paris   3
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    flush = len(widths) if left is None else left
    lines = [
        "  ".join(c.ljust(w) if i < flush else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    ]
    if rule:
        lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
