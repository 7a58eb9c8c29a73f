"""Issue 17, probe 8: two drafts of one project at once neither crash nor overwrite each other's sections."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from assistant.strategy.schema import SECTIONS
from assistant.workspace import Workspace

FIELDS = {info.number: info.field for info in SECTIONS}


def _run(url: str, key: str, who: str, numbers: list[int], errors: list[BaseException],
         barrier: threading.Barrier) -> None:
    ws = Workspace(url)  # its own engine and connections, as a second process would have
    document = {field: {"by": "nobody"} for field in FIELDS.values()}
    barrier.wait()
    try:
        for number in numbers:
            document[FIELDS[number]] = {"by": who}  # this run's view: its own sections, stale others
            ws.save_draft(key, dict(document), sections=(number,), note=f"{who} {number}")
    except BaseException as exc:  # noqa: BLE001 - the test reports any failure
        errors.append(exc)


def test_concurrent_section_saves_keep_every_section(workspace_url: str) -> None:
    url = workspace_url
    Workspace(url).create_project("Race", key="race")
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)
    a = threading.Thread(target=_run, args=(url, "race", "A", [1, 3, 5, 7, 9, 11, 13, 15], errors, barrier))
    b = threading.Thread(target=_run, args=(url, "race", "B", [2, 4, 6, 8, 10, 12, 14], errors, barrier))
    a.start(), b.start()
    a.join(), b.join()
    assert errors == []
    ws = Workspace(url)
    history = ws.draft_history("race")
    assert [v.number for v in history] == list(range(1, 16))
    final = ws.latest_draft("race").strategy
    assert {n: final[f]["by"] for n, f in FIELDS.items()} == {n: "A" if n % 2 else "B" for n in FIELDS}


def test_whole_document_save_still_replaces_everything(workspace_url: str) -> None:
    ws = Workspace(workspace_url)
    ws.create_project("Whole", key="whole")
    ws.save_draft("whole", {FIELDS[1]: {"by": "A"}, FIELDS[2]: {"by": "A"}})
    ws.save_draft("whole", {FIELDS[1]: {"by": "B"}})
    assert ws.latest_draft("whole").strategy == {FIELDS[1]: {"by": "B"}}


def test_two_drafting_runs_on_one_project_never_share_a_version(workspace_url: str) -> None:
    """Each run groups its saves with one_version; racing, neither amends the other's version, and every
    section either run saved is in the final document."""
    Workspace(workspace_url).create_project("Runs", key="runs")
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run(who: str, numbers: list[int]) -> None:
        ws = Workspace(workspace_url)
        barrier.wait()
        try:
            with ws.one_version("runs", f"Draft by {who}"):
                for number in numbers:
                    ws.save_draft("runs", {FIELDS[number]: {"by": who}}, sections=(number,), note=f"{who} {number}")
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=run, args=("A", [1, 3, 5, 7])), threading.Thread(target=run, args=("B", [2, 4, 6, 8]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ws = Workspace(workspace_url)
    for version in ws.draft_history("runs"):
        authors = {step["note"].split()[0] for step in version.steps}
        assert len(authors) == 1 and version.note == f"Draft by {authors.pop()}"  # one run per version
    final = ws.latest_draft("runs").strategy
    assert {n: final[FIELDS[n]]["by"] for n in range(1, 9)} == {n: "A" if n % 2 else "B" for n in range(1, 9)}


def test_a_save_waits_out_a_sqlite_writer_that_holds_the_lock_past_the_busy_timeout(tmp_path: Path) -> None:
    """Many users on one SQLite file: a save queued behind another writer for longer than SQLite's busy timeout
    (5 s) tries again instead of failing the person's draft."""
    path = tmp_path / "ws.db"
    ws = Workspace(f"sqlite:///{path}")
    ws.create_project("Busy", key="busy")
    holder = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer: the database's write lock, held
    released = threading.Timer(6.0, lambda: holder.execute("COMMIT"))
    released.start()
    try:
        saved = ws.save_draft("busy", {FIELDS[1]: "after the wait"}, sections=[1])
    finally:
        released.join()
        holder.close()
    assert saved.number == 1 and ws.latest_draft("busy").strategy[FIELDS[1]] == "after the wait"
