"""kg/__init__.py's docstring is the package's map, stage by stage: it names every module, so
a module added without a place on the map fails here."""

from __future__ import annotations

import re

from support import ROOT

import kg


def test_the_package_map_names_every_module() -> None:
    modules = {p.stem for p in (ROOT / "kg").glob("*.py")} - {"__init__", "__main__"}
    named = set(re.findall(r"``([a-z_0-9]+)``", kg.__doc__ or ""))
    assert modules - named == set(), "modules missing from the map in kg/__init__.py"
