"""A customer searching in headless Chromium: suggestions as they type, then the results page, with and without JavaScript."""
import pytest

from faq import search
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def articles():
    search.forget_synonyms()
    make_article(slug="not-received", title="What should I do if a user does not receive an SMS message?",
                 body="Check the **Delivery Status** and the **Remarks** in the console. If the remarks show an error code, look it up.")
    make_article(slug="invoices", title="Are invoices available?", body="Apply for an invoice on the Invoice Management page.")
    make_article(slug="error-1014", title="What should I do if error 1014 is returned?",
                 body="Check that the content template is approved and the variables match.", error_codes=("1014",))


def test_suggestions_appear_as_you_type_and_lead_to_the_article(page, articles, screenshot):
    page.goto("/")
    page.get_by_label("Search the knowledge base").press_sequentially("invo", delay=60)
    suggestion = page.locator("#search-suggestions").get_by_role("link", name="Are invoices available?")
    suggestion.wait_for()
    screenshot(page, "search-suggestions")
    suggestion.click()
    page.wait_for_url("**/articles/invoices/")


def test_the_results_page_highlights_matches_and_records_the_click(page, articles, screenshot):
    page.goto("/")
    box = page.get_by_label("Search the knowledge base")
    box.fill("user did not recieve the sms, what do the remarks say")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator(".search-result").first
    assert "does not receive an SMS" in first.inner_text()
    assert page.locator(".search-result mark").count() >= 1
    assert "Also searched for" in page.content()
    screenshot(page, "search-results")
    first.get_by_role("link").click()
    page.wait_for_url("**/articles/not-received/")
    from faq.models import SearchLog

    assert SearchLog.objects.get().clicked_article.slug == "not-received"


def test_search_works_without_javascript_and_offers_did_you_mean(browser, live_server, articles, screenshot):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto("/")
        tab.get_by_label("Search the knowledge base").fill("invoyycez")
        tab.get_by_role("button", name="Search").click()
        tab.wait_for_url("**/search/?q=invoyycez")
        assert "No articles found." in tab.content()
        screenshot(tab, "search-did-you-mean")
        tab.get_by_role("link", name="invoices").click()
        tab.wait_for_url("**/search/?q=invoices")
        assert tab.locator(".search-result").count() == 1
    finally:
        context.close()
