"""kg from its wheel, far from this checkout: the ontology, shapes and saved queries are package
data, and ``kg init``, an article, ``validate``, ``build``, ``query`` and ``publish`` all work.

The wheel is built from a copy of what it is made of, without build isolation (the test extras
bring setuptools), and installed with ``--no-deps`` into a fresh venv that sees the test venv's
libraries through a path file (not its editable kg): fast, and no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from support import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"
SOURCES = ["pyproject.toml", "README.md", "kg", "ontology", "queries"]


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = f"{done.stdout}{done.stderr}"
        pytest.fail(f"`{' '.join(map(str, command))}` exited {done.returncode}\n{said}", pytrace=False)
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    run(*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, source, cwd=source)
    [built] = out.glob("kg-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel in it; its ``bin/`` folder."""
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv)
    purelib = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    (purelib / "kg-test-libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", venv / "bin" / "python")
    run(*pip, "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=venv)
    return venv / "bin"


def test_the_wheel_holds_every_module_the_ontology_the_shapes_the_queries_and_the_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/py.typed", "kg/lint_cues.yaml"}
    expected |= {f"kg/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")}
    templates = ROOT / "kg" / "site" / "templates"
    expected |= {f"kg/site/templates/{p.name}" for p in templates.iterdir() if p.is_file()}
    assert {"kg/site/templates/query.js", "kg/site/templates/resource.html"} <= expected
    expected |= {f"kg/{p.relative_to(ROOT / 'kg').as_posix()}" for p in (ROOT / "kg").rglob("*.py")}
    assert expected - names == set()


def test_kg_works_from_its_wheel_in_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    kg = installed / "kg"
    env = {k: v for k, v in os.environ.items() if k not in ("KG_BASE_IRI", "PYTHONPATH")} | {
        "SOURCE_DATE_EPOCH": "1767225600"
    }
    where = run(installed / "python", "-c", "import kg.resources as r; print(r.ontology_dir())", cwd=tmp_path, env=env)
    assert Path(where.strip()).is_relative_to(installed.parent)  # the wheel's copy, not this checkout's
    assert run(kg, "init", "news", cwd=tmp_path, env=env).startswith("wrote 7 files in news/: ")
    project = tmp_path / "news"
    shutil.copy(MINI / "mini.txt", project / "seeds" / "001_mini.txt")
    assert run(kg, "new", "seeds/001_mini.txt", cwd=project, env=env).startswith("wrote seeds/001_mini.yaml")
    (project / "seeds" / "001_mini.yaml").write_bytes((MINI / "mini.yaml").read_bytes())
    for registry in (MINI / "registry").iterdir():
        shutil.copy(registry, project / "seeds" / "registry" / registry.name)
    assert run(kg, "validate", cwd=project, env=env).startswith("ok: 1 articles, ")
    assert run(kg, "build", cwd=project, env=env).startswith("1 articles, ")
    listed = run(kg, "queries", cwd=project, env=env)
    assert listed.count("\n    ") == len(list((ROOT / "queries").glob("*.rq")))
    meetings = run(kg, "query", "meetings", "--format", "csv", cwd=project, env=env)
    assert "Testenko meets Pryklad in Lviv" in meetings
    assert run(kg, "publish", cwd=project, env=env).startswith("wrote site/: ")
    assert (project / "site" / "ontology.html").is_file()
    assert (project / "site" / "actor" / "testenko.html").is_file()
