"""Documents: upload with per-file results, the list with what ingestion found, remove, and scope."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from assistant.facts import facts_dir
from assistant.workspace import get_workspace
from tests.ui.conftest import REQUIREMENTS, make_project, open_page, texts


def _upload(at: AppTest, *files: tuple[str, bytes, str]) -> None:
    for name, data, mime in files:
        at.file_uploader[0].upload(name, data, mime)
    next(b for b in at.button if b.form_id == "upload").click().run()


def test_upload_shows_a_result_per_file_and_lists_the_document(app: AppTest) -> None:
    project = make_project("Alpha")
    app.run()
    open_page(app, "documents")
    _upload(app, (REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown"),
            ("empty.pdf", b"%PDF-1.4 not really a pdf", "application/pdf"))
    assert not app.exception
    shown = texts(app)
    assert f"{REQUIREMENTS.name}: ingested" in shown
    assert "empty.pdf: not indexed." in shown
    table = app.dataframe[0].value
    row = table[table["File"] == REQUIREMENTS.name].iloc[0]
    assert row["Passages"] > 0 and "BR-001" in row["Requirement IDs"]
    assert {"Size", "Pages", "Guard flags"} <= set(table.columns)
    # The same file again is recognised, not duplicated.
    _upload(app, (REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown"))
    assert "already indexed" in texts(app)
    assert len(get_workspace().list_documents(project.key)) == 1


def test_remove_and_scope(app: AppTest) -> None:
    project = make_project("Alpha")
    app.run()
    open_page(app, "documents")
    _upload(app, (REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown"),
            ("notes.txt", b"FR-010: The service shall log every override.\n", "text/plain"))
    docs = {d.filename: d.id for d in get_workspace().list_documents(project.key)}
    app.multiselect(key="ui.scope.documents").select(docs["notes.txt"]).run()
    assert get_workspace().get_project(project.key).settings["scope"] == [docs["notes.txt"]]
    app.selectbox(key="ui.remove.doc").select(docs["notes.txt"]).run()
    app.button(key="ui.remove.go").click().run()
    assert [d.filename for d in get_workspace().list_documents(project.key)] == [REQUIREMENTS.name]
    assert "Removed notes.txt." in texts(app)


def test_documents_whose_old_facts_cannot_be_reread_are_named_until_uploaded_again(app: AppTest) -> None:
    project = make_project("Alpha")
    app.run()
    open_page(app, "documents")
    _upload(app, (REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown"))
    assert "read by an older version" not in texts(app)
    doc = get_workspace().list_documents(project.key)[0]
    stored = facts_dir(project.key) / f"{doc.id}.json"
    stored.with_suffix(".source").unlink()  # a home written before facts kept their text
    aged = json.loads(stored.read_text(encoding="utf-8"))
    stored.write_text(json.dumps({**aged, "extractor_version": "0"}), encoding="utf-8")
    app.run()
    assert f"read by an older version of the assistant and cannot be refreshed here: {REQUIREMENTS.name}" in texts(app)
    # Uploading the same file again reads its facts again and keeps the text: the warning goes.
    _upload(app, (REQUIREMENTS.name, REQUIREMENTS.read_bytes(), "text/markdown"))
    assert "already indexed" in texts(app)
    app.run()
    assert "read by an older version" not in texts(app)
