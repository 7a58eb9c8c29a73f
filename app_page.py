"""The page script Streamlit runs on every interaction (`app.py` serves it). All UI code lives in `assistant/ui/`."""

from assistant.ui import main

main()
