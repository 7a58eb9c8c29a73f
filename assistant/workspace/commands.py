"""CLI commands of the workspace for an administrator: `users add|list|set-clearance` and
`access grant|revoke|list`. Each change is audited with the acting user (MLOPS_ASSISTANT_USER, else local)."""

from __future__ import annotations

import json

import typer

from assistant.errors import AssistantError
from assistant.workspace import get_workspace


def _fail(exc: AssistantError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    users = typer.Typer(help="Users of a team workspace and their clearance.", no_args_is_help=True)
    access = typer.Typer(help="Who may open which project, with which role.", no_args_is_help=True)
    app.add_typer(users, name="users")
    app.add_typer(access, name="access")

    @users.command("add")
    def users_add(
        name: str = typer.Argument(..., help="The user name the identity provider signs in (e-mail or login)"),
        clearance: str = typer.Option(..., "--clearance", help="BPSS, CTC, SC or DV (policy file `clearances`)"),
        display_name: str = typer.Option("", "--display-name"),
    ) -> None:
        """Register a user. The first user turns access control on for the whole workspace."""
        try:
            user = get_workspace().add_user(name, clearance=clearance, display_name=display_name)
        except AssistantError as exc:
            _fail(exc)
        typer.echo(f"added {user.name} (clearance {user.clearance})")

    @users.command("list")
    def users_list(as_json: bool = typer.Option(False, "--json")) -> None:
        """Every user with their clearance."""
        rows = [u.model_dump(mode="json") for u in get_workspace().list_users()]
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
            return
        for row in rows:
            typer.echo(f"{row['name']}\t{row['clearance']}\t{row['display_name']}")

    @users.command("set-clearance")
    def users_set_clearance(name: str = typer.Argument(...), clearance: str = typer.Argument(...)) -> None:
        """Change a user's clearance (takes effect on their next request)."""
        try:
            user = get_workspace().set_clearance(name, clearance)
        except AssistantError as exc:
            _fail(exc)
        typer.echo(f"{user.name}: clearance {user.clearance}")

    @access.command("grant")
    def access_grant(
        project: str = typer.Option(..., "--project"),
        user: str = typer.Option(..., "--user"),
        role: str = typer.Option("viewer", "--role", help="viewer, editor or owner"),
    ) -> None:
        """Make a user a member of a project with a role (or change their role)."""
        try:
            get_workspace().grant(project, user, role)
        except AssistantError as exc:
            _fail(exc)
        typer.echo(f"{user}: {role} of {project}")

    @access.command("revoke")
    def access_revoke(project: str = typer.Option(..., "--project"), user: str = typer.Option(..., "--user")) -> None:
        """Remove a user from a project."""
        if not get_workspace().revoke(project, user):
            _fail(AssistantError(f"{user!r} is not a member of {project!r}."))
        typer.echo(f"{user}: no longer a member of {project}")

    @access.command("list")
    def access_list(
        project: str | None = typer.Option(None, "--project"),
        user: str | None = typer.Option(None, "--user"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Memberships, narrowed to a project and/or a user."""
        rows = get_workspace().access_list(project, user)
        if as_json:
            typer.echo(json.dumps([{"project": p, "user": u, "role": r} for p, u, r in rows], indent=2))
            return
        for row in rows:
            typer.echo("\t".join(row))
