"""The cyclic garbage collector, paused where the core builds in bulk.

Loading a slate, building its table and drawing its charts each allocate many long-lived
objects and no cycles; the collector would walk the growing heap again and again for
nothing, so those steps run with it off."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a block that builds many long-lived
    objects and no cycles (a load, a table)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
