"""The published site: the checked graph as static linked-data pages, and the servers' rules.

Data flows down; each module imports only those above it:

``dataset_description`` (the dataset in VoID and DCAT, and the sitemap)
``words`` (the site's own words in English, Ukrainian and Bulgarian)
``server_rules`` (content negotiation, security headers, nginx and Apache configurations)
``graph_view`` (the graph as pages: what gets a page and where, labels, relative links)
``evidence`` (the quotes marked in their paragraphs and in the whole article text)
``pictures`` (the SVG timeline and network drawings)
``picture_data`` (what the pictures show, read from the graph)
``pages`` (the HTML pages from the Jinja2 templates in ``templates/``)
``picture_pages`` (the timeline page and the network's pages by month, actor and article)
``query_engine`` (Oxigraph's WebAssembly build for the query page, fetched and checked)
``query_page`` (the query page, its script and configuration)
``publish`` (every file of the site, and the output folder swapped in whole)
``serve`` (``kg serve``: the site on 127.0.0.1 with content negotiation)
"""
