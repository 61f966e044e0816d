"""Slate: the server and the router. `app` is what `streamlit run app.py` serves: Streamlit's
pages, the data URLs beside them (slate.web) and the security headers on every response.
`dashboard()` is the router: page config, the chrome every page shares, the navigation."""

from functools import partial
from pathlib import Path

import streamlit as st

from slate.web import middleware, routes

# `streamlit run app.py` finds this by reading the file, then has uvicorn import it as the
# module `app`: that import must not draw anything. Each session then runs this same file as
# its script, under the name "__main__", which is when the dashboard is drawn.
app = st.App(__file__, routes=routes(), middleware=middleware())


def dashboard() -> None:
    # Imported here, in the session's run: imported with `app` above, before Streamlit's
    # runtime exists, the pages' caches would be declared without it (and say so in the log).
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
    from slate.ui.text import esc

    # Before anything is drawn, so the spinner and a problems page are laid out alike; the
    # title waits for the data, which names whose slate it is.
    st.set_page_config(
        page_title="Slate",
        # A local image: a Material icon here is fetched from Google's font servers on every
        # load.
        page_icon=str(Path(__file__).parent / "slate" / "ui" / "assets" / "favicon.png"),
        layout="wide",
        menu_items={"About": "A film slate, with honest dates and a source behind every fact."},
    )

    session.keep_drafts()
    loaded = load(session.uploads())
    if loaded.problems and loaded.uploads.documents:
        # The folder changed under this tab's upload, and together they no longer load.
        session.drop_uploads()
        loaded = load()
    if loaded.problems:
        # A folder that fails validation gets one page: the full list of problems, never a
        # traceback.
        st.navigation(
            [st.Page(problems.page, title="Data problems", icon=":material/error:")]
        ).run()
        st.stop()

    # Drawn here, before the page runs, so the filters persist as the user moves between pages.
    context = sidebar_context(loaded)
    # The subject is the data's: a browser tab shows it as text, Markdown (the About box, a
    # heading) escaped.
    st.set_page_config(
        page_title=f"Slate · {context.title}",
        menu_items={
            "About": f"{esc(context.title)}, with honest dates and a source behind every fact."
        },
    )

    # The menu, literally: each page is its function with this run's context. The default page
    # is served at "/"; its hidden twin makes "/overview", the address people type, open it too.
    menu = {
        "Slate": [
            st.Page(partial(overview.page, context), title="Overview", icon=":material/dashboard:",
                    url_path="home", default=True),
            st.Page(partial(table.page, context), title="Slate", icon=":material/table_rows:",
                    url_path="slate"),
            st.Page(partial(timeline.page, context), title="Timeline",
                    icon=":material/view_timeline:", url_path="timeline"),
            st.Page(partial(overview.page, context), title="Overview", url_path="overview",
                    visibility="hidden"),
        ],
        "Context": [
            st.Page(partial(stalled.page, context), title="Stalled & abandoned",
                    icon=":material/block:", url_path="stalled"),
            st.Page(partial(chronicle.page, context), title="Chronicle", icon=":material/history:",
                    url_path="chronicle"),
            st.Page(partial(sources.page, context), title="Sources", icon=":material/article:",
                    url_path="sources"),
        ],
        "Keep it current": [
            st.Page(partial(report.page, context), title="Add a report", icon=":material/post_add:",
                    url_path="add-report"),
            st.Page(partial(upload.page, context), title="Import", icon=":material/upload_file:",
                    url_path="import"),
        ],
    }  # fmt: skip
    # A page's heading is its menu title, but where these say otherwise.
    headings = {
        "Overview": esc(context.title),
        "Slate": "The slate",
        "Import": "Import your own slate",
    }
    current = st.navigation(menu)
    header(headings.get(current.title, current.title), context)
    session.banner()
    current.run()


if __name__ == "__main__":
    dashboard()
