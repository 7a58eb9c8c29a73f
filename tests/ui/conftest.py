"""AppTest helpers: the app's page script (`app_page.py`) against the temporary data home (see tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.config import get_settings
from assistant.strategy import Provenance, Strategy
from assistant.strategy.base import OpenQuestion
from assistant.strategy.schema import DocumentRef, DriftRow
from assistant.ui import services
from assistant.workspace import ProjectRecord, get_workspace

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app_page.py")  # the page script (`app.py` serves it as an st.App)
REQUIREMENTS = ROOT / "tests" / "fixtures" / "requirements" / "ARC-001-REQ-v1.0.md"
TIMEOUT = 180


@pytest.fixture(autouse=True)
def torch_embeddings(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled model through torch: no per-home ONNX export, so a fresh data home starts quickly."""
    monkeypatch.setenv("MLOPS_ASSISTANT_EMBEDDING_BACKEND", "torch")
    get_settings.cache_clear()


@pytest.fixture()
def fast_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip the knowledge-base warm-up (test_app_start covers it) so each AppTest starts in a second."""
    monkeypatch.setattr(services, "ensure_knowledge_base", lambda: "Knowledge base ready (test).")
    monkeypatch.setattr(services, "load_embedder", lambda: object())


@pytest.fixture()
def app(fast_start: None) -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def open_page(at: AppTest, view: str, **state: object) -> AppTest:
    """Jump to a view the way the app does (`state.go`), then run."""
    at.session_state["ui.goto"] = view
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    """All visible text of the last run, one string, for `in` checks."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]
    parts += [e.value for e in at.subheader] + [e.value for e in at.success] + [e.value for e in at.info]
    parts += [e.value for e in at.warning] + [e.value for e in at.error] + [e.value for e in at.code]
    parts += [e.label for e in at.expander] + [e.label for e in at.status]
    return "\n".join(str(p) for p in parts)


def make_project(name: str = "Fraud Triage", **kwargs: object) -> ProjectRecord:
    return get_workspace().create_project(name, **kwargs)


def seeded_strategy(project: ProjectRecord) -> Strategy:
    """A strategy with section 7 drafted: a cited drift row and an open question, as a drafter would leave it."""
    strategy = services.new_strategy(project)
    refs = strategy.external_references
    refs.documents.append(DocumentRef(doc_id="DOC-001", filename="requirements.md"))
    refs.add_citation("doc1:abc:3", "requirements.md", doc_id="DOC-001", page_section="3. Performance requirements",
                      quoted_passage="NFR-P-001: p99 latency shall not exceed 300 ms.")
    monitoring = strategy.monitoring
    monitoring.data_drift = [DriftRow(feature_group="Claim features", method="PSI", threshold="PSI > 0.2",
                                     action="Alert", provenance=Provenance.of("doc1:abc:3"))]
    monitoring.open_questions = [OpenQuestion(question="Who receives drift alerts out of hours?")]
    strategy.document_control.last_modified = dt.date(2025, 1, 1)
    return Strategy.model_validate(strategy.model_dump(mode="json"))


def save_seeded(project: ProjectRecord, note: str = "Section 7 drafted") -> Strategy:
    strategy = seeded_strategy(project)
    get_workspace().save_draft(project.key, strategy.model_dump(mode="json"), note=note)
    return strategy


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # noqa: ANN201 - pytest hook
    """Keep each phase's report on the test item, so a browser fixture can screenshot a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
