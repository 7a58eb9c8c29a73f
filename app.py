"""Streamlit entry point: `streamlit run app.py`. All UI code lives in `assistant/ui/`."""

from assistant.ui import main

main()
