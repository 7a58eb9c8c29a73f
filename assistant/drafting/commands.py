"""CLI commands of the drafting package: `draft` (with a progress bar) and `chat` (one turn or a REPL)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.drafting.actions import chat_action, draft_action
from assistant.errors import AssistantError, InvalidInputError
from assistant.ingest.arckit import ingest_arckit_folder
from assistant.strategy.render import render_markdown
from assistant.strategy.versioning import arckit_output
from assistant.workspace import get_workspace

if TYPE_CHECKING:
    from assistant.llm import Provider


def _fail(exc: AssistantError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


def _provider(name: str | None) -> Provider:
    # lazy: CLI command module: the provider stack loads when a command runs, not at start-up
    from assistant.llm import get_provider

    return get_provider(name)


def register(app: typer.Typer) -> None:
    @app.command("draft")
    def draft(
        project: str | None = typer.Option(None, "--project", help="Project key or 3-digit ID (optional with "
                                              "--arckit-dir: the folder is imported first)"),
        section: list[int] | None = typer.Option(None, "--section", help="Section number (repeatable); default: all that apply"),
        provider: str | None = typer.Option(None, "--provider", help="offline, anthropic, openai, azure, openai-compatible ..."),
        output: Path | None = typer.Option(None, "-o", "--output", help="Write the Markdown here"),
        json_out: Path | None = typer.Option(None, "--json-out", help="Write the strategy JSON here"),
        outline: bool = typer.Option(False, "--plan", "--outline",
                                     help="Only show the outline (which sections apply, why, key evidence); draft nothing"),
        arckit_dir: Path | None = typer.Option(None, "--arckit-dir",
                                                  help="An ArcKit project folder (projects/NNN-name/): write "
                                                       "ARC-NNN-MLOPS-vX.Y.md there (the next version if one exists)"),
    ) -> None:
        """Draft the strategy (or some sections) from the project's documents: one version, each section saved
        into it as it finishes."""
        # lazy: CLI command module: rich's progress bar loads when `draft` runs, not at start-up
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        # lazy: CLI command module: the drafting engine loads when `draft` runs, not at start-up
        from assistant.drafting.engine import draft_document_events, plan_outline, resolve_project

        err = Console(stderr=True)
        try:
            if project is None:
                if arckit_dir is None:
                    raise AssistantError("give --project, or --arckit-dir with an ArcKit project folder.")

                project, results = ingest_arckit_folder(arckit_dir)
                failed = [r for r in results if r.status == "failed"]
                err.print(f"[dim]imported {len(results) - len(failed)} ArcKit document(s) into {project}[/dim]")
                for r in failed:
                    err.print(f"[red]failed[/red]: {r.error}")
            if outline:
                typer.echo(plan_outline(project).text())
                return
            chosen = _provider(provider)
            err.print(f"[dim]{chosen.describe()}[/dim]")
            outcome = None
            # One command, one version (as in the app): each finished section is saved at once, as a step of it.
            key = resolve_project(project).key
            with draft_action(key, section or None), \
                    Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                             TimeElapsedColumn(), console=err, transient=False) as progress:
                task = progress.add_task("Retrieving evidence", total=None)
                for event in draft_document_events(key, sections=section or None, provider=chosen):
                    if event.kind == "plan":
                        progress.update(task, total=len(event.data["sections"]), description="Drafting")
                        for number, reason in event.data["skipped"].items():
                            progress.console.print(f"  section {number}: not applicable ({reason})")
                    elif event.kind == "section_started":
                        progress.update(task, description=f"Drafting §{event.section} {event.title}")
                    elif event.kind == "section_done":
                        progress.advance(task)
                        progress.console.print(f"  [green]✓[/green] §{event.section} {event.title}: {event.message} "
                                               f"(version {event.version})")
                    elif event.kind == "section_failed":
                        progress.advance(task)
                        progress.console.print(f"  [red]✗[/red] §{event.section} {event.title}: {event.message}")
                    elif event.kind == "step":
                        progress.update(task, description=event.message)
                    elif event.kind == "done":
                        outcome = event.data["outcome"]
                        progress.update(task, description=event.message)
        except AssistantError as exc:
            _fail(exc)
        assert outcome is not None
        unread = _held_back_note(key)
        if unread:
            # what the draft could not read: the passages a person has not yet released
            err.print(f"[yellow]{escape(unread)}[/] Read them with `mlops-assistant held-back list --project {key}` "
                      "(`--with-facts` for those that state facts), release those that are safe, and draft again to "
                      "use them.", highlight=False)
        usage = outcome.usage
        if usage.calls:
            cost = f", cost {usage.cost_label}"  # "unknown (why)" when a price or the usage is missing, never $0
            err.print(f"[dim]{usage.calls} call(s): {usage.input_tokens} input, {usage.cache_read_tokens} cache-read, "
                      f"{usage.cache_write_tokens} cache-write, {usage.output_tokens} output tokens{cost}[/dim]")

        if arckit_dir is not None:
            written, path = arckit_output(outcome.strategy, arckit_dir)
            _write(path, render_markdown(written))
        if json_out is not None:
            _write(json_out, outcome.strategy.model_dump_json(indent=2))
        if output is not None:
            _write(output, render_markdown(outcome.strategy))
        elif json_out is None and arckit_dir is None:
            sys.stdout.write(render_markdown(outcome.strategy))
        if outcome.failed and not outcome.drafted:
            raise typer.Exit(1)

    @app.command("chat")
    def chat(
        project: str = typer.Option(..., "--project", help="Project key or 3-digit ID (created if new)"),
        provider: str | None = typer.Option(None, "--provider", help="offline, anthropic, openai, ..."),
        message: str | None = typer.Option(None, "--message", "-m", help="Send one message and exit"),
        as_json: bool = typer.Option(False, "--json", help="With --message: print {intent, answer, citations: "
                                     "[{document, heading, chunk_id, text}]} instead of the streamed text"),
    ) -> None:
        """Chat about the project: ask, '/draft 7', '/draft all', '/revise 7 INSTRUCTION', '/review', '/export md'."""
        try:
            ws = get_workspace()
            record = ws.get_project(project) or ws.get_or_create_project(project)
            chosen = _provider(provider)
        except AssistantError as exc:
            _fail(exc)
        typer.echo(chosen.describe(), err=True)
        if as_json and message is None:
            _fail(InvalidInputError("--json needs --message (one turn)"))
        if message is not None:
            ok = _turn_json(record.key, message, chosen) if as_json else _turn(record.key, message, chosen)
            if not ok:
                raise typer.Exit(2)
            return
        typer.echo("Type a message; /draft N, /draft all, /revise N INSTRUCTION, /review, /export md; Ctrl-D to quit.",
                   err=True)
        while True:
            try:
                line = input("you> ")
            except (EOFError, KeyboardInterrupt):
                typer.echo("", err=True)
                return
            if line.strip() in ("/quit", "/exit"):
                return
            if line.strip():
                _turn(record.key, line, chosen)


def _turn(project_key: str, message: str, provider: Provider) -> bool:
    """Print one turn's events; False when it ended in an error."""
    # lazy: CLI command module: the chat handler loads when `chat` runs, not at start-up
    from assistant.drafting.chat import handle_turn

    ok = True
    streamed = False
    try:
        with chat_action(project_key, message):  # one message, one version (as in the app)
            for event in handle_turn(project_key, message, provider=provider):
                if event.kind == "step":
                    typer.echo(f"  … {event.text}", err=True)
                elif event.kind == "text":
                    sys.stdout.write(event.text)
                    sys.stdout.flush()
                    streamed = True
                elif event.kind == "section_saved":
                    typer.echo(f"  ✓ {event.text}", err=True)
                elif event.kind == "error":
                    typer.echo(f"  ! {event.text}", err=True)
                    ok = False
                elif event.kind == "citations":
                    if streamed:
                        sys.stdout.write("\n")
                    for c in event.data["citations"]:
                        where = c["document"] + (f", p.{c['page']}" if c.get("page") is not None else "") + \
                            (f", {c['heading']}" if c.get("heading") else "")
                        sys.stdout.write(f"  [{c['number']}] {where}: \"{c['snippet']}\"\n")
                elif event.kind == "final" and streamed and not event.text.endswith("\n"):
                    sys.stdout.write("\n")
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        return False
    return ok


