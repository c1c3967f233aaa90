"""kg: a knowledge graph of who met whom, who agreed to what, and who claimed what, according to whom.

From Python, use :mod:`kg.api` (``from kg import api``): ``api.read``, ``api.validate``,
``api.build``, ``api.query``, ``api.load``, ``api.publish``. (``kg.build``, ``kg.query``,
``kg.load`` and ``kg.site.publish`` are the modules those functions call.) ``import kg`` loads none
of the heavy libraries; each function imports what it needs when called.

The package, stage by stage (data flows down; ``python -m kg`` is the one entry):

Reading the seeds
    ``load`` (YAML with line and column of every node; inputs refused before they are read),
    ``model`` (the annotation and registry formats, pydantic), ``schema_errors`` (their errors
    as problems at a place), ``anchor`` (quotes located in the article), ``corpus`` (a checked
    corpus, one article at a time), ``translit``, ``json_schema`` (the formats' JSON Schemas).
Mapping and checking
    ``iri`` (the IRIs kg mints, plain strings), ``vocab`` (the same as rdflib namespaces),
    ``ntriples`` (terms written as N-Triples text), ``mapping`` (an article or the registry to
    N-Triples lines), ``check`` (SHACL, with pyshacl-turbo or pySHACL), ``cache`` (kept values
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
    ``site``, a subpackage with its own map: ``site.publish`` (every file of the site, the folder
    swapped in whole), ``site.graph_view`` (what gets a page, labels, links), ``site.pages`` (the
    HTML pages), ``site.evidence`` (quotes marked in the text), ``site.picture_data``,
    ``site.pictures`` and ``site.picture_pages`` (the timeline and network), ``site.query_page``
    and ``site.query_engine`` (the query page and its Oxigraph engine), ``site.dataset_description``
    (VoID, DCAT, sitemap), ``site.words`` (the site's words in each language), ``site.server_rules``
    (content negotiation, nginx and Apache rules), ``site.serve`` (``kg serve``).
For annotators
    ``scaffold`` (``kg new``, ``kg init``), ``lint`` (what is valid but weak), ``stats``,
    ``diff`` (what an edit changed in the graph).
The command and the library
    ``cli`` (the ``kg`` command), ``cli_reference`` (its reference in the README), ``progress``
    (progress bars), ``resources`` (the ontology and queries shipped in the package), ``api``.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
