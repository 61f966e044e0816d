"""Slate: the router. Page config, the navigation, and nothing else."""

from pathlib import Path

import streamlit as st

from slate.ui import chronicle, overview, problems, sources, stalled, table, timeline
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

if load().problems:
    # A folder that fails validation gets one page: the full list of problems, never a traceback.
    pages = st.navigation([st.Page(problems.page, title="Data problems", icon=":material/error:")])
else:
    pages = st.navigation(
        {
            "Slate": [
                st.Page(
                    overview.page,
                    title="Overview",
                    icon=":material/dashboard:",
                    url_path="overview",
                    default=True,
                ),
                st.Page(table.page, title="Slate", icon=":material/table_rows:", url_path="slate"),
                st.Page(
                    timeline.page,
                    title="Timeline",
                    icon=":material/view_timeline:",
                    url_path="timeline",
                ),
            ],
            "Context": [
                st.Page(
                    stalled.page,
                    title="Stalled & abandoned",
                    icon=":material/block:",
                    url_path="stalled",
                ),
                st.Page(
                    chronicle.page,
                    title="Chronicle",
                    icon=":material/history:",
                    url_path="chronicle",
                ),
                st.Page(
                    sources.page, title="Sources", icon=":material/article:", url_path="sources"
                ),
            ],
        }
    )
pages.run()
