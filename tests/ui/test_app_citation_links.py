"""Citations are links: each marker in a drafted section (Draft page, chat reply) and each [n] in a chat answer
links to an anchor inside the source that opens its passage; no internal chunk ID is shown on the way."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from assistant.workspace import get_workspace
from tests.ui.conftest import make_project, open_page, save_seeded, texts
from tests.ui.test_app_chat import CITATION
from tests.ui.test_app_visible_drafts import drafting_engine  # noqa: F401 - the fixture, shared

LINK = re.compile(r"\[\\\[(?P<marker>[^\]\\]+)\\\]\]\(#(?P<anchor>cite-[a-z0-9-]+)\)")


def _links(markdown: str) -> dict[str, str]:
    return {m["marker"]: m["anchor"] for m in LINK.finditer(markdown)}


def _anchor_in(expander: object) -> str:
    """The id of the anchor element inside a source's expander ('' when there is none)."""
    found = re.search(r'id="([^"]+)"', "".join(h.value for h in expander.get("html")))  # type: ignore[attr-defined]
    return found.group(1) if found else ""


def test_a_drafted_sections_markers_link_to_the_passage_in_its_source(app: AppTest) -> None:
    project = make_project("Alpha")
    save_seeded(project)
    app.run()
    open_page(app, "draft", **{"ui.draft.section": 7})
    section = next(e for e in app.expander if e.label.startswith("7. Model Monitoring"))
    links = _links("\n".join(m.value for m in section.markdown))
    assert links == {"R-C1": "cite-s7-r-c1"}
    source = next(e for e in section.expander if e.label.startswith("[R-C1] requirements.md"))
    assert _anchor_in(source) == links["R-C1"]  # the link lands inside the source that quotes the passage
    assert any("p99 latency shall not exceed 300 ms" in m.value for m in source.markdown)
    assert "doc1:abc:3" not in texts(app) + "".join(h.value for h in app.get("html"))


def test_a_chat_drafts_markers_are_links_too(app: AppTest, drafting_engine: list) -> None:  # noqa: F811
    make_project("Alpha")
    app.run()
    app.chat_input[0].set_value("Draft section 7").run()
    assert not app.exception
    reply = next(m for m in app.chat_message if any("## 7. Model Monitoring" in md.value for md in m.markdown))
    links = _links("\n".join(md.value for md in reply.markdown))
    assert links == {"R-C1": "cite-s7-r-c1"}
    source = next(e for e in reply.expander if e.label.startswith("[R-C1] requirements.md"))
    assert _anchor_in(source) == links["R-C1"]


def test_an_answers_numbered_citations_link_to_their_source(app: AppTest) -> None:
    project = make_project("Alpha")
    ws = get_workspace()
    ws.add_message(project.key, "user", "What is the latency target?")
    saved = ws.add_message(project.key, "assistant", "The p99 latency target is 300 ms [1]. See also [2].",
                           citations=[CITATION], meta={"intent": "ask"})
    app.run()
    answer = app.chat_message[-1]
    links = _links(answer.markdown[0].value)
    assert links == {"1": f"cite-m{saved.id}-1"}  # [2] names no source: it stays plain text
    assert "See also [2]." in answer.markdown[0].value
    source = next(e for e in answer.expander if e.label.startswith("[1] requirements.md"))
    assert _anchor_in(source) == links["1"]
