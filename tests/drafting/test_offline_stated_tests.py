"""Issue 21: the tests and drills the documents run on a stated cadence become section 10's Automated Testing
rows, each citing its statement; a document that only discusses tests (principles, an analysis) sets none, a
test given two cadences by equally authoritative statements is left out, and a cadence belongs to the test its
clause names nearest to it. Documents written for this test in ArcKit's style (no real project's text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting.offline import OfflineDrafter, evidence_from_file
from assistant.drafting.offline.evidence import evidence_id_for
from assistant.facts import CadenceFact, read_facts
from assistant.strategy import Strategy
from tests.drafting.arckit_snippets import document_control

REQ = document_control("ARC-001-REQ-v1.0", "Requirements") + """## Non-Functional Requirements

### NFR-SEC-004: Security Testing
**Requirement**: Dependency scanning, SAST, DAST and licence checks in the pipeline, plus AI-specific adversarial
testing of the model (prompt injection, jailbreak, data poisoning, model extraction, membership inference) in the
CI/CD pipeline and on a rolling cadence agreed with the security team; pen test annually by a CHECK-approved
provider.

### NFR-A-002: Disaster Recovery
- Disaster recovery drill: Quarterly test with documented recovery time

### NFR-A-003: Backups
- Backup validation: Monthly restore testing to verify backup integrity

### NFR-SEC-005: Vulnerability Management
**Requirement**: Annual penetration testing by CREST testers, and weekly vulnerability scans of the container
images reviewed by the security team.
"""

ATRS = document_control("ARC-001-ATRS-v1.0", "Algorithmic Transparency Record") + """## 3.4 Human Decisions and Review

- **Automated Testing**: 500 ground truth questions tested daily (regression testing)
- Red teaming (quarterly adversarial testing)
- Ground truth testing (500 questions tested monthly)
- Chaos test (weekly): pod kill under load
- Chaos test (monthly) after each platform upgrade
"""

PRIN = document_control("ARC-000-PRIN-v1.0", "Architecture Principles") + """## Principles

- Quarterly fairness audits with public reporting
- Load test weekly against peak traffic
"""


@pytest.fixture(scope="module")
def strategy(tmp_path_factory: pytest.TempPathFactory) -> Strategy:
    folder: Path = tmp_path_factory.mktemp("tests")
    evidence = []
    for name, text in (("ARC-001-REQ-v1.0.md", REQ), ("ARC-001-ATRS-v1.0.md", ATRS), ("ARC-000-PRIN-v1.0.md", PRIN)):
        (folder / name).write_text(text, encoding="utf-8")
        evidence.extend(evidence_from_file(folder / name))
    return OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001", classification="OFFICIAL").draft()


def _stated(strategy: Strategy) -> dict[str, str]:
    return {row.test_type or "": row.when or "" for row in strategy.cicd.automated_testing
            if row.provenance.basis == "evidence"}


def test_each_stated_test_is_a_row_with_its_cadence_and_citation(strategy: Strategy) -> None:
    stated = _stated(strategy)
    assert stated.get("Penetration test") == "Annually"  # the cadence nearest the pen test, not the adversarial tests
    assert stated.get("Red teaming") != "Annually"
    assert stated.get("Disaster recovery drill") == "Quarterly"
    assert stated.get("Backup restore test") == "Monthly"
    assert stated.get("Regression suite") == "Daily"
    assert stated.get("Accuracy audit") == "Monthly"
    assert stated.get("Red teaming") == "Quarterly"
    rows = [r for r in strategy.cicd.automated_testing if r.test_type == "Penetration test"]
    assert rows[0].provenance.evidence == ["NFR-SEC-004"]


def test_vulnerability_scanning_is_a_test_of_its_own(strategy: Strategy) -> None:
    # "weekly" belongs to the scans it is written beside, not to the annual pen test in the same clause
    stated = _stated(strategy)
    assert stated.get("Penetration test") == "Annually"
    assert stated.get("Vulnerability scanning") == "Weekly"


def test_two_cadences_for_one_test_are_left_to_the_owner(strategy: Strategy) -> None:
    assert "Chaos test" not in _stated(strategy)


def test_principles_discuss_tests_without_setting_them(strategy: Strategy) -> None:
    stated = _stated(strategy)
    assert "Load test" not in stated
    assert "Bias testing" not in stated


def test_the_repository_is_the_code_host_the_ci_service_runs_on_never_the_ci_service(tmp_path: Path) -> None:
    def source_control(ci: str) -> set[str | None]:
        req = document_control("ARC-001-REQ-v1.0", "Requirements") + (
            f"## Technical Constraints\n\n### TC-001: Delivery pipeline\n**Requirement**: Model code is built, tested "
            f"and deployed with {ci} pipelines.\n")
        (tmp_path / "ARC-001-REQ-v1.0.md").write_text(req, encoding="utf-8")
        strategy = OfflineDrafter(evidence_from_file(tmp_path / "ARC-001-REQ-v1.0.md"), project_name="Parcel Routing",
                                  project_id="001", classification="OFFICIAL").draft()
        return {row.repository for row in strategy.cicd.source_control if row.provenance.basis == "evidence"}

    assert source_control("GitHub Actions") == {"GitHub"}
    assert source_control("Jenkins") == set()  # Jenkins names no code host: the question stays open


DEVOPS = document_control("ARC-001-DEVOPS-v1.0", "DevOps Strategy") + """## 4. Test Stage

