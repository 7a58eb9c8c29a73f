"""The Streamlit app: the only package that imports streamlit. `app_page.py` at the repo root calls `main()`; `app.py` serves it."""

from __future__ import annotations


def main() -> None:
    # lazy: the shell imports streamlit; importing assistant.ui (services, tests) must not
    from assistant.ui.shell import run

    run()


__all__ = ["main"]
