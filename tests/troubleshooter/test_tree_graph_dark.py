"""The editor's graph in dark mode: Graphviz's light colours carry classes that editor.css repaints."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import make_editor
from troubleshooter import tree_graph
from troubleshooter.models import Branch

from .tree_factories import make_tree, simple_spec

EDITOR_CSS = Path(settings.BASE_DIR) / "static" / "css" / "editor.css"


def test_every_colour_of_the_drawing_has_a_class_and_a_dark_mode_rule(client, db):
    tree = make_tree(simple_spec())
    Branch.objects.filter(node__tree=tree, node__key="wait").delete()  # a problem, drawn in red
    client.force_login(make_editor(username="eddie"))
    page = client.get(f"/editor/trees/{tree.slug}/").content.decode()
    assert re.search(r'<path class="gv-fill-input gv-stroke-problem" fill="#fef7e0" stroke="#c5221f"', page)
    assert re.search(r'<text class="gv-fill-problem" [^>]*>⚠ 1 problem', page)
    assert 'class="gv-stroke-edge"' in page and 'class="gv-fill-solved"' in page
    dark = EDITOR_CSS.read_text().split("@media (prefers-color-scheme: dark)", 1)[1]
    for name in set(tree_graph.PAINT_NAMES.values()):
        assert f".gv-fill-{name}" in dark or f".gv-stroke-{name}" in dark, name


@pytest.mark.browser
def test_the_graph_is_drawn_dark_on_a_dark_page_and_light_on_a_light_one(browser, live_server, transactional_db,
                                                                         screenshot):
    tree = make_tree(simple_spec())
    Branch.objects.filter(node__tree=tree, node__key="wait").delete()
    user = make_editor(username="edna")
    user.set_password("a-long-editor-password")
    user.save()
    seen = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=live_server.url, color_scheme=scheme,
                                      viewport={"width": 1100, "height": 900})
        tab = context.new_page()
        tab.goto(f"/editor/trees/{tree.slug}/")
        tab.get_by_label("Username").fill("edna")
        tab.get_by_label("Password").fill("a-long-editor-password")
        tab.get_by_role("button", name="Log in").click()
        question = tab.locator(".graph-frame path.gv-fill-question").first
        expect(question).to_be_visible()
        seen[scheme] = tab.evaluate("""() => {
            const paint = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
            return {box: paint('.graph-frame path.gv-fill-question', 'fill'),
                    text: paint('.graph-frame text', 'fill'),
                    arrow: paint('.graph-frame path.gv-stroke-edge', 'stroke'),
                    problem: paint('.graph-frame text.gv-fill-problem', 'fill'),
                    page: getComputedStyle(document.querySelector('.graph-frame')).backgroundColor};
        }""")
        tab.locator(".graph-frame").screenshot(path=str(screenshot(tab, f"editor-graph-{scheme}").with_name(
            f"editor-graph-{scheme}-frame.png")))
        context.close()
    assert seen["light"]["box"] == "rgb(232, 240, 254)" and seen["light"]["text"] == "rgb(0, 0, 0)"
    assert seen["dark"]["box"] == "rgb(28, 47, 74)" and seen["dark"]["page"] == "rgb(29, 35, 43)"
    assert seen["dark"]["text"] == "rgb(230, 233, 238)" and seen["dark"]["arrow"] == "rgb(154, 163, 173)"
    assert seen["dark"]["problem"] == "rgb(246, 174, 169)"
