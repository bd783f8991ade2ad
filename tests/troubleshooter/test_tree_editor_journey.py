"""One continuous journey in headless Chromium, as issue 11 tells it: an editor copies a shipped tree and
makes the copy live; a customer starts on it; the editor adds a question with two ways out, sees the
problem on the graph, fixes it, tries the draft and publishes; the customer who started before the
publish finishes on the old version while a new customer gets the new one."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_editor
from troubleshooter.models import Node, Session
from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = pytest.mark.browser

COPY = "slow-api-calls-copy"
NEW_KEY = "dns-private-i-do-not-know"
NEW_WAY = "I do not know which server answers"


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()
    user = make_editor(username="edna")
    user.set_password("a-long-editor-password")
    user.save()


@pytest.fixture
def customer_tab(browser, live_server):
    """A second browser, with its own cookies: the customer's, never signed in."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def start_session(tab) -> Session:
    tab.goto(f"/troubleshoot/{COPY}/")
    tab.get_by_role("button", name="Start").click()
    expect(tab).to_have_url(re.compile(r"/troubleshoot/s/[0-9a-f-]{36}/(\?step=\d+)?$"))
    return Session.objects.get(pk=tab.url.split("/s/")[1].split("/")[0])


def test_an_editor_changes_a_copy_of_a_live_tree_and_only_new_customers_meet_the_change(
        page, customer_tab, trees, screenshot):
    # The editor copies "API calls are slow"; the copy is a draft no customer can reach.
    page.goto("/editor/trees/")
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("row", name="API calls are slow").get_by_role("link", name="Duplicate").click()
    expect(page.get_by_label("Slug")).to_have_value(COPY)
    page.get_by_role("button", name="Create the tree").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API calls are slow (copy)")
    expect(page.get_by_role("heading", name="No problems found")).to_be_visible()
    expect(page.get_by_text("No version of this tree is live yet.")).to_be_visible()
    assert customer_tab.goto(f"/troubleshoot/{COPY}/").status == 404

    # It publishes the copy as it is: version 1, with the scenarios the shipped tree carries.
    page.get_by_role("link", name="Publish, compare versions or roll back").click()
    page.get_by_label("Note for this version").fill("The shipped tree, copied")
    page.get_by_role("button", name="Publish the draft").click()
    expect(page.get_by_text("Published version 1")).to_be_visible()
    page.get_by_role("link", name="Edit the draft in the tree editor").click()

    # A customer starts on version 1 and stays on its first step while the editor works.
    before = start_session(customer_tab)
    expect(customer_tab.get_by_role("button", name="Yes, a private DNS server answers")).to_be_visible()
    expect(customer_tab.get_by_role("button", name=NEW_WAY)).to_have_count(0)

    # The editor adds a third way out of the first step, leading to a new question.
    page.locator(".editor-outline").get_by_role("link", name="dns-private", exact=True).click()
    page.locator("#id_branches-2-label").fill(NEW_WAY)
    page.locator("#id_branches-2-target_choice").select_option("__new__")
    page.locator("#id_branches-2-new_kind").select_option("question")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved “dns-private”.")).to_be_visible()

    # The graph flags the new question: it has no way out yet.
    page.get_by_role("link", name="Back to the graph").click()
    expect(page.get_by_role("heading", name="1 problem to fix")).to_be_visible()
    box = page.locator(f'.graph-frame a[*|href="/editor/trees/{COPY}/nodes/{NEW_KEY}/"]')
    expect(box).to_have_count(1)
    expect(box).to_contain_text("⚠ 1 problem")
    expect(page.locator(".editor-outline .has-problem")).to_contain_text("It has no way out")
    screenshot(page, "editor-graph-with-problem")

    # From its box, the editor writes the question and its two ways out.
    box.click()
    expect(page.get_by_role("alert")).to_contain_text("It has no way out")
    page.get_by_label("Prompt").fill("Run `dig yun.tim.qq.com` and look at the SERVER line. Is it an address "
                                     "inside your network?")
    page.locator("#id_branches-0-label").fill("Yes, inside our network")
    page.locator("#id_branches-0-target_choice").select_option("dns-host")
    page.locator("#id_branches-1-label").fill("No, a public address")
    page.locator("#id_branches-1-target_choice").select_option("dns-public")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    screenshot(page, "editor-new-question-form")
    page.get_by_role("link", name="Back to the graph").click()
    expect(page.get_by_role("heading", name="No problems found")).to_be_visible()
    screenshot(page, "editor-graph-fixed")

    # The editor tries the draft: the new way out leads to the new question.
    page.get_by_role("button", name="Try this draft").click()
    expect(page).to_have_url(re.compile(r"/troubleshoot/s/"))
    expect(page.get_by_role("note")).to_contain_text("customers do not see it")
    page.get_by_role("button", name=NEW_WAY).click()
    expect(page.locator("#step-prompt")).to_contain_text("look at the SERVER line")
    screenshot(page, "editor-trying-the-draft")
    page.get_by_role("link", name="Back to the tree editor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API calls are slow (copy)")

    # Nothing has reached customers yet: the customer's page still offers version 1's two answers.
    customer_tab.reload()
    expect(customer_tab.get_by_role("button", name=NEW_WAY)).to_have_count(0)

    # The editor publishes version 2.
    page.get_by_role("link", name="Publish, compare versions or roll back").click()
    page.get_by_label("From").select_option("1")
    page.get_by_label("to", exact=True).select_option("draft")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text(f"Node “{NEW_KEY}” (question) was added.")).to_be_visible()
    page.get_by_label("Note for this version").fill("Ask which server answers")
    page.get_by_role("button", name="Publish the draft").click()
    expect(page.get_by_text("Published version 2")).to_be_visible()
    screenshot(page, "editor-published-version-2")

    # The customer who started on version 1 finishes on it, through its two answers.
    customer_tab.reload()
    expect(customer_tab.get_by_role("button", name=NEW_WAY)).to_have_count(0)
    customer_tab.get_by_role("button", name="Yes, a private DNS server answers").click()
    customer_tab.get_by_role("button", name="Yes, the calls are fast now").click()
    expect(customer_tab.get_by_role("group", name="Did this solve it?")).to_be_visible()
    before.refresh_from_db()
    assert before.version.number == 1 and before.current_key == "out-dns-fixed"

    # A customer starting now gets version 2 and its new question.
    after = start_session(customer_tab)
    assert after.version.number == 2
    customer_tab.get_by_role("button", name=NEW_WAY).click()
    expect(customer_tab.locator("#step-prompt")).to_contain_text("look at the SERVER line")
    expect(customer_tab.get_by_role("note")).to_have_count(0)  # no preview notice for customers
    screenshot(customer_tab, "customer-on-version-2")
    assert not Node.objects.filter(tree__slug="slow-api-calls", key=NEW_KEY).exists()  # the original is untouched
