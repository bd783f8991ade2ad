"""Headless Chromium: "Fill in an example" on the sig checker gives a form that runs as it is."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sig_example_runs_and_shows_the_verdict_in_words(page, screenshot):
    page.goto("/tools/sig/")
    page.get_by_role("link", name="Fill in an example").click()
    assert page.get_by_label("AppKey").input_value() == "example-appkey-not-real"
    page.get_by_role("button", name="Check").click()
    result = page.locator("#tool-result")
    result.wait_for()
    assert result.locator("h2").inner_text().strip() == "Sig computed (no sig given to compare)"
    assert "computed" not in result.locator("h2").inner_text().replace("Sig computed", "")
    assert "appkey=<your AppKey>&random=7226249334" in result.inner_text()
    assert "example-appkey-not-real" not in page.content()
    screenshot(page, "tools-sig-example")
