"""`mlops-assistant search "QUERY" --project P [-k 5] [--json]`."""

from __future__ import annotations

import json
from typing import cast

import typer

from assistant.errors import AssistantError
from assistant.retrieval.search import Mode, Scope, search


def register(app: typer.Typer) -> None:
    @app.command("search")
    def search_command(
        query: str = typer.Argument(..., help="What to look for; a requirement ID (NFR-P-003) is looked up exactly."),
        project: str = typer.Option(..., "--project", "-p", help="Project key."),
        k: int = typer.Option(5, "-k", "--k", help="Number of results."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON list of hits."),
        scope: str = typer.Option("both", "--scope", help="project (documents), knowledge (guidance notes) or both."),
        document: list[str] = typer.Option(None, "--document", "-d", help="Only this document ID (repeatable)."),
        mode: str = typer.Option("hybrid", "--mode", help="hybrid, dense or bm25."),
    ) -> None:
        """Hybrid search over a project's documents and the knowledge base."""

        try:
            # typer gives plain strings; search() itself rejects a scope or mode outside its Literal, clearly.
            hits = search(query, project, k, scope=cast(Scope, scope), document_ids=document or None,
                          mode=cast(Mode, mode))
        except AssistantError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if as_json:
            typer.echo(json.dumps([hit.to_json() for hit in hits], indent=2, ensure_ascii=False))
            return
        if not hits:
            typer.echo("No results.")
            return
        # Lazy: the CLI loads a command's stack (models, stores) only when that command runs.
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        for number, hit in enumerate(hits, start=1):
            where = hit.document + (f" p.{hit.page}" if hit.page else "") + (f" > {hit.heading}" if hit.heading else "")
            ids = f" [{', '.join(hit.requirement_ids)}]" if hit.requirement_ids else ""
            console.print(f"[bold]{number}. {escape(where)}[/]{escape(ids)}  [dim]{hit.source} score {hit.score:.4f} {hit.chunk_id}[/]")
            text = hit.text if len(hit.text) <= 400 else hit.text[:400] + "..."
            console.print(f"   {escape(text)}\n")
