"""CLI commands of the strategy package: new, schema, render, parse, validate, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from assistant.errors import AssistantError, InvalidInputError
from assistant.strategy.enums import Classification
from assistant.strategy.errors import NotAStrategyError
from assistant.strategy.export import export, is_format
from assistant.strategy.io import read_text, strategy_from_json, strategy_to_json
from assistant.strategy.parse import parse_markdown
from assistant.strategy.render import render_markdown
from assistant.strategy.schema import Strategy
from assistant.strategy.validate import validate_markdown, validate_strategy


def _fail(exc: AssistantError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


def _write_or_print(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:

        _fail(InvalidInputError(f"{out}: cannot be written ({exc.strerror})"))
    typer.echo(f"wrote {out}", err=True)


def register(app: typer.Typer) -> None:
    @app.command("new")
    def new(
        project_id: str = typer.Option(..., "--project-id", help="3-digit ArcKit project ID, e.g. 001"),
        name: str = typer.Option(..., "--name", help="Project name"),
        classification: str = typer.Option("OFFICIAL", "--classification", help="PUBLIC, OFFICIAL, OFFICIAL-SENSITIVE, SECRET"),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write the JSON here"),
    ) -> None:
        """Start a new v1.0 DRAFT strategy (JSON) with the template's default rows."""


        try:
            level = Classification(classification)
        except ValueError:
            _fail(InvalidInputError(f"--classification '{classification}': use one of {', '.join(c.value for c in Classification)}"))
        try:
            strategy = Strategy.new(project_id, name, level)
        except ValidationError as exc:
            _fail(InvalidInputError(f"--project-id '{project_id}' / --name: {exc.errors()[0]['msg']} (project ID is 3 digits, e.g. 001)"))
        _write_or_print(strategy_to_json(strategy), output)

    @app.command("schema")
    def schema(output: Path | None = typer.Option(None, "-o", "--output", help="Write the JSON Schema here")) -> None:
        """Print the JSON Schema of the MLOps Strategy."""

        _write_or_print(json.dumps(Strategy.model_json_schema(), indent=2, ensure_ascii=False) + "\n", output)

    @app.command("render")
    def render(
        file: Path = typer.Argument(..., help="Strategy JSON"),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write the Markdown here"),
    ) -> None:
        """Render strategy JSON as ArcKit MLOps Markdown."""

        try:
            strategy = strategy_from_json(read_text(file), str(file))
        except AssistantError as exc:
            _fail(exc)
        _write_or_print(render_markdown(strategy), output)

    @app.command("parse")
    def parse(
        file: Path = typer.Argument(..., help="ArcKit MLOps Markdown"),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write the JSON here"),
    ) -> None:
        """Read ArcKit MLOps Markdown into strategy JSON; warnings go to stderr."""

        try:
            result = parse_markdown(read_text(file))
        except NotAStrategyError as exc:
            _fail(NotAStrategyError(f"{file}: {exc}"))
        except AssistantError as exc:
            _fail(exc)
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        _write_or_print(strategy_to_json(result.strategy), output)

    @app.command("validate")
    def validate(
        file: Path = typer.Argument(..., help="Strategy .md or .json"),
        as_json: bool = typer.Option(False, "--json", help="Print {passed, checks: [{check, passed, detail}]}"),
    ) -> None:
        """Run ArcKit's quality checklist and the MLOps checks; exit 1 on failures."""

        try:
            text = read_text(file)
            if file.suffix.lower() == ".json":
                report = validate_strategy(strategy_from_json(text, str(file)))
            else:
                report = validate_markdown(text, parse_markdown(text).strategy, filename=file.name)
        except AssistantError as exc:
            _fail(exc)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            for c in report.checks:
                typer.echo(f"{'PASS' if c.passed else 'FAIL'}  {c.check}: {c.detail}")
            typer.echo("passed" if report.passed else "FAILED")
        if not report.passed:
            raise typer.Exit(1)

    @app.command("export")
    def export_cmd(
        file: Path = typer.Argument(..., help="Strategy JSON"),
        fmt: str = typer.Option(..., "--format", help="md, docx or json"),
        output: Path | None = typer.Option(None, "-o", "--output", help="Output file (default: the ArcKit file name)"),
    ) -> None:
        """Export a strategy as ArcKit-named Markdown, DOCX or JSON."""

        try:
            if not is_format(fmt):
                raise InvalidInputError(f"--format '{fmt}': use md, docx or json")
            strategy = strategy_from_json(read_text(file), str(file))
            out = export(strategy, fmt, output)
        except AssistantError as exc:
            _fail(exc)
        typer.echo(str(out))
