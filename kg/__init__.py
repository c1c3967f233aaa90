"""kg: a knowledge graph of who met whom, who agreed to what, and who claimed what, according to whom.

From Python, use :mod:`kg.api` (``from kg import api``): ``api.read``, ``api.validate``,
``api.build``, ``api.query``, ``api.load``, ``api.publish``. (``kg.build``, ``kg.query``,
``kg.load`` and ``kg.publish`` are the modules those functions call.) ``import kg`` loads none
of the heavy libraries; each function imports what it needs when called.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
