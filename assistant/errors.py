"""The user-facing error hierarchy: every message says what was wrong and where."""


class AssistantError(Exception):
    """A problem the user can act on; the CLI and UI show its message without a traceback."""


class InvalidInputError(AssistantError):
    """Input that does not have the expected form (bad JSON, a schema violation, malformed Markdown)."""


class IngestError(AssistantError):
    """A file that cannot be ingested; the message names the file and the reason."""


class ProviderError(AssistantError):
    """A model provider failed in a way the user must know about (bad key, quota, refusal, timeout)."""


class PolicyBlockedError(AssistantError):
    """A request that the classification policy forbids; the message names the marking and the rule."""


class AccessDeniedError(AssistantError):
    """A user asked for a project they may not open (not a member, too low a role, or above their clearance);
    the message names the user, the project and which of these it was."""


class DraftConflictError(AssistantError):
    """A save started from a version that is no longer the latest, and someone else changed the same part
    since: nothing was written. Carries both sides so the person can choose (`theirs` is what is saved now)."""

    def __init__(self, message: str, *, project_key: str, base: int | None, latest: int,
                 fields: list[str], theirs: dict[str, object], yours: dict[str, object]) -> None:
        super().__init__(message)
        self.project_key, self.base, self.latest = project_key, base, latest
        self.fields, self.theirs, self.yours = fields, theirs, yours
