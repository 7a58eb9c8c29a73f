"""CLI: `mlops-assistant review FILE.(md|json) [--project P] [--json] [--fix -o OUT]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from assistant.errors import AssistantError, InvalidInputError


def _fail(exc: AssistantError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    @app.command("review")
    def review(
        file: Path = typer.Argument(..., help="Strategy .md (ArcKit Markdown) or .json"),
        project: str | None = typer.Option(None, "--project", help="Check against this project's ingested requirements"),
        requirements: list[Path] = typer.Option([], "--requirements", help="A requirements document to check against (repeatable)"),
        as_json: bool = typer.Option(False, "--json", help="Print {findings: [{rule, severity, section, message, fix}], summary}"),
        fix: bool = typer.Option(False, "--fix", help="Apply the deterministic fixes and write a new version"),
        output: Path | None = typer.Option(None, "-o", "--output", help="With --fix: where to write the new version (.json or .md)"),
        rules_files: list[Path] = typer.Option([], "--rules", help="Extra rules YAML (organisation rules; repeatable)"),
        provider: str | None = typer.Option(None, "--provider", help="Provider for the model-graded rubric (default: the configured one)"),
        no_rubric: bool = typer.Option(False, "--no-rubric", help="Deterministic rules only"),
    ) -> None:
        """Review a strategy and print findings with fixes; exit 1 when blocking findings exist."""
        # lazy: the CLI imports every commands module at start; a command's stack loads only when it runs
        from assistant.review import (
            RequirementSet,
            apply_fixes,
            load_rules,
            render_report,
            requirements_for_project,
            requirements_from_file,
            review_strategy,
        )
        from assistant.strategy.io import load_strategy, read_text, strategy_to_json

        if output is not None and not fix:
            _fail(InvalidInputError("-o/--output is only used with --fix (the report goes to stdout)"))
        try:
            strategy, warnings = load_strategy(file)
            markdown = read_text(file) if file.suffix.lower() != ".json" else None
            rules = load_rules(extra=rules_files or None)
            reqs: RequirementSet | None = None
            sources = None
            if project:
                # lazy: the CLI imports every commands module at start; a command's stack loads only when it runs
                from assistant.review.sources import ProjectSources

                reqs = requirements_for_project(project)
                sources = ProjectSources.from_project(project)
            for path in requirements:
                extra = requirements_from_file(path)
                if reqs is None:
                    reqs = extra
                else:
                    for requirement in extra:
                        reqs.add(requirement)
                    reqs.markings = list(dict.fromkeys([*reqs.markings, *extra.markings]))
            report = review_strategy(strategy, requirements=reqs, rules=rules, project_key=project,
                                     provider=False if no_rubric else provider, markdown=markdown,
                                     filename=file.name, sources=sources)
        except AssistantError as exc:
            _fail(exc)
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)

        if as_json:
            sys.stdout.write(json.dumps(report.public(), indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(render_report(report))

        if fix:
            fixed = apply_fixes(strategy, report.findings, rules=rules)
            if fixed is strategy:
                typer.echo("no fixable findings: nothing written", err=True)
            else:
                target = output or file.with_name(f"{fixed.document_id}{file.suffix.lower() or '.json'}")
                if target.suffix.lower() == ".md":
                    # lazy: the CLI imports every commands module at start; a command's stack loads only when it runs
                    from assistant.strategy.render import render_markdown

                    text = render_markdown(fixed)
                else:
                    text = strategy_to_json(fixed)
                try:
                    target.write_text(text, encoding="utf-8")
                except OSError as exc:
                    _fail(InvalidInputError(f"{target}: cannot be written ({exc.strerror})"))
                applied = sum(f.fixable for f in report.findings)
                typer.echo(f"wrote {target} (version {fixed.document_control.version}; {applied} fixable finding(s))",
                           err=True)
        if report.blocking:
            raise typer.Exit(1)
