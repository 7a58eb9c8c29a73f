"""Imports sit at module top; an import inside a function is a deliberate lazy load, commented with why.

A lazy import is marked `# lazy: <why>` on its line or the line above (an unbroken run of imports shares the
mark of its first, blank lines between import groups allowed). The reasons kept in the code: a heavy or optional package (torch, sentence-transformers,
onnxruntime, chromadb, the provider SDKs, the document parsers) that only one path needs, a CLI command module
that must not load them when the CLI starts, or an import cycle the function breaks.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"
_MARK = re.compile(r"#\s*lazy:\s*\S", re.IGNORECASE)


def unmarked_imports(source: str) -> list[int]:
    """Line numbers of function-level imports that carry no `# lazy:` mark."""
    lines = source.splitlines()

    def marked(node: ast.stmt) -> bool:
        return any(_MARK.search(lines[n - 1]) for n in (node.lineno, node.lineno - 1) if n >= 1)

    found: list[int] = []

    def visit(body: list[ast.stmt], in_function: bool) -> None:
        previous: ast.stmt | None = None
        previous_marked = False
        for node in body:
            is_import = isinstance(node, ast.Import | ast.ImportFrom)
            if is_import and in_function:
                ok = marked(node) or (previous_marked and isinstance(previous, ast.Import | ast.ImportFrom))
                if not ok:
                    found.append(node.lineno)
                previous_marked = ok
            else:
                previous_marked = False
            previous = node
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt | ast.ExceptHandler):
                    nested = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    if field == "handlers":
                        for handler in inner:
                            visit(handler.body, nested)
                    else:
                        visit(inner, nested)
            for case in getattr(node, "cases", []) or []:
                visit(case.body, in_function)

    visit(ast.parse(source).body, False)
    return found


def _scan() -> dict[str, list[int]]:
    return {path.relative_to(PACKAGE.parent).as_posix(): unmarked_imports(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_function_level_imports_are_commented_lazy_loads() -> None:
    offenders = {name: lines for name, lines in _scan().items() if lines}
    assert not offenders, (
        "imports belong at module top; a deliberate lazy load says why on its line or the line above "
        f"(`# lazy: <why>`): {offenders}")


def test_the_scan_flags_what_it_should() -> None:
    source = (
        "import json\n"
        "def a():\n    import os\n"
        "def b():\n    # lazy: torch is only needed here\n    import torch\n    import torch.nn\n\n    x = 1\n"
        "def c():\n    import yaml  # lazy: optional\n"
        "def d():\n    if True:\n        from pathlib import Path\n"
        "class E:\n    def f(self):\n        try:\n            import csv\n        except ImportError:\n            pass\n"
        "def g():\n    # lazy: first only\n    import re\n\n    import io\n    x = 1\n    import csv\n"
    )
    assert unmarked_imports(source) == [3, 14, 18, 27]
