"""kg/__init__.py's docstring is the package's map, stage by stage, and each subpackage's
``__init__`` docstring is its own map: every module and subpackage is named on the map of the
package it is in, so a module added without a place on a map fails here."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from support import ROOT

PACKAGES = sorted(p.parent for p in (ROOT / "kg").rglob("__init__.py") if "__pycache__" not in p.parts)


def unmapped(folder: Path, doc: str) -> set[str]:
    """What is in ``folder`` (modules and subpackages) but not named as ``name`` in ``doc``."""
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
    modules |= {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
    return modules - set(re.findall(r"``([a-z_0-9]+)``", doc))


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_package_map_names_every_module(folder: Path) -> None:
    package = importlib.import_module(".".join(folder.relative_to(ROOT).parts))
    assert unmapped(folder, package.__doc__ or "") == set(), f"modules missing from the map in {folder}/__init__.py"


def test_the_site_is_a_subpackage_on_the_map() -> None:
    assert ROOT / "kg" / "site" in PACKAGES  # the walk goes below kg/
    assert unmapped(ROOT / "kg" / "site", "``publish``") != set()  # a map without the others fails
