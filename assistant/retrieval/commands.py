"""`mlops-assistant search "QUERY" --project P [-k 5] [--json]`, and the passages the injection screen held back:
`mlops-assistant held-back list --project P [--json]`, `mlops-assistant held-back release 3 5-7 --project P
--reason "..."`."""

from __future__ import annotations

import json
from typing import NoReturn, cast

import typer

from assistant.errors import AssistantError, InvalidInputError
from assistant.retrieval.search import Mode, Scope, search


def _fail(exc: AssistantError) -> NoReturn:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(2) from exc


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
            _fail(exc)
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

    held = typer.Typer(help="Passages the injection screen held back from prompts: list them, release them.",
                       no_args_is_help=True)
    app.add_typer(held, name="held-back")

    @held.command("list")
    def held_back_list(
        project: str = typer.Option(..., "--project", "-p", help="Project key."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
        with_facts: bool = typer.Option(False, "--with-facts",
                                        help="Only the passages that state facts a draft would use (same numbers)."),
    ) -> None:
        """Each held-back passage, numbered, with its document, place, the screen's reason, what it states and its
        text."""
        # lazy: the CLI loads a command's stack (stores) only when that command runs
        from assistant.retrieval.held_back import numbered

        try:
            items = numbered(project)
        except AssistantError as exc:
            _fail(exc)
        # the numbers stay those of the whole list, so `release` takes them as shown
        shown = [(n, i) for n, i in enumerate(items, start=1) if i.states or not with_facts]
        if as_json:
            typer.echo(json.dumps([{"number": n, "document": i.document, "where": i.where, "reason": i.reason,
                                    "score": round(i.score, 4), "released": i.released, "states": list(i.states),
                                    "text": i.text}
                                   for n, i in shown], indent=2, ensure_ascii=False))
            return
        if not items:
            typer.echo(f"No passages held back in project {project!r}.")
            return
        # lazy: rich loads only when a listing is printed
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        waiting = sum(1 for i in items if not i.released)
        stating = f" {len(shown)} of them state facts a draft would use; only those are shown." if with_facts else ""
        console.print(f"{len(items)} passage(s) held back by the injection screen, {waiting} not released.{stating} "
                      "Read each; release one only when it is safe to give a model (held-back passages are left out "
                      "of drafts, answers and citations).\n", highlight=False)
        for number, item in shown:
            state = "released" if item.released else "held back"
            console.print(f"[bold]{number}. {escape(item.document)}[/] {escape(item.where)}  [dim]{state}; why: "
                          f"{escape(item.reason)} (score {item.score:.2f})[/]", highlight=False)
            if item.states:
                console.print(f"   [cyan]states: {escape(', '.join(item.states))}[/]", highlight=False)
            text = item.text if len(item.text) <= 400 else item.text[:400] + "..."
            console.print(f"   {escape(text)}\n", highlight=False)

    @held.command("release")
    def held_back_release(
        numbers: list[str] = typer.Argument(..., help="Passage numbers from `held-back list`: 3, 5-7."),
        project: str = typer.Option(..., "--project", "-p", help="Project key."),
        reason: str = typer.Option(..., "--reason", help="Why these passages are safe to give a model (recorded)."),
    ) -> None:
        """Let held-back passages into prompts again; the release is recorded with the reason."""
        # lazy: the CLI loads a command's stack (stores) only when that command runs
        from assistant.retrieval.held_back import numbered, release

        try:
            items = numbered(project)
            chosen = passage_numbers(numbers, len(items))
            if not reason.strip():
                raise InvalidInputError("Say why these passages are safe to use (--reason) before releasing them.")
            for number in chosen:
                item = items[number - 1]
                if item.released:
                    typer.echo(f"{number}. {item.document} {item.where}: already released.")
                    continue
                release(project, item, confirmation=reason, channel="cli")
                typer.echo(f"{number}. {item.document} {item.where}: released.")
        except AssistantError as exc:
            _fail(exc)


def passage_numbers(specs: list[str], count: int) -> list[int]:
    """The passage numbers a user typed ("3", "5-7", "2,4"), checked against `count` before anything is released:
    one bad number releases nothing."""
    out: list[int] = []
    for spec in ",".join(specs).split(","):
        spec = spec.strip()
        if not spec:
            continue
        low, _, high = spec.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise InvalidInputError(f"{spec!r} is not a passage number or range (for example 3 or 5-7).")
        first, last = int(low), int(high or low)
        if first < 1 or last > count or first > last:
            raise InvalidInputError(f"{spec!r} is outside the held-back passages, which are numbered 1 to {count}"
                                    if count else "This project has no held-back passages.")
        out += [n for n in range(first, last + 1) if n not in out]
    if not out:
        raise InvalidInputError("Name the passages to release by their numbers in `held-back list`.")
    return out
