"""The whole site works under its Content-Security-Policy: no violation on any main page (headless Chromium).

Violations are collected twice: the page's own securitypolicyviolation events (the collector is
injected by the browser driver, so the policy does not apply to it) and Chromium's console.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import make_agent, make_article
from tests.troubleshooter.session_factories import make_live_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    console: list[str] = []
    page.add_init_script(COLLECT)
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)

    def violations() -> list[str]:
        return page.evaluate("window.__csp || []") + console

    return page, violations


def test_the_customer_pages_and_htmx_work_without_violations(watched, screenshot):
    page, violations = watched
    article = make_article(title="Invoices are available", body="| a | b |\n|:--|--:|\n| 1 | 2 |\n\n## Feedback")
    session = make_live_session()
    seen = []
    for path in ("/", "/search/?q=invoices", article.get_absolute_url(), "/tools/", "/tools/json-body/",
                 "/tickets/new/", "/troubleshoot/", session.get_absolute_url()):
        page.goto(path)
        seen.extend(f"{path}: {v}" for v in violations())
    # htmx under the policy: suggestions as you type, a vote swapped in place, a wizard step.
    page.goto("/")
    page.get_by_label("Search the knowledge base").press_sequentially("invoi")
    expect(page.locator("#search-suggestions a").first).to_be_visible()
    page.goto(article.get_absolute_url())
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Glad it helped")).to_be_visible()
    screenshot(page, "csp-article-after-vote")
    page.goto(session.get_absolute_url())
    page.get_by_role("button", name="Yes").first.click()
    expect(page.locator("#wizard")).to_contain_text(re.compile(r"\w"))
    seen.extend(violations())
    assert seen == []


def test_an_invalid_vote_is_shown_in_place_by_the_static_script(watched):
    page, violations = watched
    article = make_article()
    page.goto(article.get_absolute_url())
    # Bypass the browser's own "required" check, so the server's 400 answer comes back.
    page.evaluate("document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required'))")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose Yes or No.")
    assert page.url.endswith(article.get_absolute_url())
    assert violations() == []


def test_the_agent_console_admin_and_api_docs_work_without_violations(watched, screenshot):
    page, violations = watched
    make_agent(username="agent-ann")
    log_in(page, "agent-ann")
    seen = [f"/agent/: {v}" for v in violations()]
    User.objects.create_superuser("boss", "boss@example.com", "a-long-test-password")
    article = make_article(title="Keys")
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    for path in ("/admin/", "/admin/faq/article/", f"/admin/faq/article/{article.pk}/change/"):
        page.goto(path)
        seen.extend(f"{path}: {v}" for v in violations())
    page.locator("textarea[name=body]").fill(">! Never share the **AppKey**.")
    page.locator(".markdownx-preview .callout-warning").wait_for()
    seen.extend(violations())
    page.goto("/api/v1/docs")
    # Swagger UI parses a 1.5 MB bundle before it draws anything: on a loaded CI machine (both cores
    # busy with the other xdist worker) that alone took more than expect()'s default 5 s.
    expect(page.get_by_text("/api/v1/tickets").first).to_be_visible(timeout=30_000)
    screenshot(page, "csp-api-docs")
    seen.extend(f"/api/v1/docs: {v}" for v in violations())
    assert seen == []
