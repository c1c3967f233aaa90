"""SHACL results of the registries kept between builds, keyed by a hash of exactly what made
them (each article's own results and outputs are kept as its fragment: see kg.fragments).

An article is validated with the ontology and the registry beside it, but its results can only
depend on its own triples, on the registry entries it names (and those they name in turn), on
the ontology and shapes, and on the validator (tests/test_fragments.py). The key hashes all of that, so an
edited, renamed or moved article, or a changed registry entry, misses the cache for exactly the
articles that depend on it, and nothing stale is ever found. An entry that cannot be read or
whose checksum does not match is ignored and written again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from kg import __version__, files
from kg.shacl import Violation, engine

DEFAULT_DIR = Path(".kg-cache")
_FORMAT = 2  # bump when an entry's layout changes


class Cache:
    """Violation lists on disk, one file per key (``<dir>/ab/abcdef….json``).

    A cache that may not ``write`` (``kg validate`` writes nothing) only reads.
    """

    def __init__(self, directory: Path, *, write: bool = True) -> None:
        self.directory = directory
        self.write = write

    def get(self, key: str) -> list[Violation] | None:
        """The results stored under ``key``; ``None`` if there are none or they are damaged."""
        rows = self.get_value(key)
        try:
            return None if rows is None else [Violation(*map(str, row)) for row in rows]
        except TypeError:
            return None

    def put(self, key: str, violations: Iterable[Violation]) -> None:
        """Store ``violations`` under ``key``, atomically: a reader never sees half an entry."""
        self.put_value(key, [[v.focus, v.path, v.message, v.severity] for v in violations])

    def get_value(self, key: str) -> Any:
        """The JSON value stored under ``key``; ``None`` if there is none or it is damaged."""
        try:
            entry = json.loads(self._file(key).read_text(encoding="utf-8"))
            value = entry["value"]
            if entry["key"] != key or entry["checksum"] != _checksum(key, value):
                return None
            return value
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put_value(self, key: str, value: Any) -> None:
        """Store the JSON ``value`` under ``key``, atomically: a reader never sees half an entry."""
        if not self.write:
            return
        text = json.dumps({"key": key, "checksum": _checksum(key, value), "value": value}, ensure_ascii=False)
        files.replace(self._file(key), text.encode("utf-8"), durable=False)  # a lost entry is made again

    def _file(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"


def salt(ontology: Path, shapes: Path, base: str) -> str:
    """What every key shares: the ontology and shapes files, the base IRI, and the versions of
    kg and of the libraries that validate: the SHACL engine this run uses (kg.shacl) and rdflib."""
    shacl = engine()
    parts = [f"kg {__version__}", f"format {_FORMAT}", base]
    parts += [f"shacl {shacl.name} {shacl.package} {shacl.version}", f"rdflib {version('rdflib')}"]
    parts += [hashlib.sha256(file.read_bytes()).hexdigest() for file in (ontology, shapes)]
    return "\n".join(parts)


def key(salt: str, *line_groups: Iterable[str]) -> str:
    """The SHA-256 of ``salt`` and N-Triples lines (each group sorted, so order does not matter)."""
    digest = hashlib.sha256(salt.encode("utf-8"))
    for lines in line_groups:
        digest.update(b"\x00")
        for line in sorted(lines):
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def _checksum(key: str, value: Any) -> str:
    return hashlib.sha256(json.dumps([key, value], ensure_ascii=False).encode("utf-8")).hexdigest()
