"""Import: bring your own slate, for this browser tab only.

An upload is read by the same core as a data folder, and every problem is listed with its
line (or CSV row) and field. The user chooses to add the file to the slate on screen (a
report, say) or to replace the slate with it; from a CSV, the rows that are fine can be
loaded alone and the others are listed and can be downloaded to fix. Nothing is written
to disk: the upload lives in this tab's session, and no other session sees it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from slate.importer import MAX_UPLOAD_BYTES, Mode, Upload, read_upload, rejected_csv
from slate.load import Problem
from slate.ui import data, session
from slate.ui.common import Context
from slate.ui.text import esc
from slate.words import plural

_MODES: dict[Mode, str] = {
    "add": "Add it to the slate on screen",
    "replace": "Replace the slate with it",
}


def page(context: Context) -> None:
    st.caption(
        "Upload a data file (YAML or JSON, a report file included), this dashboard's JSON "
        "export, or its CSV export. It is checked like the built-in slate and shown in this "
        "tab only; nothing is saved."
    )
    mode = st.radio(
        "What to do with it", list(_MODES), format_func=_MODES.__getitem__, key="import-mode",
        horizontal=True,
        help="Add: a report about projects on screen, or more projects. Replace: see only "
        "what the file holds.",
    )  # fmt: skip
    file = st.file_uploader(
        "A .yaml, .yml, .json or .csv file",
        type=["yaml", "yml", "json", "csv"],
        key="upload-file",
        help=f"Up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. UTF-8 (with or without a "
        "byte-order mark).",
    )
    if file is None:
        return
    raw = file.getvalue()
    upload = read_upload(file.name, raw, context.slate, mode)
    st.markdown(f"**{esc(file.name)}**: read as a {esc(upload.kind)}.")
    for note in upload.notes:
        st.caption(esc(note))
    if upload.problems:
        _problems(upload.problems)
        return
    if upload.rejected:
        _rejected(upload)
    if not upload.documents:
        st.warning("No row of it can be loaded.", icon=":material/block:")
        return
    if all(d in context.loaded.uploads.documents for d in upload.documents):
        # Checked again with itself on screen, it would only clash with its own ids.
        st.info("This file is in use in this tab.", icon=":material/check:")
        return
    replace = mode == "replace"
    loaded = context.loaded
    if replace:
        checked, problems = data.check(
            data.Loaded(loaded.folder, loaded.stamp, None, (), data.Uploads(replace=True)),
            upload.documents,
        )
    else:
        checked, problems = data.check(loaded, upload.documents)
    if problems:
        _problems(problems)
        return
    assert checked is not None
    words = (
        f"{plural(len(checked.projects), 'project')}, {plural(len(checked.events), 'event')} and "
        f"{plural(len(checked.sources), 'source')}"
    )
    st.success(f"It checks out: the slate would hold {words}.", icon=":material/check_circle:")
    fine = upload.rows - len(upload.rejected)
    label = (
        f"Load the {plural(fine, 'row')} that {'is' if fine == 1 else 'are'} fine"
        if (upload.rejected)
        else "Use it in this tab"
    )
    st.button(
        label, type="primary", icon=":material/upload_file:", key="use-upload",
        on_click=session.use_uploads, args=(list(upload.documents), replace),
    )  # fmt: skip


def _problems(problems: Sequence[Problem]) -> None:
    count = len(problems)
    st.error(
        f"{plural(count, 'problem')} {'stops' if count == 1 else 'stop'} this file loading; "
        "nothing changed.",
        icon=":material/error:",
    )
    st.code("\n".join(str(problem) for problem in problems[:200]), language=None, wrap_lines=True)


def _rejected(upload: Upload) -> None:
    count = len(upload.rejected)
    st.warning(
        f"{count} of {plural(upload.rows, 'row')} cannot be loaded; the others can, without them.",
        icon=":material/rule:",
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Line": [r.line for r in upload.rejected],
                "Id": [r.cells.get("id", "") for r in upload.rejected],
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
