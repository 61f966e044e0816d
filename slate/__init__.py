"""Slate: Tom Cruise's film slate with honest dates and a source behind every fact."""

__version__ = "0.1.0"
