"""The page shown instead of the dashboard when the data folder fails validation."""

from __future__ import annotations

import streamlit as st

from slate.ui.data import load
from slate.ui.text import esc


def page() -> None:
    loaded = load()
    count = len(loaded.problems)
    st.title("The slate data has problems", anchor=False)
    st.error(
        f"{count} problem{'s' if count != 1 else ''} in **{esc(loaded.folder)}** stopped it "
        "loading. "
        "Fix each one below (file:line: field: message), save, and reload this page.",
        icon=":material/error:",
    )
    # st.code shows the lines verbatim (no markdown), and they can be copied in one go.
    st.code("\n".join(loaded.problems), language=None, wrap_lines=True)
    st.caption("Check the folder from a terminal with `python -m slate validate --data DIR`.")
