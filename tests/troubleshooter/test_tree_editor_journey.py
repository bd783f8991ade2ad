"""In headless Chromium: an editor copies a shipped tree, adds a question with two ways out, sees the
problem on the graph and fixes it."""
import pytest
from playwright.sync_api import expect

from tests.factories import make_editor
from troubleshooter.models import Node
from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles

pytestmark = pytest.mark.browser


@pytest.fixture
def trees(transactional_db):
    make_fixed_articles()
    load_default_trees()
    user = make_editor(username="edna")
    user.set_password("a-long-editor-password")
    user.save()


def test_an_editor_adds_a_question_to_a_copy_and_fixes_what_the_graph_flags(page, trees, screenshot):
    page.goto("/editor/trees/")
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill("a-long-editor-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("row", name="API calls are slow").get_by_role("link", name="Duplicate").click()
    expect(page.get_by_label("Slug")).to_have_value("slow-api-calls-copy")
    page.get_by_role("button", name="Create the tree").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API calls are slow (copy)")
    expect(page.get_by_role("heading", name="No problems found")).to_be_visible()

    page.locator(".editor-outline").get_by_role("link", name="dns-private", exact=True).click()
    page.locator("#id_branches-2-label").fill("I do not know which server answers")
    page.locator("#id_branches-2-target_choice").select_option("__new__")
    page.locator("#id_branches-2-new_kind").select_option("question")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved “dns-private”.")).to_be_visible()

    page.get_by_role("link", name="Back to the graph").click()
    new_key = "dns-private-i-do-not-know"
    expect(page.get_by_role("heading", name="1 problem to fix")).to_be_visible()
    box = page.locator(f'.graph-frame a[*|href="/editor/trees/slow-api-calls-copy/nodes/{new_key}/"]')
    expect(box).to_have_count(1)
    expect(box.locator("polygon, path").first).to_have_attribute("stroke", "#c5221f")
    screenshot(page, "editor-graph-with-problem")

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
    new = Node.objects.get(tree__slug="slow-api-calls-copy", key=new_key)
    assert [b.target.key for b in new.branches.all()] == ["dns-host", "dns-public"]
    assert not Node.objects.filter(tree__slug="slow-api-calls", key=new_key).exists()  # the original is untouched
