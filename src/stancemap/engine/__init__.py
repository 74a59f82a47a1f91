"""Engines: the extraction spread over many processes, on one machine (`local`) or a Ray cluster (`ray`)."""
