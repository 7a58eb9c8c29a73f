"""Table column headers after a "Name" label are not people (they were redacted as [PERSON_n] before)."""

from assistant.guardrails.pii import detect_pii


def test_column_headers_after_name_are_not_people() -> None:
    assert detect_pii("| Model ID | Model Name | Type | Framework |") == []
    assert detect_pii("| Role | Name | Signature | Date |") == []


def test_a_name_in_a_name_cell_is_still_found() -> None:
    assert [(s.type, s.text) for s in detect_pii("| Name | Jane Smith |")] == [("PERSON", "Jane Smith")]
