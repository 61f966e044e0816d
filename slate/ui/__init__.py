"""The dashboard: the only streamlit code. One module per page, plus shared pieces."""
