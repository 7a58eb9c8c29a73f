"""Section 10: CI/CD for ML."""

from __future__ import annotations

from assistant.drafting.offline import data
from assistant.drafting.offline.sections.builder import Builder
from assistant.strategy.schema import (
    TestRow,
)


def build(b: Builder) -> None:
    sec = b.s.cicd
    ci, ci_ev = b.tool("ci")
    # The repository is the code host the CI service runs on, never the CI service itself ("GitHub Actions
    # repository" was judged wrong on a real project); a CI service that names no host leaves the question.
    host = data.term_attr(ci, "repository")
    if host:
        # A system that only calls a hosted model has no model code, training pipelines or training data to
        # keep: the host is stated for what the project does keep (its configuration), not for those.
        calls_only = b.genai_only() and (bool(b.signal_units("not_fine_tuned")) or not b.signal_units("fine_tuned"))
        for source_row in sec.source_control:
            if calls_only and source_row.artifact in _TRAINED_MODEL_ARTIFACTS:
                continue
            source_row.repository = host
            source_row.provenance = b.ev(*ci_ev)
        if calls_only:
            b.ask(sec, "No model is trained here (the model is called as a service): where are the prompts, "
                       "retrieval settings and evaluation sets versioned?", "Source Control")
    else:
        b.ask(sec, "Which source control and CI/CD service will host the model code and pipelines?", "Source Control")
    dv, dv_ev = b.tool("data_validation")
    for test_row in sec.automated_testing:
        if test_row.test_type == "Data validation" and dv:
            test_row.tool, test_row.provenance = dv, b.ev(*dv_ev)
        if test_row.test_type == "Data validation" and not dv:
            dq = b.req_units("data_quality", top=1)
            if dq:
                test_row.provenance = b.ev(dq[0].id)
        if test_row.test_type == "Model validation":
            floors = b.quantities("metric")
            if floors:
                test_row.provenance = b.ev(*[q.evidence_id for q in floors[:2]])
    practice = b.rules["practice"]
    if b.quantities("latency", "throughput"):
        ev = [q.evidence_id for q in b.quantities("latency", "throughput")][:2]
        sec.automated_testing.append(TestRow(**practice["load_test"], provenance=b.rec("practice", None, *ev, keywords=("latency",))))
    if b.s.monitoring.fairness:
        ev = [r.provenance.evidence[0] for r in b.s.monitoring.fairness if r.provenance.evidence][:1]
        sec.automated_testing.append(TestRow(**practice["fairness_test"], provenance=b.rec("practice", None, *ev, keywords=("fairness",))))
    if b.f.applicability["genai"].applies:
        sec.automated_testing.append(TestRow(**practice["prompt_eval"], provenance=b.rec("practice", None)))
    # The tests the documents themselves run, on the cadence they state; a stated test takes the place of the row
    # the template's practice suggests for it (a stated unit test the template's "Unit tests", a bias test its
    # fairness row).
    replaces = {"Bias testing": practice["fairness_test"]["test_type"], "Load test": practice["load_test"]["test_type"]}
    for test in b.f.tests:
        suggested = replaces.get(test.test_type, test.test_type)
        sec.automated_testing = [r for r in sec.automated_testing
                                 if not (r.test_type == suggested and r.provenance.basis != "evidence")]
        sec.automated_testing.append(TestRow(test_type=test.test_type, what=test.what, when=test.when,
                                             provenance=b.ev(test.evidence)))
    freq = b.quantities("frequency")
    for training_row in sec.continuous_training:
        if training_row.trigger == "Scheduled" and freq:
            training_row.trigger = f"Scheduled ({freq[0].value})"
            training_row.provenance = b.ev(freq[0].evidence_id)
    if b.genai_only():
        sec.continuous_training = [r for r in sec.continuous_training if r.provenance.basis == "evidence"]


# The template's source-control rows that exist only where the project trains a model of its own.
_TRAINED_MODEL_ARTIFACTS = frozenset({"Model code", "Training pipelines", "Data (DVC)"})
