"""Slate: a film slate with honest dates and a source behind every fact (built in: Tom Cruise's)."""

__version__ = "0.1.0"
