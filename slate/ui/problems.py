"""The page shown instead of the dashboard when the data folder fails validation."""

from __future__ import annotations

import streamlit as st

from slate.load import inert
from slate.ui.data import load
from slate.ui.text import esc
from slate.words import plural

SHOWN = 1_000
"""Problems listed at most: a hostile file can hold a hundred thousand bad records, and the
page must still load (the CLI lists them all)."""


def page() -> None:
    loaded = load()
    count = len(loaded.problems)
    st.title("The slate data has problems", anchor=False)
    st.error(
        f"{plural(count, 'problem')} in **{esc(inert(str(loaded.folder)))}** "
        "stopped it loading. Fix each one below (file:line: field: message), save, and reload "
        "this page.",
        icon=":material/error:",
    )
    # st.code shows the lines verbatim (no Markdown), and they can be copied in one go; each
    # problem's parts are already made inert and cut short by the loader.
    lines = [str(problem) for problem in loaded.problems[:SHOWN]]
    if count > SHOWN:
        lines.append(f"… and {count - SHOWN:,} more: run the command below to see them all.")
    st.code("\n".join(lines), language=None, wrap_lines=True)
    st.caption("Check the folder from a terminal with `python -m slate validate --data DIR`.")
