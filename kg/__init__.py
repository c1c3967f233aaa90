"""kg: a knowledge graph of who met whom, who agreed to what, and who claimed what, according to whom.

From Python, use :mod:`kg.api` (``from kg import api``): ``api.read``, ``api.validate``,
``api.build``, ``api.query``, ``api.load``, ``api.publish``. (``kg.build``, ``kg.query``,
``kg.store`` and ``kg.site.publish`` are the modules those functions call.) ``import kg`` loads none
of the heavy libraries; each function imports what it needs when called.

The package, stage by stage. Data flows down: a module imports only from its own stage or the
stages above it (``tests/test_package_map.py`` checks every import, those inside functions too),
and ``python -m kg`` (or the ``kg`` script) is the one entry.

Foundations
    ``errors`` (problems at a place, and the one family of exceptions kg reports), ``iri`` (the
    IRIs kg mints, plain strings), ``vocab`` (the same as rdflib namespaces), ``ntriples`` (terms
    and graphs written as N-Triples text: the one escaper), ``formats`` (the RDF formats),
    ``files`` (the one atomic writer), ``tables`` (the one text table), ``progress`` (progress
    bars), ``resources`` (the ontology and queries shipped in the package), ``translit``.
Reading the seeds
    ``yaml_input`` (YAML and text files read safely: a refused input is never opened, every node
    keeps its line and column), ``model`` (the annotation and registry formats, pydantic),
    ``schema_errors`` (their errors as problems at a place), ``anchor`` (quotes located in the
    article), ``references`` (the one walk over what an annotation or registry refers to, and the
    check of each id's kind), ``web_address`` (the links an input may give: web addresses, none
    under the graph's own base), ``article_checks`` (one annotation checked against its text and
    the registry), ``corpus`` (the seeds folder read into a checked corpus, or one article alone),
    ``json_schema`` (the formats' JSON Schemas).
Mapping and checking
    ``mapping`` (an article or the registry to N-Triples lines), ``shacl`` (SHACL, with
    pyshacl-turbo or pySHACL), ``cache`` (kept values by content hash).
Building
    ``fragments`` (one article compiled into a kept fragment; the stamp index), ``assemble``
    (Turtle, TriG, N-Quads, JSON-LD from the fragments), ``serialize`` (the corpus as one
    rdflib dataset; an rdflib graph in every format), ``build`` (the pipeline behind ``kg
    build`` and ``kg validate``), ``query_store`` (the build's query store).
Asking and loading
    ``query`` (saved queries, bound safely, run locally or remotely), ``store`` (the Graph Store
    Protocol and Fuseki), ``store_options`` (``kg load``'s options, checked before any work),
    ``tdb2`` (Jena's offline loader).
Publishing
    ``site``, a subpackage with its own map: ``site.publish`` (every file of the site, the folder
    swapped in whole), ``site.graph_view`` (what gets a page, labels, links), ``site.pages`` (the
    HTML pages), ``site.evidence`` (quotes marked in the text), ``site.picture_data``,
    ``site.pictures`` and ``site.picture_pages`` (the timeline and network), ``site.query_page``
    and ``site.query_engine`` (the query page and its Oxigraph engine), ``site.dataset_description``
    (VoID, DCAT, sitemap), ``site.words`` (the site's words in each language), ``site.server_rules``
    (content negotiation, nginx and Apache rules), ``site.serve`` (``kg serve``).
For annotators
    ``new_annotation`` (``kg new``: a starter annotation from what the text shows), ``new_project``
    (``kg init``: the files of an empty project), ``lint`` (what is valid but weak), ``stats``,
    ``diff`` (what an edit changed in the graph).
The command and the library
    ``api`` (kg from Python: what each command does, as a function), ``commands`` (each
    command's run: one ``api`` call, then printing), ``cli`` (the ``kg`` command: its options,
    and errors turned into exit codes), ``cli_reference`` (its reference in the README).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
