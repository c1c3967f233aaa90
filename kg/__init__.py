"""kg: a knowledge graph of who met whom, who agreed to what, and who claimed what, according to whom."""

__version__ = "0.1.0"
