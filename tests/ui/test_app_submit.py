"""A document you can submit: no internal IDs, Document Control from the project, a marked Word file with a
real model card, and an export that warns (and records) when the version is not ready."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from streamlit.testing.v1 import AppTest

from assistant.strategy import Fact, Item, Provenance
from assistant.strategy.export import INTERNAL_ID
from assistant.ui import document_control, readiness, services
from assistant.workspace import get_workspace
from tests.ui.conftest import make_project, open_page, save_seeded, seeded_strategy


def test_review_cycle_sets_the_next_review_date() -> None:
    assert document_control.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert document_control.add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    cycle = document_control.ReviewCycle
    assert document_control.next_review(cycle.ANNUAL, dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert document_control.next_review(cycle.ON_DEMAND, dt.date(2025, 1, 1)) is None


def test_document_control_comes_from_the_project() -> None:
    project = make_project("Alpha", owner="Head of Claims Digital", review_cycle="Monthly",
                           classification="OFFICIAL-SENSITIVE")
    save_seeded(project)  # drafted from the template: owner empty, Quarterly, created + 30 days
    strategy, _ = services.current_strategy(project)
    control = strategy.document_control
    assert control.owner == "Head of Claims Digital"
    assert control.review_cycle.value == "Monthly"
    assert control.classification.value == "OFFICIAL-SENSITIVE"
    assert control.next_review_date == dt.date(2025, 2, 1)  # last modified 2025-01-01 + one month
    md = services.render_markdown(strategy)
    assert "Head of Claims Digital" in md and "[OWNER_NAME_AND_ROLE]" not in md and "2025-02-01" in md


def test_no_internal_chunk_id_reaches_a_reader() -> None:
    project = make_project("Alpha")
    strategy = seeded_strategy(project)
    # a value cited by a passage the register does not know, and an open question that quotes a chunk ID
    strategy.overview.business_context.system_name = Fact(value="Claim triage",
                                                          provenance=Provenance.of("f00dfeed12345678:0badc0de:00042"))
    strategy.monitoring.open_questions[0].question += " (see f00dfeed12345678:0badc0de:00042)"
    md = services.render_markdown(strategy)
    assert not INTERNAL_ID.search(md) and "doc1:abc:3" not in md
    assert "[R-C1]" in md and re.search(r"\[S-C1\]", md)  # every cited source has an ArcKit marker
    data = strategy.model_dump_json()
    assert "doc1:abc:3" in data  # the mapping stays in the data (the JSON export)
    word = docx.Document(io.BytesIO(services.export_bytes(strategy, "docx")[0]))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert not [t for t in [p.text for p in word.paragraphs] + cells if INTERNAL_ID.search(t) or "doc1:abc" in t]


def test_word_export_is_marked_on_every_page_and_has_a_real_model_card() -> None:
    project = make_project("Alpha", classification="OFFICIAL-SENSITIVE")
    strategy = services.apply_document_control(seeded_strategy(project), project)
    card = strategy.governance.model_card
    card.model_name = "Claim triage v2"
    card.developer = Fact(value="Claims Data Science", provenance=Provenance.of("doc1:abc:3"))
    card.limitations = [Item(text="Not for `fraud` referrals")]
    word = docx.Document(io.BytesIO(services.export_bytes(strategy, "docx")[0]))
    for section in word.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            assert part.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Model Card: Claim triage v2" in headings and "Limitations" in headings
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert any(b.startswith("Developer: Claims Data Science") for b in bullets)
    assert "Not for fraud referrals" in bullets
    every = [p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert not [t for t in every if "```" in t or "**" in t or "`" in t]


def test_export_warns_why_and_records_an_export_anyway(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)  # a mostly empty template: validation fails on placeholders
    settings = dict(project.settings)
    settings["last_review"] = {"version": 1, "findings": [
        {"rule": "evidence-required", "severity": "blocking", "section": 7, "message": "Drift row has no source.",
         "fix": "Cite it."}]}
    get_workspace().update_project(project.key, settings=settings)
    app.run()
    open_page(app, "export")
    assert not app.exception
    warning = next(w.value for w in app.warning if "not ready to submit" in w.value)
    assert "Validation fails" in warning and "placeholder" in warning
    assert "1 blocking review finding(s) are open" in warning and "Drift row has no source." in warning
    downloads = app.get("download_button")
    assert downloads and all(d.proto.disabled for d in downloads)
    next(c for c in app.checkbox if c.label.startswith("I understand")).check().run()
    assert not any(d.proto.disabled for d in app.get("download_button"))
    # what the download's callback records
    project = get_workspace().get_project(project.key)
    strategy, version = services.current_strategy(project)
    readiness.record_export(project, version, "docx", readiness.readiness(project, strategy))
    event = get_workspace().audit_events(project.key, kind="ui.exported_anyway")[-1]
    assert event.detail["format"] == "docx" and any("blocking" in r for r in event.detail["reasons"])


def test_an_export_asked_for_in_chat_is_the_same_file_with_the_same_warning(app: AppTest) -> None:
    project = make_project("Alpha", owner="Head of Claims Digital")
    save_seeded(project)
    get_workspace().add_message(project.key, "user", "export it as markdown")
    get_workspace().add_message(project.key, "assistant", "Exported version 1 as md.",
                                meta={"intent": "export", "format": "md", "version": 1, "path": "/nowhere.md"})
    app.run()
    assert not app.exception
    button = next(d for d in app.get("download_button") if "ARC-001-MLOPS-v1.0.md" in d.proto.label)
    assert button.proto.label.endswith("anyway")
    assert any("Not ready to submit: Validation fails" in w.value for w in app.warning)
