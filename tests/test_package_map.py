"""kg/__init__.py's docstring is the package's map, stage by stage: it names every module, and
data flows down it; each subpackage's ``__init__`` docstring is its own map. A module added
without a place on a map fails here, and so does an import (at the top of a module or inside a
function) of a module from a later stage, a cycle, or a second entry into the command."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from support import ROOT

import kg

PACKAGE = ROOT / "kg"
ENTRY = {"__main__", "cli_reference"}  # python -m kg; the README's reference, made from the parser


def stages(doc: str) -> dict[str, int]:
    """Each module the map names, and the rank of its stage (0 for the first): a stage is a line
    at the margin followed by indented lines naming its modules."""
    lines = doc.split("stage by stage", 1)[1].splitlines()
    ranks: dict[str, int] = {}
    rank = -1
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        if line and not line[0].isspace() and after[:1].isspace():
            rank += 1
        elif line[:1].isspace() and rank >= 0:
            for name in re.findall(r"``([a-z_0-9]+)``", line):
                ranks.setdefault(name, rank)
    return ranks


def modules() -> dict[str, Path]:
    """Every module of the package by its name on the map: its top-level name (a subpackage's
    modules go by the subpackage's)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts != ("__init__",):
            found[str(Path(*parts))] = path
    return found


def top(relative: str) -> str:
    return relative.split("/")[0]


def imports(path: Path) -> list[tuple[int, str]]:
    """Every kg module ``path`` imports, at any depth of its code, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and (node.module + ".").startswith("kg."):
            names = [a.name for a in node.names] if node.module == "kg" else [node.module.split(".")[1]]
            found += [(node.lineno, name) for name in names if name != "__version__"]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[1]) for a in node.names if a.name.startswith("kg.")]
    return found


RANKS = stages(kg.__doc__ or "")


def test_the_map_has_its_stages() -> None:
    assert max(RANKS.values()) >= 7
    assert RANKS["errors"] == 0 and RANKS["cli"] == max(RANKS.values())


def test_the_package_map_names_every_module() -> None:
    missing = {top(name) for name in modules()} - set(RANKS) - {"__main__"}
    assert missing == set(), "modules missing from the map in kg/__init__.py"


PACKAGES = sorted(p.parent for p in PACKAGE.rglob("__init__.py") if "__pycache__" not in p.parts)


def unmapped(folder: Path, doc: str) -> set[str]:
    """What is in ``folder`` (modules and subpackages) but not named as ``name`` in ``doc``."""
    found = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
    found |= {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
    return found - set(re.findall(r"``([a-z_0-9]+)``", doc))


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_package_map_names_every_module_in_it(folder: Path) -> None:
    package = importlib.import_module(".".join(folder.relative_to(ROOT).parts))
    assert unmapped(folder, package.__doc__ or "") == set(), f"modules missing from the map in {folder}/__init__.py"


def test_the_site_is_a_subpackage_on_the_map() -> None:
    assert PACKAGE / "site" in PACKAGES  # the walk goes below kg/
    assert unmapped(PACKAGE / "site", "``publish``") != set()  # a map without the others fails


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_import_goes_back_up_the_map(name: str) -> None:
    me = top(name)
    if me == "__main__":
        return
    for line, other in imports(modules()[name]):
        assert other in RANKS, f"kg/{name}.py:{line} imports kg.{other}, which the map does not name"
        if other == "cli":
            assert me in ENTRY, f"kg/{name}.py:{line} imports kg.cli: python -m kg is the one entry"
        assert RANKS[other] <= RANKS[me], (
            f"kg/{name}.py:{line}: kg.{me} imports kg.{other}, from a later stage of the map (data flows down)"
        )


def test_no_two_modules_import_each_other_round_a_cycle() -> None:
    graph = {top(name): set() for name in modules()}
    for name, path in modules().items():
        graph[top(name)] |= {other for _, other in imports(path) if other != top(name)}
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        assert node not in trail, f"an import cycle: {' -> '.join([*trail[trail.index(node):], node])}"
        if node in done:
            return
        for other in sorted(graph.get(node, ())):
            visit(other, [*trail, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])


def test_the_check_can_fail(tmp_path: Path) -> None:
    stray = tmp_path / "stray.py"
    stray.write_text("from kg.cli import main\nfrom kg.site import publish\n", encoding="utf-8")
    assert [name for _, name in imports(stray)] == ["cli", "site"]
    assert RANKS["site"] > RANKS["mapping"] and "stray" not in RANKS
