"""The ontology and its SHACL shapes, shipped in the wheel as the data package ``kg.ontology``."""
