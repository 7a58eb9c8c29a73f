"""Who the workspace acts as: the signed-in person in the web app, else `MLOPS_ASSISTANT_USER`, else the one
local user.

The web app signs people in (OpenID Connect, `assistant/ui/signin.py`) and names the person for each script
run with `act_as`; a context variable carries it, so threads started with the run's context (the drafting
engine's section workers) act as the same person. Code that runs before the app names anyone (Streamlit
widget callbacks, at the start of a run on a fresh thread) asks the registered `identity source` instead.
Nothing here trusts a name the browser sends: the source reads the identity provider's verified claims."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from contextvars import ContextVar

_ACTING_USER: ContextVar[str | None] = ContextVar("workspace_acting_user", default=None)
_source: Callable[[], str | None] | None = None


def act_as(user: str | None) -> None:
    """This run (and the threads it starts with its context) acts as `user`; None: back to the default."""
    _ACTING_USER.set(user)


def set_identity_source(source: Callable[[], str | None] | None) -> None:
    """Where the acting user comes from when no run named one (the web app's sign-in; None: none)."""
    global _source
    _source = source


def acting_user(default: str | None) -> str | None:
    """The user named for this run, else the identity source's, else `default` (the configured user)."""
    named = _ACTING_USER.get()
    if named is None and _source is not None:
        named = _source()
    return named or default


def user_for_claims(claims: Mapping[str, object], registered: Collection[str]) -> str | None:
    """The registered workspace user a signed-in identity is: its e-mail (only when the provider says it is
    verified; compared without case) or its subject (`sub`). None: this person is not a registered user."""
    by_lower = {name.lower(): name for name in registered}
    email = claims.get("email")
    verified = claims.get("email_verified", True) is not False  # refused only when the provider says unverified
    if isinstance(email, str) and verified and email.lower() in by_lower:
        return by_lower[email.lower()]
    subject = claims.get("sub")
    if isinstance(subject, str) and subject in registered:
        return subject
    return None
