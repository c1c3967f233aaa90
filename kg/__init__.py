"""kg: a knowledge graph of who met whom, who agreed to what, and who claimed what, according to whom.

From Python, use :mod:`kg.api` (``from kg import api``): ``api.read``, ``api.validate``,
``api.build``, ``api.query``, ``api.load``, ``api.publish``. (``kg.build``, ``kg.query``,
``kg.store`` and ``kg.publish`` are the modules those functions call.) ``import kg`` loads none
of the heavy libraries; each function imports what it needs when called.

The package, stage by stage (data flows down; ``python -m kg`` is the one entry):

Reading the seeds
    ``yaml_input`` (YAML and text files read safely: a refused input is never opened, every node
    keeps its line and column), ``model`` (the annotation and registry formats, pydantic),
    ``schema_errors`` (their errors as problems at a place), ``anchor`` (quotes located in the
    article), ``references`` (the one walk over what an annotation or registry refers to, and the
    check of each id's kind), ``web_address`` (the links an input may give: web addresses, none
    under the graph's own base), ``article_checks`` (one annotation checked against its text and
    the registry), ``corpus`` (the seeds folder read into a checked corpus, or one article alone),
    ``translit``, ``json_schema`` (the formats' JSON Schemas).
Mapping and checking
    ``iri`` (the IRIs kg mints, plain strings), ``vocab`` (the same as rdflib namespaces),
    ``ntriples`` (terms written as N-Triples text), ``mapping`` (an article or the registry to
    N-Triples lines), ``shacl`` (SHACL, with pyshacl-turbo or pySHACL), ``cache`` (kept values
    by content hash), ``errors`` (problems, and the exceptions that carry them).
Building
    ``fragments`` (one article compiled into a kept fragment; the stamp index), ``assemble``
    (Turtle, TriG, N-Quads, JSON-LD from the fragments), ``formats`` (the RDF formats),
    ``serialize`` (a graph in every format), ``files`` (the one atomic writer), ``build`` (the
    pipeline behind ``kg build`` and ``kg validate``), ``local_store`` (the build's query store).
Asking and loading
    ``query`` (saved queries, bound safely, run locally or remotely), ``tables`` (the one text
    table), ``store`` (the Graph Store Protocol and Fuseki), ``tdb2`` (Jena's offline loader).
Publishing
    ``publish`` (the site), ``describe`` (VoID and DCAT), ``pictures`` (the SVG timeline and
    network), ``ui`` (the site's words), ``webconf`` (content negotiation and server rules),
    ``serve`` (``kg serve``), ``wasm`` (the query page's engine, fetched and checked).
For annotators
    ``new_annotation`` (``kg new``: a starter annotation from what the text shows), ``new_project``
    (``kg init``: the files of an empty project), ``lint`` (what is valid but weak), ``stats``,
    ``diff`` (what an edit changed in the graph).
The command and the library
    ``cli`` (the ``kg`` command), ``cli_reference`` (its reference in the README), ``progress``
    (progress bars), ``resources`` (the ontology and queries shipped in the package), ``api``.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
