"""The peer: the dashboard a user would write in an afternoon, for `make bench` to race.

The same table (read from the pickle the benchmark writes, $BARE_FRAME) with st.dataframe,
a status filter, and one px.timeline of the first 150 rows, cached the way Streamlit's docs
show (st.cache_data). No budgets, no facets, no flags worked out: the floor of what a page
of this data costs in Streamlit.
"""

import os

import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Bare slate", layout="wide")


@st.cache_data
def table(path: str) -> pd.DataFrame:
    frame: pd.DataFrame = pd.read_pickle(path)
    return frame


frame = table(os.environ["BARE_FRAME"])
chosen = st.multiselect("Status", sorted(frame["status_label"].unique()))
rows = frame[frame["status_label"].isin(chosen)] if chosen else frame
st.caption(f"{len(rows):,} projects")
st.dataframe(rows, hide_index=True)
dated = rows.head(150).dropna(subset=["release_start", "release_end"])
st.plotly_chart(
    px.timeline(dated, x_start="release_start", x_end="release_end", y="title", color="status")
)
