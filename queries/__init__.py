"""The saved SPARQL queries, shipped in the wheel as the data package ``kg.queries``."""
