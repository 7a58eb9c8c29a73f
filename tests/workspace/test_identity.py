"""Who the workspace acts as: the signed-in person's verified identity mapped to a registered user, carried to
the threads a run starts with its context; without one, the configured user (single-user use unchanged)."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator

import pytest

from assistant.config import get_settings
from assistant.errors import AccessDeniedError
from assistant.workspace import LOCAL_USER, get_workspace
from assistant.workspace.identity import act_as, set_identity_source, user_for_claims

REGISTERED = ["alice@dept.example", "svc-7f3a"]


def test_a_verified_email_or_the_subject_names_a_registered_user() -> None:
    assert user_for_claims({"email": "Alice@Dept.example", "email_verified": True, "sub": "x"}, REGISTERED) \
        == "alice@dept.example"
    assert user_for_claims({"email": "alice@dept.example"}, REGISTERED) == "alice@dept.example"  # no claim: trusted
    # An address the provider has not verified names nobody (anyone can type an address at some providers).
    assert user_for_claims({"email": "alice@dept.example", "email_verified": False, "sub": "x"}, REGISTERED) is None
    assert user_for_claims({"email": "alice@dept.example", "email_verified": False, "sub": "svc-7f3a"},
                           REGISTERED) == "svc-7f3a"
    assert user_for_claims({"email": "mallory@dept.example", "sub": "mallory"}, REGISTERED) is None
    assert user_for_claims({}, REGISTERED) is None


@pytest.fixture
def team() -> Iterator[None]:
    ws = get_workspace()
    ws.create_project("Alpha")
    ws.create_project("Beta")
    ws.add_user("alice@dept.example", clearance="SC")
    ws.grant("alpha", "alice@dept.example", "editor")
    yield
    act_as(None)
    set_identity_source(None)


def test_the_workspace_acts_as_the_named_user_and_their_workers_do_too(team: None) -> None:
    act_as("alice@dept.example")
    assert [p.key for p in get_workspace().list_projects()] == ["alpha"]
    with pytest.raises(AccessDeniedError, match="beta"):
        get_workspace().require_project("beta")
    seen: dict[str, object] = {}

    def worker(label: str) -> None:
        try:
            seen[label] = [p.key for p in get_workspace().list_projects()]
        except AccessDeniedError as exc:
            seen[label] = exc

    carried = threading.Thread(target=contextvars.copy_context().run, args=(worker, "with context"))
    bare = threading.Thread(target=worker, args=("without",))
    for thread in (carried, bare):
        thread.start()
        thread.join()
    assert seen["with context"] == ["alpha"]
    # A thread started without the run's context is the local user, who is not let into a team workspace.
    assert seen["without"] == []


def test_the_identity_source_answers_when_no_run_named_anyone(team: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_workspace().user == LOCAL_USER
    monkeypatch.setenv("MLOPS_ASSISTANT_USER", "bob")
    get_settings.cache_clear()
    assert get_workspace().user == "bob"  # the configured user (the command line's)
    set_identity_source(lambda: "alice@dept.example")
    assert get_workspace().user == "alice@dept.example"  # a signed-in person outranks the configuration
    act_as("carol")
    assert get_workspace().user == "carol"  # and a name set for this run outranks the source
