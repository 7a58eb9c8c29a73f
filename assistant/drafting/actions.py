"""One user action, one draft version: the grouping every front end (the app and the CLI) holds around an action.

A whole-document draft saves each section the moment it finishes (so a failure later loses nothing), but the
user asked for one thing: inside `draft_action` those saves amend one version, each section a step in its
history. The labels live here so the app's History tab and the CLI's versions read the same.

The caller holds the block around the whole loop over a stream of events, not the generator itself: a context
variable set inside a generator could outlive an abandoned stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

from assistant.workspace import get_workspace

CHAT_LABEL_CHARS = 120  # a chat message names its version; a long one is cut here


def draft_label(sections: Sequence[int] | None) -> str:
    """`Drafted all sections` or `Drafted section(s) 3, 7`: the version note of a draft action."""
    if not sections:
        return "Drafted all sections"
    return "Drafted section(s) " + ", ".join(str(n) for n in dict.fromkeys(sections))


def chat_label(message: str) -> str:
    """`Chat: <the message>`: the version note of whatever one chat turn saves."""
    return f"Chat: {message.strip()[:CHAT_LABEL_CHARS]}"


def draft_action(project_key: str, sections: Sequence[int] | None) -> AbstractContextManager[None]:
    """Everything drafted inside this block is one version of `project_key` (`sections`: those asked for,
    None or empty for all)."""
    return get_workspace().one_version(project_key, draft_label(sections))


def chat_action(project_key: str, message: str) -> AbstractContextManager[None]:
    """Everything one chat turn saves (a `/draft all` included) is one version of `project_key`."""
    return get_workspace().one_version(project_key, chat_label(message))
