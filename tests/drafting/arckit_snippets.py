"""The Document Control block of a small ArcKit document written for tests (no real project's text)."""

from __future__ import annotations


def document_control(doc_id: str, kind: str, *, owner: str | None = None, project: str = "Parcel Routing") -> str:
    owner_row = f"| **Owner** | {owner} |\n" if owner else ""
    return (f"# {kind}: {project}\n\n## Document Control\n\n| Field | Value |\n|-------|-------|\n"
            f"| **Document ID** | {doc_id} |\n| **Document Type** | {kind} |\n{owner_row}"
            f"| **Project** | {project} (Project 001) |\n| **Classification** | OFFICIAL |\n"
            "| **Version** | 1.0 |\n\n")
