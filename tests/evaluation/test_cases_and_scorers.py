"""Eval cases load and convert (the DOCX and PDF really parse); each scorer fires on a planted defect
and stays silent on a clean run."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from assistant.evaluation.cases import Case, load_case, load_cases, materialise
from assistant.evaluation.scorers import (
    CaseRun,
    compliance_coverage,
    evidence_validity,
    fact_recall,
    guardrail_outcomes,
    must_not_contain,
    open_questions,
    section_markdown,
    structure_fidelity,
    traceability_coverage,
    unsupported_number_rate,
)
from assistant.strategy import Strategy


# ----- cases -------------------------------------------------------------------------------------
def test_every_case_loads_and_suites_select() -> None:
    cases = load_cases()
    assert len(cases) >= 9 and [c.id for c in cases] == sorted(c.id for c in cases)
    assert {c.id for c in load_cases("replay")} == {"citizen-genai", "secret-external"}
    with pytest.raises(InvalidInputError, match="suite 'nope'"):
        load_cases("nope")


def test_a_bad_case_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text("id: x\ntitle: t\nproject: {name: n, project_id: '001'}\n"
                                        "documents: []\nexpect: {facts: [{section: 3}]}\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"(?s)case\.yaml.*exactly one of 'text' or 'any'"):
        load_case(tmp_path)


def test_documents_convert_to_real_docx_and_pdf(tmp_path: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    base = load_case(Path("evals/cases/citizen-genai"))
    source = base.documents[0].source
    case = base.model_copy(update={"documents": [
        base.documents[0].model_validate({"source": source, "as": kind}) for kind in ("md", "docx", "pdf")]})
    md, docx_path, pdf_path = materialise(case, tmp_path)
    assert md.suffix == ".md" and "FR-ML-002" in md.read_text(encoding="utf-8")

    document = Document(str(docx_path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Functional requirements" in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(b.startswith("FR-ML-003: The retrieval index shall use pgvector") for b in bullets)

    text = "\n".join(page.extract_text() for page in PdfReader(str(pdf_path)).pages)
    assert "FR-ML-002" in text and "pgvector" in text and "99.9%" in text


def test_markdown_tables_become_docx_tables(tmp_path: Path) -> None:
    from docx import Document

    from assistant.evaluation.cases import markdown_to_docx

    markdown_to_docx("# T\n\n| id | text |\n|---|---|\n| FR-1 | shall log |\n", tmp_path / "t.docx")
    table = Document(str(tmp_path / "t.docx")).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [["id", "text"], ["FR-1", "shall log"]]


# ----- scorers on hand-made runs ------------------------------------------------------------------
def _case(**expect: object) -> Case:
    return Case.model_validate({"id": "hand", "title": "hand-made", "project": {"name": "P", "project_id": "001"},
                                "documents": [], "expect": expect})


def _strategy() -> Strategy:
    strategy = Strategy.new("001", "Hand-made")
    strategy.serving.performance_requirements = [type(strategy.serving.performance_requirements[0]).model_validate(
        {"metric": "Time to first token (p95)", "target": "2 seconds", "provenance": {"evidence": ["NFR-P-001"]}})]
    row = type(strategy.traceability).model_fields["rows"].annotation.__args__[0]
    strategy.traceability.rows = [row.model_validate({"requirement_id": "NFR-P-001", "requirement": "First token fast",
                                                      "mlops_element": "Serving performance targets", "status": "✅",
                                                      "provenance": {"evidence": ["NFR-P-001"]}})]
    return strategy


EVIDENCE = {"NFR-P-001": "NFR-P-001: The first token of an answer shall appear within 2 seconds at the 95th percentile."}


def _run(case: Case, strategy: Strategy | None = None, **fields: object) -> CaseRun:
    from assistant.strategy.render import render_markdown

    strategy = strategy if strategy is not None else _strategy()
    markdown = render_markdown(strategy)
    run = CaseRun(case=case, strategy=strategy, markdown=markdown, section_markdown=section_markdown(markdown),
                  evidence_texts=dict(EVIDENCE))
    for name, value in fields.items():
        setattr(run, name, value)
    return run


def test_fact_recall() -> None:
    case = _case(facts=[{"section": 6, "text": "2 seconds"}, {"section": 6, "any": ["p95", "p99"]}])
    assert fact_recall(_run(case)).value == 1.0
    planted = _run(case)
    planted.section_markdown[6] = "## 6. Serving Infrastructure\nnothing here"
    score = fact_recall(planted)
    assert score.value == 0.0 and "s6:2 seconds" in score.detail


def test_traceability_coverage() -> None:
    case = _case(trace_ids=["NFR-P-001"])
    assert traceability_coverage(_run(case)).value == 1.0
    strategy = _strategy()
    strategy.traceability.rows = []
    score = traceability_coverage(_run(case, strategy))
    assert score.value == 0.0 and "NFR-P-001" in score.detail


def test_evidence_validity_and_unsupported_numbers() -> None:
    case = _case()
    clean = _run(case)
    assert evidence_validity(clean).value == 1.0
    assert unsupported_number_rate(clean).value == 0.0

    strategy = _strategy()
    strategy.serving.performance_requirements[0].target = "5 seconds"  # invented: the evidence says 2
    planted = _run(case, strategy)
    validity = evidence_validity(planted)  # the traceability row is still valid, the serving row is not
    assert validity.value == 0.5 and "serving.performance_requirements[0]: not supported" in validity.detail
    numbers = unsupported_number_rate(planted)
    assert numbers.value and numbers.value > 0 and "5" in numbers.detail

    unknown = _strategy()
    unknown.serving.performance_requirements[0].provenance.evidence = ["NFR-X-999"]
    assert "unknown evidence" in evidence_validity(_run(case, unknown)).detail


def test_assumptions_may_carry_numbers() -> None:
    strategy = _strategy()
    strategy.serving.performance_requirements[0].target = "5 seconds"
    strategy.serving.performance_requirements[0].provenance.basis = "assumption"
    strategy.serving.performance_requirements[0].provenance.rationale = "to be confirmed"
    assert unsupported_number_rate(_run(_case(), strategy)).value == 0.0


def test_compliance_coverage() -> None:
    strategy = _strategy()
    strategy.genai.applies = False
    assert compliance_coverage(_run(_case(sections_not_apply=[9]), strategy)).value == 1.0
    score = compliance_coverage(_run(_case(sections_apply=[9]), strategy))
    assert score.value == 0.0 and "s9 applies" in score.detail


def test_must_not_contain_ignores_open_questions() -> None:
    from assistant.strategy.base import OpenQuestion

    case = _case(must_not_contain=["XGBoost"])
    assert must_not_contain(_run(case)).value == 1.0
    asked = _strategy()
    asked.model_inventory.open_questions.append(OpenQuestion(question="Which framework: XGBoost or PyTorch? (ML lead)"))
    assert must_not_contain(_run(case, asked)).value == 1.0  # asking states nothing
    stated = _strategy()
    stated.overview.business_context.system_name.value = "XGBoost fraud scorer"
    score = must_not_contain(_run(case, stated))
    assert score.value == 0.0 and "XGBoost" in score.detail


def test_open_questions_bounds() -> None:
    strategy = _strategy()
    count = sum(len(getattr(strategy, s.field).open_questions) for s in __import__("assistant.strategy", fromlist=["SECTIONS"]).SECTIONS)
    assert open_questions(_run(_case(open_questions={"max": count + 1}), strategy)).value == 1.0
    assert open_questions(_run(_case(open_questions={"min": count + 1}), strategy)).value == 0.0
    assert open_questions(_run(_case(), strategy)).value is None


def test_guardrail_outcomes() -> None:
    case = _case(guardrails={"blocked": True, "pii_min": 1})
    assert guardrail_outcomes(_run(case, blocked=True, pii_spans=2)).value == 1.0
    sent = guardrail_outcomes(_run(case, blocked=True, connection_attempts=1, pii_spans=2))
    assert sent.value == pytest.approx(2 / 3) and "no connection attempted" in sent.detail
    missed = guardrail_outcomes(_run(case, blocked=False, pii_spans=0))
    assert missed.value == pytest.approx(1 / 3) and "failed: blocked, PII spans 0 >= 1" in missed.detail
    assert guardrail_outcomes(_run(_case())).value is None


def test_structure_fidelity() -> None:
    clean = _run(_case())
    assert structure_fidelity(clean).value == 1.0
    planted = _run(_case())
    planted.markdown = planted.markdown.replace("## 7. ", "## Seven. ", 1)
    score = structure_fidelity(planted)
    assert score.value is not None and score.value < 1.0 and "7." in score.detail


def test_the_number_scorer_reads_numbers_its_own_way() -> None:
    """Identifiers and dates are not quantities a value states; evidence may hold a number in any form."""
    from assistant.evaluation.scorers import evidence_numbers, stated_numbers

    assert stated_numbers("PSI > 0.20 weekly per FR-014 (ARC-001-REQ-v1.2, 2026-03-01)") == {"0.2"}
    assert stated_numbers("under 1,500 ms for 05 regions") == {"1500", "5"}
    assert "1500" in evidence_numbers("responds within 1,500 ms") and "0.2" in evidence_numbers("PSI of 0.2")
    assert not stated_numbers("owner: Head of Claims Digital")
    assert stated_numbers("Covered: §9 and section 7.2 set PSI > 0.25") == {"0.25"}  # section references are not values
