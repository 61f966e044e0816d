"""Add a report: a new article and what it says, as one file to drop into a data folder.

The form builds the report file as it is filled in and checks it with the loader against
the slate on screen, so every problem is the loader's own, shown under the part it is
about. The preview shows each project's fields before and after. Anyone can download the
file; only the app started for editing (`make edit`, this machine only) can save it into
the data folder, as a new file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

import streamlit as st

from slate.claims import changes
from slate.dates import FuzzyDate, FuzzyDateError, day_label
from slate.load import Problem
from slate.models import Certainty, Status
from slate.press import PressDateError, read_date
from slate.report import file_name, report_yaml, suggest_id
from slate.store import FileExistsInFolderError, write_new
from slate.ui import data
from slate.ui.common import Context
from slate.ui.problems import SHOWN
from slate.ui.text import esc
from slate.words import plural

EDIT_ENV = "SLATE_EDIT"
"""Set to 1 (`make edit`) to let this page save reports into the data folder."""
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
NEW = "__new__"
_IDS = "report-claim-ids"
_SAVED = "_report_saved"


def editing() -> bool:
    """Whether this server may write reports: started for editing, and on this machine only."""
    address = str(st.get_option("server.address") or "")
    return os.environ.get(EDIT_ENV) == "1" and address in _LOOPBACK


def _flag(message: str) -> None:
    st.caption(f":red[:material/error: {esc(message)}]")


class Typed(NamedTuple):
    """A date field as filled in: what goes into the report file, and the words typed where
    they were words (kept beside the date, in the record's `written`)."""

    value: str
    words: str | None = None


def _date_field(
    label: str, key: str, help: str, on: FuzzyDate | dt.date | None, required: bool = False
) -> Typed:
    """A date in the reporter's words ("late 2026", "2 October 2026", "next year"), read
    against `on` (the article's own date) and shown as what it becomes."""
    text = st.text_input(
        label, key=key, help=help, placeholder="e.g. 20 November 2026, late 2026, 2027"
    ).strip()
    if not text:
        if required:
            _flag("needed: when it was published, as precisely as its text tells")
        return Typed("")
    try:
        reading = read_date(text, on=on)
    except PressDateError as error:
        _flag(str(error))
        return Typed(text)  # the loader says it again, at its field, with the others
    if reading.words:
        st.caption(f":material/check: {esc(reading.label)} (stored as {esc(reading.edtf)})")
    first = reading.date.earliest
    if first is not None and first > dt.date.today() and key == "report-published":
        _flag(f"after today ({day_label(dt.date.today())}): a typo?")
    return Typed(reading.edtf, reading.words)


def page(context: Context) -> None:
    loaded = context.loaded
    st.caption(
        "Record a new article: who published it and when, then each thing it says about a "
        "project. Nothing already in the slate is changed: the claims join each project's "
        "history, and the newest claims set what is current."
    )
    if context.loaded.uploads.replace:
        st.info("This tab shows an uploaded slate; reports are checked against it.")

    st.subheader("The article", anchor=False)
    left, right = st.columns(2)
    with left:
        outlet = st.text_input("Outlet", key="report-outlet", placeholder="e.g. Trade Daily")
        headline = st.text_input("Headline", key="report-headline")
        url = st.text_input("Address", key="report-url", placeholder="https://…")
        if url.strip() and not re.match(r"^https?://\S+$", url.strip()):
            _flag("an address starts with http:// or https:// and has no spaces")
    with right:
        typed = _date_field(
            "Published", "report-published", on=dt.date.today(), required=True,
            help="As the article dates itself: '20 November 2026', 'November 2026', "
            "'yesterday'. EDTF (2026-11-20) works too.",
        )  # fmt: skip
        published = typed.value
        name = st.text_input(
            "Short name", key="report-name", placeholder=headline.strip() or "What it is about",
            help="How the slate names this article; the headline if left empty.",
        )  # fmt: skip
        suggested = suggest_id(outlet, headline)
        source_id = st.text_input(
            "Source id", key="report-id", placeholder=suggested,
            help="Lower-case letters, digits and hyphens; claims cite the article by it.",
        ).strip() or suggested  # fmt: skip
    note = st.text_area(
        "What it covers, in your own words", key="report-note", height=80,
        help="Facts carry over from an article; sentences do not. Say how its date was "
        "worked out if it prints none.",
    )  # fmt: skip

    st.subheader("What it says", anchor=False)
    if _IDS not in st.session_state:
        st.session_state[_IDS] = [0]
    claims: list[dict[str, Any]] = []
    projects: list[dict[str, Any]] = []
    titles = {p.id: p.title for p in context.slate.projects}
    for number, claim_id in enumerate(list(st.session_state[_IDS])):
        with st.container(border=True, key=f"report-claim-{claim_id}"):
            claim, project = _claim_form(claim_id, number, titles, published, _day_of(published))
            claims.append(claim)
            if project:
                projects.append(project)
    st.button("Add a claim", icon=":material/add:", on_click=_add_claim, key="add-claim")

    source = {
        "id": source_id,
        "name": name.strip() or headline.strip() or outlet.strip(),
        "outlet": outlet.strip(),
        "headline": headline.strip(),
        "url": url.strip(),
        "published": published,
        "note": note.strip(),
        "written": {"published": typed.words} if typed.words else {},
    }
    for claim in claims:
        claim["source"] = source_id
    for project in projects:
        project["sources"] = [source_id]
    file = file_name(source_id, published)
    text = report_yaml(source, claims, projects)
    checked, problems = data.check(loaded, [(file, text.encode("utf-8"))])

    st.subheader("Before and after", anchor=False)
    if problems:
        # A claim date left empty takes the publication date's mistake: said once, for it.
        shown = [
            _readable(p, file) for p in problems if not _inherited(p, file, claims, published)
        ] or [_readable(p, file) for p in problems]
        st.warning(
            f"{plural(len(shown), 'thing')} to fix before the report can be used:",
            icon=":material/edit_note:",
        )
        lines = shown[:SHOWN]
        if len(shown) > SHOWN:
            lines.append(f"… and {len(shown) - SHOWN:,} more")
        st.code("\n".join(lines), language=None, wrap_lines=True)
    elif checked is not None:
        _preview(context, checked)

    st.download_button(
        "Download the report file", text.encode("utf-8"), file_name=file,
        mime="application/yaml", icon=":material/download:", key="download-report",
        on_click="ignore", disabled=bool(problems),
        help="A YAML file to drop into a data folder, or to add with "
        "`python -m slate add FILE`.",
    )  # fmt: skip
    with st.expander("The report file", expanded=False):
        st.code(text, language="yaml")
    if editing():
        _save(loaded, file, text, bool(problems))
    else:
        st.caption(
            "This dashboard does not write to its data folder. To add the file, run "
            "`python -m slate add FILE`, or start the dashboard for editing with `make edit`."
        )


def _day_of(published: str) -> FuzzyDate | None:
    """The article's date, for reading its claims' "next year"; None while it has none."""
    try:
        return FuzzyDate.parse(published) or None
    except FuzzyDateError:
        return None


def _claim_form(
    claim_id: int,
    number: int,
    titles: dict[str, str],
    published: str,
    on: FuzzyDate | None,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    key = f"report-{claim_id}"
    head, remove = st.columns([5, 1], vertical_alignment="center")
    head.markdown(f"**Claim {number + 1}**")
    remove.button(
        "Remove", key=f"remove-claim-{claim_id}", on_click=_remove_claim, args=(claim_id,),
        icon=":material/delete:", disabled=len(st.session_state[_IDS]) == 1,
    )  # fmt: skip
    options = [*titles, NEW]
    about = st.selectbox(
        "About", options, key=f"{key}-project",
        format_func=lambda pid: "A project not in the slate yet" if pid == NEW else titles[pid],
    )  # fmt: skip
    project = None
    pid = about
    if about == NEW:
        a, b = st.columns(2)
        title = a.text_input("Title", key=f"{key}-title")
        pid = b.text_input(
            "Project id", key=f"{key}-new-id", placeholder=suggest_id(title, ""),
            help="Lower-case letters, digits and hyphens; used in links.",
        ).strip() or suggest_id(title, "")  # fmt: skip
        logline = st.text_input("What it is, in a sentence of your own", key=f"{key}-logline")
        project = {"id": pid, "title": title.strip(), "status": None, "logline": logline.strip()}
    a, b, c, d = st.columns(4)
    with a:
        date = _date_field(
            "When it holds", f"{key}-date", on=on,
            help="The day or time what it says is true: a December article's \"opened on "
            "2 October\" holds from 2 October. Empty: the article's publication date, for "
            "news as of its writing. Never after the article.",
        )  # fmt: skip
    statuses = ["", *(s.value for s in Status)]
    status = b.selectbox(
        "Status", statuses, key=f"{key}-status",
        format_func=lambda v: Status(v).label if v else "Not said",
        help="Where the project stands, as the article reports it.",
    )  # fmt: skip
    with c:
        release = _date_field(
            "Release", f"{key}-release", on=on, help="The release date it gives: 'late 2026'."
        )
    with d:
        filming = _date_field(
            "Filming", f"{key}-filming", on=on, help="When it says shooting is: 'next spring'."
        )
    credits: dict[str, list[dict[str, str]]] = {}
    for kind, label in (("directors", "Directors"), ("cast", "Cast")):
        names_col, firm_col = st.columns([3, 1])
        names = names_col.text_input(
            label, key=f"{key}-{kind}", placeholder="Name; Name",
            help="Names the article attaches (added, or their certainty changed); ';' between.",
        )  # fmt: skip
        firm = firm_col.selectbox(
            "How firmly", [c.value for c in Certainty], key=f"{key}-{kind}-certainty",
        )  # fmt: skip
        credits[kind] = [
            {"name": n.strip(), **({"certainty": firm} if firm != "confirmed" else {})}
            for n in names.split(";")
            if n.strip()
        ]
    note = st.text_input("What it says, in your own words", key=f"{key}-note")
    why = st.text_input(
        "Status your reading, not the article's word? Say why", key=f"{key}-inferred",
        help="Left empty, the status is the article's own. Filled in, it is marked inferred "
        "wherever it is shown, with this reason.",
    ).strip()  # fmt: skip
    if project is not None:
        # A new project's status is its claim's: nothing is made up where the claim is silent
        # (the loader then says the project needs one).
        project["status"] = status or None
    typed = {"date": date, "release": release, "filming": filming}
    claim = {
        "project": pid,
        "date": date.value or published,
        "status": status,
        "release": release.value,
        "filming": filming.value,
        **credits,
        "note": note.strip(),
        "written": {field: t.words for field, t in typed.items() if t.words},
        "inferred": {"status": why} if why and status else {},
    }
    return claim, project


def _inherited(problem: Problem, file: str, claims: list[dict[str, Any]], published: str) -> bool:
    """A claim date left empty takes the publication date: its problem is that one's."""
    match problem.loc:
        case ("updates", int(index), "date") if problem.file == file:
            return index < len(claims) and claims[index]["date"] == published
    return False


def _add_claim() -> None:
    ids = st.session_state[_IDS]
    ids.append(max(ids) + 1)


def _remove_claim(claim_id: int) -> None:
    st.session_state[_IDS] = [i for i in st.session_state[_IDS] if i != claim_id]


# The form's own words for the fields the loader names.
_LABELS = {
    "article": {
        "id": "Source id", "name": "Short name", "outlet": "Outlet", "headline": "Headline",
        "url": "Address", "published": "Published", "note": "What it covers",
    },
    "claim": {
        "project": "About", "date": "When it holds", "status": "Status", "release": "Release",
        "filming": "Filming", "directors": "Directors", "cast": "Cast", "note": "What it says",
    },
    "new project": {
        "id": "Project id", "title": "Title", "logline": "What it is", "status": "Status",
    },
}  # fmt: skip


def _readable(problem: Problem, file: str) -> str:
    """A loader problem about the form's file, in the form's words."""
    if problem.file != file or not problem.line or not problem.field:
        return str(problem)
    match problem.loc:
        case ("sources", 0, *inside):
            kind, where = "article", "The article"
        case ("updates" | "projects" as key, int(index), *inside):
            kind = "claim" if key == "updates" else "new project"
            where = f"{kind.capitalize()} {index + 1}"
        case _:
            return f"{problem.field}: {problem.message}"
    match inside:
        case [str(name), *deeper]:
            # Deeper parts (a credit's place in its list) as the loader writes them.
            after = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in deeper)
            return f"{where}, {_LABELS[kind].get(name, name)}{after}: {problem.message}"
    return f"{where}: {problem.message}"


def _preview(context: Context, after: Any) -> None:
    found = changes(context.slate, after)
    if not found:
        st.info("This report changes nothing yet: say what the article reports above.")
        return
    for change in found:
        # Lines, not a table: before and after side by side must fit a phone, which a
        # three-column grid does not.
        lines = [
            f"{esc(field)}: {esc(before)} → **{esc(after)}**"
            for field, before, after in change.fields
        ]
        head = f"**{esc(change.title)}**" + (" (new)" if change.new else "")
        st.markdown("  \n".join([head, *lines]))


def _save(loaded: data.Loaded, file: str, text: str, problems: bool) -> None:
    if loaded.uploads.documents:
        st.caption("Saving is for the data folder's slate: go back to it to save a report.")
        return
    st.button(
        "Save into the data folder", icon=":material/save:", key="save-report",
        disabled=problems, on_click=_write, args=(loaded.folder, file, text), type="primary",
        help=f"Writes {file} into {loaded.folder} as a new file; never replaces one.",
    )  # fmt: skip
    said = st.session_state.pop(_SAVED, None)
    if said and said.startswith("Saved"):
        st.success(esc(said), icon=":material/check_circle:")
    elif said:
        st.error(esc(said), icon=":material/error:")


def _write(folder: Path, file: str, text: str) -> None:
    """Write the report (a button's callback, before the page is drawn again)."""
    try:
        path = write_new(folder, file, text.encode("utf-8"))
    except (FileExistsInFolderError, OSError, ValueError) as error:
        st.session_state[_SAVED] = f"Not saved: {error}"
        return
    st.session_state[_SAVED] = f"Saved as {path}: every page shows it on its next run."
    # The report is in the slate now: the form starts afresh for the next one.
    for key in [k for k in st.session_state if str(k).startswith("report-")]:
        del st.session_state[key]
