"""Streamlit entry point: `streamlit run app.py`. All UI code lives in `assistant/ui/`.

The app is an `st.App` so its pages' URLs can be answered with the server's base path set
(`assistant/ui/server.py`: a reload of a sub-page then requests nothing that 404s); `app_page.py` is the script
each interaction runs.
"""

import streamlit as st

from assistant.ui.server import page_routes

app = st.App("app_page.py", routes=page_routes())
