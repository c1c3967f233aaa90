"""JSON Schemas of the annotation and registry formats, generated from :mod:`kg.model`.

Editors that speak the YAML language server protocol read them from the first line of each
file (``# yaml-language-server: $schema=…``) to complete and check fields while one types. The
schemas are never edited by hand: ``kg schema`` writes them and a test holds the committed
files to what the model generates now. They see the shape of one file only; references to other
files, quotes and impossible dates are for ``kg validate``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kg.files import replace
from kg.model import Annotation, Registry

ANNOTATION = "annotation.schema.json"
REGISTRY = "registry.schema.json"
_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    ANNOTATION: (Annotation, "One article's annotation (seeds/NNN_hash.yaml beside the article's text)"),
    REGISTRY: (Registry, "A registry of actors, places or topics shared by every article (seeds/registry/*.yaml)"),
}
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def generate(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` as a JSON value.

    >>> generate("annotation.schema.json")["required"]
    ['article']
    """
    model, title = _MODELS[name]
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def schema_files() -> dict[str, bytes]:
    """Every schema file's name and bytes, the same bytes for the same model."""
    return {name: (json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n").encode() for name in _MODELS}


def stale(folder: Path) -> list[str]:
    """The schema files in ``folder`` that are missing or differ from what the model generates."""
    return [name for name, data in schema_files().items() if _read(folder / name) != data]


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def write(folder: Path) -> list[str]:
    """Write every schema to ``folder``; return the names of those that changed."""
    changed = stale(folder)
    for name, data in schema_files().items():
        if name in changed:
            replace(folder / name, data)
    return changed


def modeline(schema_file: Path, yaml_file: Path) -> str:
    """The first line that points an editor at ``schema_file`` from ``yaml_file``.

    >>> modeline(Path("schema/annotation.schema.json"), Path("seeds/001_x.yaml"))
    '# yaml-language-server: $schema=../schema/annotation.schema.json'
    """
    relative = os.path.relpath(schema_file.absolute(), yaml_file.absolute().parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"