### 4.1 Test Strategy

| Class | Purpose | Runs on | Blocks release? |
|-------|---------|---------|-----------------|
| **Unit** | Pure logic, fast | Every PR | Yes |
| **Integration** | Service and its managed dependencies | Every PR | Yes |
| **End-to-end** | Critical user journeys | Every merge + nightly | Yes |

### 4.2 Isolation

- Cross-tenant negative tests run on every PR; a regression blocks merge.

## 9. Organisation

- Each business unit reviews its dashboards monthly.
"""


def test_a_test_strategy_table_gives_the_templates_own_rows_their_stated_ci_cadence(tmp_path: Path) -> None:
    (tmp_path / "ARC-001-DEVOPS-v1.0.md").write_text(DEVOPS, encoding="utf-8")
    strategy = OfflineDrafter(evidence_from_file(tmp_path / "ARC-001-DEVOPS-v1.0.md"), project_name="Parcel Routing",
                              project_id="001", classification="OFFICIAL").draft()
    rows = {row.test_type: row for row in strategy.cicd.automated_testing}
    # The project's cadence replaces the template's suggestion ("Every push" as ArcKit template practice)
    assert (rows["Unit tests"].when, rows["Unit tests"].provenance.basis) == ("Every PR", "evidence")
    assert rows["Integration"].when == "Every PR"
    assert rows["E2E"].when == "Every merge and nightly"  # one clause, two cadences, both true
    # A row whose cell is only its cadence is named by the row's own label, not "Every PR"
    assert (rows["Unit tests"].what, rows["E2E"].what) == ("Unit", "End-to-end")
    assert [r.test_type for r in strategy.cicd.automated_testing].count("Unit tests") == 1
    # "a regression blocks merge" is a failure, not a regression suite
    assert "Regression suite" not in rows
    # "business unit ... monthly" is no unit test: the only unit-test row is the table's
    assert all(r.when != "Monthly" for r in strategy.cicd.automated_testing if r.test_type == "Unit tests")


def test_each_row_cites_the_table_row_that_states_its_cadence(tmp_path: Path) -> None:
    # every row of the table says "Every PR": the citation is the row of the test it is about
    (tmp_path / "ARC-001-DEVOPS-v1.0.md").write_text(DEVOPS, encoding="utf-8")
    evidence = evidence_from_file(tmp_path / "ARC-001-DEVOPS-v1.0.md")
    strategy = OfflineDrafter(evidence, project_name="Parcel Routing", project_id="001",
                              classification="OFFICIAL").draft()
    text = {evidence_id_for(chunk): chunk.text for chunk in evidence}
    for test_type, label in (("Unit tests", "Unit"), ("Integration", "Integration")):
        row = next(r for r in strategy.cicd.automated_testing if r.test_type == test_type)
        cited = " ".join(text.get(e, "") for e in row.provenance.evidence)
        assert f"**{label}**" in cited, (test_type, cited)


def test_a_ci_event_has_one_spelling_and_needs_no_activity_word() -> None:
    text = document_control("ARC-001-OPS-v1.0", "Operations") + (
        "## Scanning\n\n| Scanner | Runs |\n|---|---|\n| Trivy | On each pull request |\n| Grype | on every merge request |\n")
    values = [f.value for f in read_facts(text, "ARC-001-OPS-v1.0.md").facts if isinstance(f, CadenceFact)]
    assert values == ["every PR", "every PR"]
