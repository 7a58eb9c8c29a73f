"""No lost edits: a section save names the version it started from; when someone else changed the same
section since, nothing is written and the conflict carries both versions. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from assistant.errors import DraftConflictError
from assistant.strategy.schema import SECTIONS
from assistant.workspace import Workspace

FIELD = {info.number: info.field for info in SECTIONS}


@pytest.fixture()
def ws(workspace_url: str) -> Workspace:
    ws = Workspace(workspace_url)
    ws.create_project("Shared")
    ws.save_draft("shared", {FIELD[3]: "original three", FIELD[4]: "original four"})
    return ws


def test_the_second_edit_of_one_section_gets_a_conflict_with_both_versions(ws: Workspace) -> None:
    start = ws.latest_draft("shared")  # both people open version 1
    first = {**start.strategy, FIELD[3]: "Ann's three"}
    second = {**start.strategy, FIELD[3]: "Ben's three"}
    saved = ws.save_draft("shared", first, sections=[3], base_version=start.number, author="ann")
    with pytest.raises(DraftConflictError, match="changed " + FIELD[3]) as conflict:
        ws.save_draft("shared", second, sections=[3], base_version=start.number, author="ben")
    assert (conflict.value.base, conflict.value.latest) == (1, saved.number)
    assert conflict.value.theirs == {FIELD[3]: "Ann's three"}
    assert conflict.value.yours == {FIELD[3]: "Ben's three"}
    assert ws.latest_draft("shared").strategy[FIELD[3]] == "Ann's three"  # nothing overwritten
    assert [v.number for v in ws.draft_history("shared")] == [1, 2]
    # Ben chooses (here: his text) and saves again from the version he has now seen: it goes in.
    chosen = ws.save_draft("shared", {**ws.latest_draft("shared").strategy, FIELD[3]: "Ben's three"}, sections=[3],
                           base_version=saved.number, author="ben")
    assert chosen.strategy[FIELD[3]] == "Ben's three"


def test_edits_of_different_sections_from_one_version_both_keep(ws: Workspace) -> None:
    start = ws.latest_draft("shared")
    ws.save_draft("shared", {**start.strategy, FIELD[3]: "Ann's three"}, sections=[3], base_version=start.number)
    ws.save_draft("shared", {**start.strategy, FIELD[4]: "Ben's four"}, sections=[4], base_version=start.number)
    final = ws.latest_draft("shared").strategy
    assert (final[FIELD[3]], final[FIELD[4]]) == ("Ann's three", "Ben's four")


def test_a_whole_document_save_from_an_old_version_conflicts(ws: Workspace) -> None:
    start = ws.latest_draft("shared")
    ws.save_draft("shared", {**start.strategy, FIELD[4]: "newer four"}, base_version=start.number)
    with pytest.raises(DraftConflictError) as conflict:
        ws.save_draft("shared", {**start.strategy, FIELD[3]: "stale whole"}, base_version=start.number)
    assert conflict.value.fields == [FIELD[4]]


def test_racing_saves_of_one_section_one_wins_and_the_other_conflicts(workspace_url: str, ws: Workspace) -> None:
    start = ws.latest_draft("shared")
    barrier, outcomes = threading.Barrier(2), []

    def edit(who: str) -> None:
        mine = Workspace(workspace_url)  # its own engine, as a second server process would have
        barrier.wait()
        try:
            mine.save_draft("shared", {**start.strategy, FIELD[3]: who}, sections=[3], base_version=start.number)
            outcomes.append(("saved", who))
        except DraftConflictError as exc:
            outcomes.append(("conflict", exc.theirs[FIELD[3]]))

    threads = [threading.Thread(target=edit, args=(who,)) for who in ("ann", "ben")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [who for kind, who in outcomes if kind == "saved"]
    conflicts = [theirs for kind, theirs in outcomes if kind == "conflict"]
    assert len(saved) == 1 and conflicts == saved  # the loser sees the winner's text
    assert ws.latest_draft("shared").strategy[FIELD[3]] == saved[0]


def test_a_section_a_running_action_amends_after_the_edit_started_conflicts(ws: Workspace) -> None:
    """A drafting run amends its version while it is the latest: the number does not move, so the version's
    steps say what changed after the person opened it."""
    with ws.one_version("shared", "Draft sections 3 and 5"):
        ws.save_draft("shared", {FIELD[5]: "drafted five"}, sections=[5], note="section 5")
        opened = ws.latest_draft("shared")  # a person opens the run's version mid-way
        ws.save_draft("shared", {FIELD[3]: "drafted three"}, sections=[3], note="section 3")  # the run goes on
    assert ws.latest_draft("shared").number == opened.number  # amended, not a new version
    stale = {**opened.strategy, FIELD[3]: "hand-edited three"}
    with pytest.raises(DraftConflictError, match="amended after this edit started") as conflict:
        ws.save_draft("shared", stale, sections=[3], base_version=opened.number, base_steps=len(opened.steps or []))
    assert (conflict.value.theirs, conflict.value.yours) == ({FIELD[3]: "drafted three"}, {FIELD[3]: "hand-edited three"})
    assert ws.latest_draft("shared").strategy[FIELD[3]] == "drafted three"  # nothing overwritten
    # An edit of a section the run did not touch since goes in, keeping the run's sections.
    saved = ws.save_draft("shared", {**opened.strategy, FIELD[4]: "hand-edited four"}, sections=[4],
                          base_version=opened.number, base_steps=len(opened.steps or []))
    assert (saved.strategy[FIELD[3]], saved.strategy[FIELD[4]], saved.strategy[FIELD[5]]) == \
        ("drafted three", "hand-edited four", "drafted five")