def _turn_json(project_key: str, message: str, provider: Provider) -> bool:
    """One turn as JSON on stdout: {intent, answer, citations: [{document, heading, chunk_id, text}]}."""
    # lazy: CLI command module: the chat handler loads when `chat` runs, not at start-up
    from assistant.drafting.chat import handle_turn

    final = None
    ok = True
    try:
        with chat_action(project_key, message):  # one message, one version (as in the app)
            for event in handle_turn(project_key, message, provider=provider):
                if event.kind == "error":
                    ok = False
                elif event.kind == "final":
                    final = event
    except AssistantError as exc:
        typer.echo(f"error: {exc}", err=True)
        return False
    assert final is not None
    citations = [{"document": c.get("document", ""), "heading": c.get("heading", ""), "chunk_id": c.get("chunk_id", ""),
                  "text": c.get("snippet", "")} for c in final.data.get("citations", [])]
    sys.stdout.write(json.dumps({"intent": final.data.get("intent", "unclear"), "answer": final.text,
                                 "citations": citations}, ensure_ascii=False) + "\n")
    return ok


def _held_back_note(project_key: str) -> str:
    """What the draft could not read: the passages the injection screen holds back, not yet released."""
    # lazy: CLI command module: the store loads when `draft` runs, not at start-up
    from assistant.retrieval.held_back import unread_note, waiting

    try:
        return unread_note(waiting(project_key))
    except AssistantError:
        return ""  # a note, not the draft: a failed look-up must not fail the command


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(InvalidInputError(f"{path}: cannot be written ({exc.strerror})"))
    typer.echo(f"wrote {path}", err=True)
