"""Slate: the router. Page config, the chrome every page shares, the navigation."""

from functools import partial
from pathlib import Path

import streamlit as st

from slate.ui import (
    chronicle,
    overview,
    problems,
    report,
    session,
    sources,
    stalled,
    table,
    timeline,
    upload,
)
from slate.ui.common import header, sidebar_context
from slate.ui.data import load

st.set_page_config(
    page_title="Slate · Tom Cruise's film slate",
    # A local image: a Material icon here is fetched from Google's font servers on every load.
    page_icon=str(Path(__file__).parent / "slate" / "ui" / "assets" / "favicon.png"),
    layout="wide",
    menu_items={
        "About": "Tom Cruise's film slate, with honest dates and a source behind every fact."
    },
)

session.keep_drafts()
loaded = load(session.uploads())
if loaded.problems and loaded.uploads.documents:
    # The folder changed under this tab's upload, and together they no longer load.
    session.drop_uploads()
    loaded = load()
if loaded.problems:
    # A folder that fails validation gets one page: the full list of problems, never a traceback.
    st.navigation([st.Page(problems.page, title="Data problems", icon=":material/error:")]).run()
    st.stop()

# Drawn here, before the page runs, so the filters persist as the user moves between pages.
context = sidebar_context(loaded)

# (page function, menu title, heading, icon, url path)
SECTIONS = {
    "Slate": [
        # The default page, served at "/" (its own url_path is never shown).
        (overview.page, "Overview", "Tom Cruise's film slate", "dashboard", "home"),
        (table.page, "Slate", "The slate", "table_rows", "slate"),
        (timeline.page, "Timeline", "Timeline", "view_timeline", "timeline"),
    ],
    "Context": [
        (stalled.page, "Stalled & abandoned", "Stalled & abandoned", "block", "stalled"),
        (chronicle.page, "Chronicle", "Chronicle", "history", "chronicle"),
        (sources.page, "Sources", "Sources", "article", "sources"),
    ],
    "Keep it current": [
        (report.page, "Add a report", "Add a report", "post_add", "add-report"),
        (upload.page, "Import", "Import your own slate", "upload_file", "import"),
    ],
}
headings: dict[str, str] = {}
menu: dict[str, list[st.Page]] = {}
for section, pages in SECTIONS.items():
    menu[section] = []
    for function, title, heading, icon, url_path in pages:
        headings[title] = heading
        menu[section].append(
            st.Page(
                partial(function, context), title=title, icon=f":material/{icon}:",
                url_path=url_path, default=url_path == "home",
            )
        )  # fmt: skip
# A hidden twin makes "/overview", the address people type, open the Overview too.
menu["Slate"].append(
    st.Page(
        partial(overview.page, context), title="Overview", url_path="overview",
        visibility="hidden",
    )
)  # fmt: skip
current = st.navigation(menu)
header(headings[current.title], context)
session.banner()
current.run()
