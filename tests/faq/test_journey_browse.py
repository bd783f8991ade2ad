"""A visitor browses: home -> topic -> article -> "Was this helpful?" yes with a comment (headless Chromium)."""
import pytest

from faq.models import Vote
from tests.factories import make_article, make_category
from tests.faq.kb_helpers import make_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = """When a user reports that no message arrived, look the number up before changing anything.

## Find the message

1. In the SMS console open **Statistics and Analytics** > **Mainland China SMS** > **Message Records**.
2. Search for the mobile number and read the **Delivery Status** and **Remarks** columns.
3. If the status is *failed*, the Remarks say why: rate limit, format, or an unsubscribed number.

>? A number that replied **T**, **N**, **TD** or **Unsubscribe** is blocked until the user opts in again.

## The status says delivered

- Check the phone is on, has credit and has signal; restart it if it has been on for weeks.
- Make sure the inbox is not full and no blocklist app filters the sender.

>! Never resend the same verification code more than a few times: rate limits apply per number.
"""


def seed_content():
    delivery = make_category(
        name="Delivery problems", slug="delivery", description="Messages that arrive late, or not at all."
    )
    api = make_category(name="API errors", slug="api-errors", description="Error codes returned by the SMS API.")
    article = make_article(
        category=delivery, slug="sms-not-received", title="A user did not receive an SMS",
        summary="Find the message in the records and read why it failed.", body=BODY,
        keywords="not received, verification code, OTP", view_count=120,
    )
    make_article(category=delivery, slug="sms-arrives-late", title="Messages arrive late",
                 summary="Separate slow API calls from slow delivery reports.", keywords="late, delay", view_count=80)
    make_article(category=delivery, slug="number-blocklists", title="A number is on a blocklist",
                 keywords="blocked, unsubscribe, verification code", view_count=40)
    make_article(category=api, slug="error-1014", title="Error 1014: the template does not match",
                 error_codes=("1014",), view_count=60)
    make_article(category=api, slug="error-1016", title="Error 1016: the phone number format is wrong",
                 error_codes=("1016",), view_count=30)
    make_tree(slug="sms-not-received", title="My SMS did not arrive",
              description="A few questions about the message records find the cause.", articles=(article,))
    make_tree(slug="api-errors", title="The API returned an error", description="Decode an error code step by step.")


def test_a_visitor_browses_to_an_article_and_says_it_helped(page, screenshot):
    seed_content()
    page.goto("/")
    assert page.get_by_role("heading", name="How can we help?").is_visible()
    screenshot(page, "browse-1-home-desktop")

    page.get_by_role("link", name="Delivery problems").click()
    page.wait_for_url("**/categories/delivery/")
    assert page.get_by_role("heading", name="Delivery problems", level=1).is_visible()
    screenshot(page, "browse-1b-topic-desktop")

    page.get_by_role("link", name="A user did not receive an SMS").click()
    page.wait_for_url("**/articles/sms-not-received/")
    assert page.get_by_role("heading", name="Find the message").is_visible()
    assert page.get_by_role("link", name="Troubleshoot: My SMS did not arrive").is_visible()
    screenshot(page, "browse-2-article-desktop")

    other_tab = page.context.new_page()
    other_tab.goto("/articles/sms-not-received/")
    page.bring_to_front()

    # With the keyboard only: Space picks "Yes", Tab moves to the comment and on to the button.
    page.get_by_role("radio", name="Yes", exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "comment"
    page.keyboard.type("The console path saved me.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Send feedback"
    page.keyboard.press("Enter")
    thanks = page.get_by_text("Thank you! Glad it helped.")
    thanks.wait_for()
    # htmx swapped the box in place: still the same page, no reload to the top.
    assert page.url.endswith("/articles/sms-not-received/")
    vote = Vote.objects.get()
    assert vote.helpful and vote.comment == "The console path saved me."
    assert page.evaluate("document.activeElement.id") == "feedback"
    page.locator("#feedback").scroll_into_view_if_needed()
    screenshot(page, "browse-3-voted-desktop")

    # The visitor's second tab, opened before the vote, still shows the form; voting there changes the
    # one vote this client has (one per article per client), it does not add a second.
    page.reload()
    assert page.get_by_text("Thank you! Glad it helped.").is_visible()
    other_tab.bring_to_front()
    other_tab.get_by_role("radio", name="No", exact=True).check()
    other_tab.get_by_role("button", name="Send feedback").click()
    other_tab.get_by_text("Thank you for telling us.").wait_for()
    assert Vote.objects.count() == 1 and not Vote.objects.get().helpful


def test_the_pages_work_on_a_phone_without_javascript(browser, live_server, screenshot):
    seed_content()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False,
        device_scale_factor=2, is_mobile=True,
    )
    phone = context.new_page()
    try:
        phone.goto("/")
        screenshot(phone, "browse-4-home-phone")
        phone.goto("/articles/sms-not-received/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the article scrolls sideways on a phone ({width}px)"
        screenshot(phone, "browse-5-article-phone")

        phone.get_by_role("radio", name="No", exact=True).check()
        phone.get_by_role("button", name="Send feedback").click()
        phone.wait_for_url("**/articles/sms-not-received/#feedback")
        assert phone.get_by_text("Thank you for telling us.").is_visible()
        assert Vote.objects.get().helpful is False
        screenshot(phone, "browse-6-voted-phone")

        response = phone.goto("/errors/4242/")
        assert response.status == 404
        # The header's box is a combobox (it suggests as you type); the page's own box is the searchbox.
        assert phone.get_by_role("searchbox", name="Search the knowledge base").input_value() == "error 4242"
        screenshot(phone, "browse-7-unknown-error-code-phone")
    finally:
        context.close()
