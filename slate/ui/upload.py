"""Import: bring your own films, for this browser tab only.

A list of films (CSV, or a JSON or YAML list of mappings, with the headers people write),
this dashboard's exports, or a data file, read by the same core as `python -m slate
import` and the data folder: every problem is listed with its line and field. The user
chooses to add the file to the slate on screen or to replace the slate with it; from a
list, the rows that are fine can be loaded alone, and the others are listed, in plain
words, and can be downloaded to fix. Nothing is written to disk: the upload lives in this
tab's session, and no other session sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd
import streamlit as st

from slate.importer import (
    MAX_UPLOAD_BYTES,
    Mode,
    Upload,
    read_upload,
    rejected_csv,
    settle,
    template_csv,
)
from slate.load import Document, Problem
from slate.ui import data, session
from slate.ui.common import Context
from slate.ui.text import esc
from slate.words import plural

_MODES: dict[Mode, str] = {
    "add": "Add it to the slate on screen",
    "replace": "Replace the slate with it",
}


def page(context: Context) -> None:
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(
        "Upload a list of films (CSV, or a JSON or YAML list: a title and a status for each, "
        "and whatever else you have), this dashboard's CSV or JSON export, or a data file. "
        "It is checked like the built-in slate and shown in this tab only; nothing is saved."
    )
    right.download_button(
        "Template (CSV)", template_csv().encode("utf-8"), file_name="films.csv",
        mime="text/csv", icon=":material/download:", on_click="ignore",
        key="download-template", width="stretch",
        help="The headers people write (Title, Director, Release date, Status, Cast, Studio, "
        "...) and an example row: replace it with your films.",
    )  # fmt: skip
    mode = st.radio(
        "What to do with it", list(_MODES), format_func=_MODES.__getitem__, key="import-mode",
        horizontal=True,
        help="Add: more films, or a report about films on screen. Replace: see only what the "
        "file holds.",
    )  # fmt: skip
    as_claims = mode == "add" and st.checkbox(
        "Record a film already on the slate as news about it",
        key="import-as-claims",
        help="A row whose title is on the slate (case, accents and punctuation aside, the same "
        "year where both give one) is refused, so no film appears twice; ticked, its status, "
        "dates and credits become claims about the film there instead, cited to your list.",
    )
    file = st.file_uploader(
        "A .csv, .json, .yaml or .yml file",
        type=["csv", "json", "yaml", "yml"],
        key="upload-file",
        help=f"Up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. UTF-8 (with or without a "
        "byte-order mark).",
    )
    if file is None:
        return
    upload = read_upload(file.name, file.getvalue(), context.slate, mode, as_claims=as_claims)
    st.markdown(f"**{esc(file.name)}**: read as a {esc(upload.kind)}.")
    for note in upload.notes:
        st.caption(esc(note))
    if upload.problems:
        _problems(upload.problems)
        return
    loaded = context.loaded
    if _in_use(upload, loaded.uploads.documents):
        # Checked again with itself on screen, it would only clash with itself.
        st.info("This file is in use in this tab.", icon=":material/check:")
        return
    replace = mode == "replace"
    if replace:
        loaded = data.Loaded(loaded.folder, loaded.stamp, None, (), data.Uploads(replace=True))
    upload, checked, problems = settle(upload, partial(data.check, loaded))
    if upload.rejected:
        _rejected(upload)
    if problems:
        _problems(problems)
        return
    if not upload.documents:
        if not upload.rejected:
            st.warning("It holds no rows.", icon=":material/block:")
        return
    assert checked is not None
    words = (
        f"{plural(len(checked.projects), 'project')}, {plural(len(checked.events), 'event')} and "
        f"{plural(len(checked.sources), 'source')}"
    )
    st.success(f"It checks out: the slate would hold {words}.", icon=":material/check_circle:")
    if upload.is_list:
        _added(upload)
    fine = len(upload.added)
    label = (
        f"Load the {plural(fine, 'row')} that {'is' if fine == 1 else 'are'} fine"
        if upload.rejected
        else "Use it in this tab"
    )
    st.button(
        label, type="primary", icon=":material/upload_file:", key="use-upload",
        on_click=session.use_uploads, args=(list(upload.documents), replace),
    )  # fmt: skip


def _in_use(upload: Upload, documents: Sequence[Document]) -> bool:
    if upload.is_list:
        # A list's document is made against the slate on screen, which now holds it: it is
        # known again by the digest of its bytes, written into the document it made.
        mark = f"(sha256 {upload.digest})".encode()
        return any(mark in data[:1024] for _, data in documents)
    return bool(upload.documents) and all(d in documents for d in upload.documents)


def _added(upload: Upload) -> None:
    new = sum(not a.claims for a in upload.added)
    claimed = len(upload.added) - new
    parts = [plural(new, "new project")] if new else []
    if claimed:
        parts.append(f"claims about {plural(claimed, 'film')} already on the slate")
    st.caption(f"It adds {' and '.join(parts)}, cited to {esc(upload.name)}.")
    unsaid = [a for a in upload.added if a.not_recorded]
    for added in unsaid[:_SHOWN]:
        st.caption(esc(f"{added.title} (line {added.line}): {added.not_recorded}."))
    if len(unsaid) > _SHOWN:
        st.caption(f"… and {plural(len(unsaid) - _SHOWN, 'other film')} the same way.")
    read = [a for a in upload.added if a.read]
    if read:
        # What each date in words became, so a reader can check the reading before using it.
        with st.expander(f"Dates read from words ({len(read):,})"):
            st.markdown(
                "\n".join(
                    f"- {esc(a.title)} (line {a.line}): {esc(a.dates_read)}" for a in read[:500]
                )
                + (f"\n- … and {len(read) - 500:,} more" if len(read) > 500 else "")
            )


_SHOWN = 20
"""Rows whose cells a claim leaves out, named one by one: past this, a list of them would
bury the button that loads the file."""


def _problems(problems: Sequence[Problem]) -> None:
    count = len(problems)
    st.error(
        f"{plural(count, 'problem')} {'stops' if count == 1 else 'stop'} this file loading; "
        "nothing changed.",
        icon=":material/error:",
    )
    st.code("\n".join(str(problem) for problem in problems[:200]), language=None, wrap_lines=True)


def _rejected(upload: Upload) -> None:
    count, rows = len(upload.rejected), upload.rows
    if count >= rows:
        said = "Its one row cannot" if rows == 1 else f"None of its {plural(rows, 'row')} can"
        st.warning(f"{said} be loaded.", icon=":material/block:")
    else:
        other = "the other one" if rows - count == 1 else f"the other {rows - count:,}"
        st.warning(
            f"{count:,} of {plural(rows, 'row')} cannot be loaded; {other} can, without "
            f"{'it' if count == 1 else 'them'}.",
            icon=":material/rule:",
        )
    st.dataframe(
        pd.DataFrame(
            {
                "Line": [r.line for r in upload.rejected],
                "Title": [r.title or r.cells.get("id", "") for r in upload.rejected],
                "Problem": [r.problem for r in upload.rejected],
            }
        ),
        hide_index=True,
        width="stretch",
        key="rejected-rows",
    )
    st.download_button(
        "Download the rows left out", rejected_csv(upload).encode("utf-8"),
        file_name=f"rejected_{upload.name.rsplit('.', 1)[0]}.csv", mime="text/csv",
        icon=":material/download:", on_click="ignore", key="download-rejected",
    )  # fmt: skip
