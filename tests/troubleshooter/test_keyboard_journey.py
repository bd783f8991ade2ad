"""From the keyboard, in headless Chromium at 1280 and 390 px: Start puts focus on the question (its
first answer one Tab away), arrow keys move through the as-you-type suggestions, and a step permalink
stops short of the top edge."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_article
from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = pytest.mark.browser
VIEWPORTS = [(1280, 800), (390, 844)]


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()


def active(page, expression: str = "document.activeElement.id"):
    return page.evaluate(expression)


@pytest.mark.parametrize("width, height", VIEWPORTS)
def test_after_start_the_first_answer_is_one_tab_away(page, trees, screenshot, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/troubleshoot/sms-not-received/")
    page.get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/troubleshoot/s/"))
    page.wait_for_function("document.activeElement && document.activeElement.id === 'step-heading'")
    page.keyboard.press("Tab")
    assert active(page, "document.activeElement.value") == "failed"
    screenshot(page, f"wizard-start-focus-{width}")


@pytest.mark.parametrize("width, height", VIEWPORTS)
def test_arrow_keys_move_through_the_search_suggestions(page, transactional_db, screenshot, width, height):
    for title in ("Error 1014 explained", "Error 1016 explained", "Error 60008 explained"):
        make_article(title=title, body=f"{title}: what the error means and what to do.")
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the knowledge base")
    box.press_sequentially("error explained", delay=20)
    listbox = page.get_by_role("listbox", name="Suggested articles")
    expect(listbox.get_by_role("option")).to_have_count(4)
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    first = listbox.get_by_role("option").nth(0)
    expect(box).to_have_attribute("aria-activedescendant", "search-suggestion-1")
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "search-suggestion-2")
    box.press("ArrowUp")
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", "search-suggestion-all")
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    assert active(page) == "site-search"
    screenshot(page, f"search-suggestion-highlighted-{width}")
    title = first.inner_text()
    box.press("Enter")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


@pytest.mark.parametrize("width, height", VIEWPORTS)
def test_a_step_permalink_stops_short_of_the_top_edge(page, transactional_db, width, height):
    steps = "\n".join(f"{n}. Step number {n} of the fix, explained at length." for n in range(1, 13))
    article = make_article(title="Twelve steps", body=f"Intro.\n\n{steps}\n\n" + "More text.\n\n" * 40)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{article.get_absolute_url()}#step-9")
    target = page.locator("#step-9")
    expect(target).to_be_in_viewport()
    top = target.evaluate("el => el.getBoundingClientRect().top")
    assert 16 <= top < 200
