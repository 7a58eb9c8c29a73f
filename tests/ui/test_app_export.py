"""Export: Markdown, DOCX and JSON downloads named as ArcKit names them."""

from __future__ import annotations

import io
import json

from streamlit.testing.v1 import AppTest

from assistant.ui import services
from tests.ui.conftest import make_project, open_page, save_seeded


def test_download_buttons_carry_the_arckit_file_names(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "export")
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert "Download Markdown: ARC-001-MLOPS-v1.0.md" in labels
    assert "Download Structured JSON: ARC-001-MLOPS-v1.0.json" in labels
    assert any(label.endswith("ARC-001-MLOPS-v1.0.docx") for label in labels)


def test_export_bytes_are_the_document() -> None:
    project = make_project("Alpha")
    strategy = save_seeded(project)
    md, name, mime = services.export_bytes(strategy, "md")
    assert name == "ARC-001-MLOPS-v1.0.md" and mime == "text/markdown"
    assert "Model Monitoring" in md.decode()
    data, name, _ = services.export_bytes(strategy, "json")
    assert json.loads(data)["document_control"]["project_id"] == "001"
    docx, name, _ = services.export_bytes(strategy, "docx")
    from docx import Document

    assert name.endswith(".docx") and Document(io.BytesIO(docx)).paragraphs
