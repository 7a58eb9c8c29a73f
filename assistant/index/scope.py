"""Which chunks a vector-store operation may touch: one project's, or the shared knowledge base.

The store takes no bare collection name: every read, write and delete carries a `ChunkScope`, and the store
works only inside the scope's own collection (one collection per project). A project scope is issued only
after the workspace's access check (`Workspace.chunk_scope`, through `assistant.index.grant`, which the
import contract keeps out of every other package), so reaching another project's chunks needs that check
to pass for the acting user; the knowledge base (public guidance) is open to everyone."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from assistant.errors import AccessDeniedError

KNOWLEDGE_COLLECTION = "mlops-knowledge"
_PROJECT_PREFIX = "project-"
# Only `assistant.index.grant` passes this: a project scope built anywhere else is refused on construction.
_ISSUED = object()


def collection_name(project: str) -> str:
    """A valid Chroma name (3-63 chars, [a-z0-9._-], alphanumeric ends) for a project key."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", project.lower()).strip("-._") or "default"
    name = f"{_PROJECT_PREFIX}{slug}"
    if len(name) > 63:
        digest = hashlib.sha1(project.encode()).hexdigest()[:10]
        name = f"{name[:52].rstrip('-._')}-{digest}"
    return name


@dataclass(frozen=True)
class ChunkScope:
    """The project whose chunks an operation may touch (None: the knowledge base)."""

    project: str | None
    issued: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.project is not None and self.issued is not _ISSUED:
            raise AccessDeniedError(f"Chunks of project {self.project!r} are read only through the scope the "
                                    "workspace issues after its access check (Workspace.chunk_scope).")

    @property
    def collection(self) -> str:
        return KNOWLEDGE_COLLECTION if self.project is None else collection_name(self.project)

    def __str__(self) -> str:
        return "the knowledge base" if self.project is None else f"project {self.project!r}"


KNOWLEDGE = ChunkScope(None)
