"""The data kg ships beside its code: the ontology with its shapes, and the saved queries.

In the repository they stay at the top (``ontology/``, ``queries/``), where a reader and grlc
find them; the wheel carries them as the data packages ``kg.ontology`` and ``kg.queries``, so an
installed kg finds them wherever it is run. ``--ontology DIR`` replaces the ontology; a project's
own ``queries/`` adds to the saved queries (see :func:`kg.cli`'s ``kg query``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from kg.errors import SetupError


def ontology_dir() -> Path:
    """The folder of the ontology kg ships (``kg.ttl`` and ``shapes.ttl``).

    >>> sorted(p.name for p in ontology_dir().glob("*.ttl"))
    ['kg.ttl', 'shapes.ttl']
    """
    return _folder("kg.ontology")


def queries_dir() -> Path:
    """The folder of the saved queries kg ships (``NAME.rq``).

    >>> (queries_dir() / "meetings.rq").is_file()
    True
    """
    return _folder("kg.queries")


def _folder(package: str) -> Path:
    found = files(package)
    if not isinstance(found, Path):  # a zip import: Jena, pyoxigraph and the cache need real files
        raise SetupError(f"{package} is not a folder on disk ({found}); install kg from its wheel, unzipped")
    return found
