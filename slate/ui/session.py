"""What belongs to one browser tab: the slate it uploaded, and drafts kept across pages.

Streamlit's session state is per tab, so an uploaded slate is seen by that tab alone, and
nothing of it is written anywhere. Widgets created on a page are forgotten when the user
moves to another page; a half-written report must not be, so its widgets' values are kept
by assigning them back to themselves on every run (which turns them into plain state until
the page draws the widgets again).
"""

from __future__ import annotations

import streamlit as st

from slate.load import Document
from slate.ui.data import Uploads
from slate.ui.text import esc

_UPLOADS = "_slate_uploads"
DRAFT_PREFIXES = ("report-", "import-")
"""Widget keys whose values outlive a move to another page. Only value widgets use them:
a button's or an uploader's state cannot be assigned."""


def uploads() -> Uploads:
    """This tab's uploads (none: the folder's slate)."""
    found = st.session_state.get(_UPLOADS)
    return found if isinstance(found, Uploads) else Uploads()


def use_uploads(documents: list[Document], replace: bool) -> None:
    """Show this tab the slate with these documents (added to the one on screen, or alone)."""
    current = uploads()
    if replace:
        st.session_state[_UPLOADS] = Uploads(tuple(documents), replace=True)
    else:
        st.session_state[_UPLOADS] = Uploads(
            (*current.documents, *documents), replace=current.replace
        )


def drop_uploads() -> None:
    """Back to the folder's slate (a button's callback)."""
    st.session_state.pop(_UPLOADS, None)


def keep_drafts() -> None:
    """Keep the values of draft widgets for when their page is drawn again."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(DRAFT_PREFIXES):
            st.session_state[key] = st.session_state[key]


def banner() -> None:
    """Say, on every page, that this tab shows an uploaded slate, with the way back."""
    current = uploads()
    if not current.documents:
        return
    names = ", ".join(esc(n) for n in current.names)
    how = "instead of" if current.replace else "added to"
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.info(
        f"This tab shows your upload ({names}) {how} the built-in slate. It is for this "
        "browser tab only (reloading the page starts afresh): nothing was saved, and no one "
        "else sees it.",
        icon=":material/upload_file:",
    )
    right.button(
        "Built-in slate", on_click=drop_uploads, icon=":material/undo:",
        help="Back to the built-in slate: drop this tab's upload.",
        key="drop-uploads", width="stretch",
    )  # fmt: skip
