"""kg/site/ is read top to bottom: its map (the ``__init__`` docstring) lists the modules in the
order the data flows, and no module imports one listed below it (no arrow back up)."""

from __future__ import annotations

import ast
import re

from support import ROOT

import kg.site

SITE = ROOT / "kg" / "site"


def site_imports(module: str) -> set[str]:
    """The kg.site modules that ``module`` imports, by their names in the subpackage."""
    tree = ast.parse((SITE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "kg.site":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg.site."):
            found.add((node.module or "").removeprefix("kg.site.").split(".")[0])
        elif isinstance(node, ast.Import):
            names = (a.name for a in node.names if a.name.startswith("kg.site."))
            found |= {name.removeprefix("kg.site.").split(".")[0] for name in names}
    return found


def test_no_site_module_imports_one_below_it_on_the_map() -> None:
    order = re.findall(r"^``([a-z_0-9]+)``", kg.site.__doc__ or "", re.M)
    assert sorted(order) == sorted(p.stem for p in SITE.glob("*.py") if p.stem != "__init__")
    upward = {
        (module, imported)
        for position, module in enumerate(order)
        for imported in site_imports(module)
        if imported not in order[:position]
    }
    assert upward == set()


def test_an_import_from_below_is_seen() -> None:
    assert "pages" in site_imports("picture_pages")  # the walk reads both import forms
    assert {"pictures", "graph_view"} <= site_imports("picture_data")
