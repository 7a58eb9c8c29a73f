"""A person's decision on a document's unconfirmed marking (issue 17).

Ingestion applies marking-like text that is not certainly a marking ("the service must not process SECRET
data", "secret: ...") as the higher tier and records it as unconfirmed with its passages. Here a person settles
it: confirmed keeps the higher tier; dismissed drops back to the markings that were certain. Both are audited
with the old and new markings and who decided.
"""

from __future__ import annotations

from assistant.errors import InvalidInputError
from assistant.workspace import DocumentRecord, Workspace, get_workspace


def pending_reviews(project_key: str, *, workspace: Workspace | None = None) -> list[DocumentRecord]:
    """The project's documents whose marking waits for a person."""
    workspace = workspace or get_workspace()
    return [d for d in workspace.list_documents(project_key) if d.marking_review.get("status") == "unconfirmed"]


def decide_marking(project_key: str, document_id: str, *, is_marking: bool, user: str = "local",
                   workspace: Workspace | None = None) -> DocumentRecord:
    """Confirm (`is_marking=True`) or dismiss the document's unconfirmed marking; returns the updated record."""
    workspace = workspace or get_workspace()
    record = workspace.get_document(project_key, document_id)
    if record is None:
        raise InvalidInputError(f"{document_id}: no such document in project {project_key!r}.")
    review = dict(record.marking_review)
    if review.get("status") != "unconfirmed":
        raise InvalidInputError(f"{record.filename}: has no unconfirmed marking to decide.")
    if is_marking:
        markings = list(record.markings)
    else:
        unconfirmed = {p["level"] for p in review.get("passages", [])} - set(review.get("certain", []))
        markings = [m for m in record.markings if m not in unconfirmed]
    review.update(status="confirmed" if is_marking else "dismissed", decided_by=user)
    updated = workspace.set_marking_review(project_key, document_id, markings=markings, review=review)
    workspace.audit(project_key, "marking_confirmed" if is_marking else "marking_dismissed",
                    {"document_id": document_id, "filename": record.filename, "old": record.markings,
                     "new": markings, "level": review.get("level"), "user": user})
    return updated
