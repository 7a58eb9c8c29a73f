"""`mlops-assistant ingest PATH... --project P` and `mlops-assistant docs list|remove --project P`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from assistant.errors import AssistantError
from assistant.ingest.names import printable, printable_name


def _fail(exc: AssistantError) -> None:
    typer.echo(f"Error: {printable(str(exc))}", err=True)
    raise typer.Exit(2) from exc


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_command(
        paths: list[Path] = typer.Argument(..., help="Files or folders to ingest (PDF, DOCX, Markdown, text, HTML, XLSX, "
                                           "CSV), or one ArcKit project folder (projects/001-name/) or a zip of one."),
        project: str | None = typer.Option(None, "--project", "-p",
                                              help="Project key (optional for an ArcKit project folder or zip)."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object per file instead of a table."),
    ) -> None:
        """Index requirement documents into a project; exit 1 if any file failed."""
        # lazy: the CLI imports every commands module at start; a command's stack loads only when it runs
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
        from rich.table import Table

        from assistant.ingest.arckit import ensure_project, is_arckit_folder, read_project, unpack_zip
        from assistant.ingest.pipeline import Ingestor, ProgressEvent, expand_paths

        console = Console(stderr=True)
        results = []
        unpacked = tempfile.TemporaryDirectory()
        try:
            single = paths[0].expanduser() if len(paths) == 1 else None
            if single is not None and (single.suffix.lower() == ".zip" or is_arckit_folder(single)):
                folder = unpack_zip(single, Path(unpacked.name)) if single.suffix.lower() == ".zip" else single
                found = read_project(folder)
                project = ensure_project(found, key=project)
                files = found.files
                shared = f", {found.shared} of them global (../000-global)" if found.shared else ""
                console.print(f"ArcKit project {found.number} ({found.name}): {len(files)} ARC documents{shared}")
            else:
                if project is None:
                    raise AssistantError("give --project (only an ArcKit project folder or zip names its own project).")
                files = expand_paths(paths)
            if not files:
                raise AssistantError("no files to ingest: the folders hold no supported files.")
            ingestor = Ingestor(project)
            with Progress(
                TextColumn("{task.description}", style="bold"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[stage]}"),
                TimeElapsedColumn(),
                console=console,
                transient=False,
            ) as progress:
                tasks: dict[str, TaskID] = {
                    # File names are the uploader's: no escape sequences, no rich markup reach the terminal.
                    str(f): progress.add_task(escape(printable_name(f.name)), total=1.0, stage="queued")
                    for f in files
                }

                def on_progress(event: ProgressEvent) -> None:
                    progress.update(tasks[event.file], completed=event.fraction, stage=event.stage)

                for file in files:
                    results.append(ingestor.ingest_file(file, on_progress))
        except AssistantError as exc:
            _fail(exc)
        finally:
            unpacked.cleanup()

        if as_json:
            typer.echo(json.dumps([r.to_dict() for r in results], indent=2))
        else:
            table = Table(title=f"Ingest into {ingestor.project}")
            for column in ("File", "Status", "Chunks", "Pages", "Req IDs", "Markings", "Flagged"):
                table.add_column(column, overflow="fold", no_wrap=column == "Status")
            colours = {"ingested": "green", "replaced": "cyan", "duplicate": "yellow", "failed": "red"}
            for r in results:
                table.add_row(
                    escape(printable_name(Path(r.path).name)),
                    f"[{colours[r.status]}]{r.status}[/]",
                    str(r.chunks),
                    "" if r.pages is None else str(r.pages),
                    str(len(r.requirement_ids)),
                    ", ".join(r.markings),
                    str(r.guard_flags) if r.guard_flags else "",
                )
            out = Console()
            out.print(table)
            # Reasons in full below the table, one line each, so a narrow terminal never cuts them.
            for r in results:
                if r.error:
                    out.print(f"[{'red' if r.status == 'failed' else 'yellow'}]{r.status}[/]: {escape(printable(r.error))}",
                              highlight=False)
        if any(r.status == "failed" for r in results):
            raise typer.Exit(1)

    docs = typer.Typer(help="List or remove a project's ingested documents.", no_args_is_help=True)
    app.add_typer(docs, name="docs")

    @docs.command("list")
    def docs_list(
        project: str = typer.Option(..., "--project", "-p", help="Project key."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """The documents indexed in a project."""
        # lazy: the CLI imports every commands module at start; a command's stack loads only when it runs
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        from assistant.ingest.pipeline import list_documents

        try:
            records = list_documents(project)
        except AssistantError as exc:
            _fail(exc)
        if as_json:
            typer.echo(json.dumps([r.model_dump(mode="json") for r in records], indent=2))
            return
        if not records:
            typer.echo(f"No documents in project {project!r}.")
            return
        table = Table(title=f"Documents in {project}")
        for column in ("ID", "File", "Kind", "Pages", "Chunks", "Requirements", "Markings", "Flags", "Added"):
            table.add_column(column, overflow="fold")
        for r in records:
            table.add_row(
                r.id, escape(printable_name(r.filename)), r.kind, "" if r.pages is None else str(r.pages), str(r.chunk_count),
                str(len(r.requirement_ids)), ", ".join(r.markings), str(r.guard_flags) if r.guard_flags else "",
                r.created_at.strftime("%Y-%m-%d %H:%M") if r.created_at else "",
            )
        Console().print(table)

    @docs.command("remove")
    def docs_remove(
        document: str = typer.Argument(..., help="Document ID or filename."),
        project: str = typer.Option(..., "--project", "-p", help="Project key."),
    ) -> None:
        """Remove a document and its chunks from a project."""
        # lazy: the CLI imports every commands module at start; a command's stack loads only when it runs
        from assistant.ingest.pipeline import remove_document

        try:
            record = remove_document(project, document)
        except AssistantError as exc:
            _fail(exc)

        typer.echo(f"Removed {printable_name(record.filename)} ({record.id}, {record.chunk_count} chunks).")
