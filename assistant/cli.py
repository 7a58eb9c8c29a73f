"""`mlops-assistant`: the command-line interface.

Each concern registers its own commands (`register(app)` in its `commands` module), so this file stays a
list and the CLI contract in the README is the one place the command names are promised.
"""

from __future__ import annotations

import importlib

import typer

from assistant import __version__

app = typer.Typer(
    name="mlops-assistant",
    help="Draft and review ArcKit MLOps Strategies grounded in your requirements and UK guidance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Modules that add commands; each defines `register(app: typer.Typer) -> None`.
COMMAND_MODULES: tuple[str, ...] = (
    "assistant.ingest.commands",
    "assistant.retrieval.commands",
    "assistant.guardrails.commands",
    "assistant.strategy.commands",
    "assistant.review.commands",
    "assistant.drafting.commands",
    "assistant.evaluation.commands",
    "assistant.workspace.commands",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


@app.command("version")
def version() -> None:
    """Print the assistant's version."""

    typer.echo(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
