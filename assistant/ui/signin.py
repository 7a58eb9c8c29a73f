"""Sign-in for a team deployment: Streamlit's OpenID Connect sign-in (`st.login`) against the organisation's
identity provider, configured in `.streamlit/secrets.toml` under `[auth]` (README, team section).

Off in single-user use: with no `[auth]` section the app acts as the local user, as it always did. With it,
nothing but the sign-in page is drawn until the person has signed in, and the workspace then acts as the
registered user their verified e-mail (or subject) names, so every project read, search and edit is checked
for them in the store (`assistant/workspace/team.py`).
"""

from __future__ import annotations

import streamlit as st

from assistant.config import get_settings
from assistant.workspace import registered_users
from assistant.workspace.identity import act_as, set_identity_source, user_for_claims


def configured() -> bool:
    """True when secrets.toml has an `[auth]` section (a team deployment with sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: no sign-in configured
        return False


def _claims() -> dict[str, object]:
    """The signed-in person's identity-provider claims; empty when nobody is signed in (or outside a run)."""
    try:
        return dict(st.user) if st.user.is_logged_in else {}
    except Exception:  # noqa: BLE001 - no script run context (a worker thread): no identity from here
        return {}


def signed_in_user() -> str | None:
    """The workspace user the signed-in person is (None: not signed in, or not registered)."""
    if not configured():
        return None
    claims = _claims()
    return user_for_claims(claims, registered_users()) if claims else None


def _stop_with(message: str, *, button: str | None, who: object = None) -> None:
    """Draw only this message (and a sign-in or sign-out button), then end the run."""
    st.title("MLOps Strategy Assistant")
    st.info(message, icon=":material/lock:")
    if who:
        st.text(f"Signed in as: {who}")  # st.text: the identity provider's value is shown, never rendered
    if button == "sign in":
        st.button("Sign in", type="primary", on_click=st.login)
    elif button == "sign out":
        st.button("Sign out", on_click=st.logout)
    st.stop()


def gate() -> None:
    """First thing in every run: decide who this run acts as, and stop the run unless someone may go on."""
    if not configured():
        act_as(None)
        if get_settings().user is None and registered_users():
            _stop_with("This workspace has registered users, so it needs sign-in: configure the `[auth]` section "
                       "of .streamlit/secrets.toml (README, team section).", button=None)
        return
    set_identity_source(signed_in_user)  # widget callbacks run before this gate on a fresh thread
    claims = _claims()
    if not claims:
        act_as(None)
        _stop_with("Sign in with your organisation's account to open your projects.", button="sign in")
    user = user_for_claims(claims, registered_users())
    if user is None:
        act_as(None)
        _stop_with("You are signed in, but not as a user of this workspace. Ask an administrator to add you "
                   "(`mlops-assistant users add <your e-mail> --clearance ...`) and grant you access to a project.",
                   button="sign out", who=claims.get("email") or claims.get("sub"))
    act_as(user)
    with st.sidebar:
        st.text(f"Signed in as {user}")
        st.button("Sign out", on_click=st.logout, key="signin.sign_out")
