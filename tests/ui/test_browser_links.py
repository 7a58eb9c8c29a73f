"""Citations you can follow, quotes that end on a sentence, and sub-pages that reload cleanly, in headless
Chromium against a real `streamlit run app.py` with every outside host blocked (the daily tests' fixtures):

1. a citation marker in a drafted section (Draft page) is a link; clicking it opens the quoted passage;
2. so is one in a section drafted in chat;
3. a chat answer's quotes are the source's words ending where a sentence or line does, never a cut word and
   "...";
4. reloading (or opening) a sub-page gets no 404 from anything it requests, its health check included.

The tests share one server and run in order (the sample project of the first is used by the rest).
Screenshots go to artifacts/screenshots/links-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from assistant.ui.pages import PAGES
from tests.ui.test_browser import CHROMIUM, shot
from tests.ui.test_browser_daily import INTERNAL_ID, _go, _settle, browser, page, server  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.integration,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")]

MARKER_LINK = re.compile(r"^\[[A-Z]+-C\d+\]$")


def _follow_first_citation(page: Any, where: Any) -> None:  # noqa: F811 - the page fixture's value
    """Click the first citation link in `where` and check that the passage it names opens, quoted."""
    from playwright.sync_api import expect

    link = where.get_by_role("link", name=MARKER_LINK).first
    marker = link.inner_text()
    anchor = link.get_attribute("href").removeprefix("#")
    source = where.get_by_test_id("stExpander").filter(has=page.locator(f"[id='{anchor}']")).first
    expect(source.locator("summary")).to_contain_text(marker)
    passage = source.locator("blockquote").first
    expect(passage).to_be_hidden()  # the source is closed until the citation is followed
    link.click()
    expect(passage).to_be_visible()
    expect(passage).not_to_be_empty()
    assert page.url.endswith(f"#{anchor}")


def test_1_a_citation_in_a_drafted_section_opens_its_passage(page: Any, server: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    _settle(page)
    page.get_by_role("button", name="Try the sample project").click()
    expect(page.get_by_text(re.compile("Sample project ready"))).to_be_visible(timeout=300_000)
    _settle(page)
    section = page.get_by_test_id("stExpander").filter(has_text=re.compile(r"7\. Model Monitoring — Drafted")).first
    _follow_first_citation(page, section)
    shot(page, "links-01-draft-citation-opened")
    assert not INTERNAL_ID.search(page.locator("body").inner_text())


def test_2_a_citation_in_a_chat_draft_opens_its_passage(page: Any, server: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    _settle(page)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("Draft section 6")
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").filter(
        has=page.get_by_role("heading", name=re.compile(r"^6\. Serving Infrastructure"))).last
    expect(reply).to_be_visible(timeout=300_000)
    _settle(page)
    _follow_first_citation(page, reply)
    shot(page, "links-02-chat-citation-opened")
    assert not INTERNAL_ID.search(page.locator("body").inner_text())


def test_3_chat_quotes_end_on_a_sentence(page: Any, server: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    _settle(page)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("What does NFR-C-003 require?")
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").filter(has_text="quoted, offline mode").last
    expect(answer).to_be_visible(timeout=300_000)
    _settle(page)
    quotes = re.findall(r'"([^"\n]+)" \[(\d+)\]', answer.inner_text())
    assert quotes, answer.inner_text()
    for quote, number in quotes:
        assert not quote.rstrip().endswith(("...", "…")), quote
        # the quote is the source's own words, ending where a word of it ends (the whole passage is in the
        # source's expander under the answer)
        source = answer.get_by_test_id("stExpander").filter(has=page.locator("summary", has_text=f"[{number}] ")).first
        passage = " ".join((source.locator("blockquote").first.text_content() or "").split())
        at = passage.find(quote)
        assert at >= 0, (quote, passage)
        assert not passage[at + len(quote):at + len(quote) + 1].isalnum(), (quote, passage)
    shot(page, "links-03-chat-quotes")


def test_4_reloading_a_sub_page_requests_nothing_that_404s(page: Any, server: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    failed: list[str] = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    for _, title, url in PAGES[1:]:
        _go(page, title)
        assert page.url.split("?")[0].endswith(f"/{url}")
        page.reload()
        expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible()
        _settle(page)
    page.goto(f"{server}/draft")  # a bookmark of a sub-page, opened afresh
    expect(page.get_by_role("heading", name="Draft", exact=True).first).to_be_visible()
    _settle(page)
    shot(page, "links-04-reloaded-sub-page")
    assert not failed, f"requests that failed on a sub-page reload: {failed}"
