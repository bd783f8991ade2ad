"""Headless Chromium: an editor signs in, reads the dashboard, changes the range, opens a traffic map and
chooses the version it shows."""
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import make_editor
from tests.troubleshooter.tree_factories import make_tree, simple_spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_reads_the_dashboard_and_the_traffic_map(page, screenshot):
    make_tree(simple_spec())
    call_command("generate_history", "--sessions", "400", "--days", "60", "--seed", "5", stdout=StringIO())
    call_command("refresh_insights", "--all", stdout=StringIO())
    make_editor(username="eve")

    page.goto("/insights/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/insights/$"))
    page.get_by_label("Username").fill("eve")
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Is self-service working?")).to_be_visible()
    expect(page.get_by_role("term").filter(has_text="Self-service resolution rate")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Bar chart of starts"))).to_be_visible()
    screenshot(page, "insights-overview")

    page.get_by_role("link", name="Last 90 days").click()
    expect(page).to_have_url(re.compile(r"\?days=90$"))
    page.get_by_role("navigation", name="Insights").get_by_role("link", name="Demo tree").click()
    traffic_map = page.get_by_role("img", name=re.compile("Traffic map"))
    expect(traffic_map).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^status \d+"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^v1 \(live\) "))).to_be_visible()
    screenshot(page, "insights-traffic-map")
    page.get_by_label("Funnel and traffic map of version").select_option("1")
    page.get_by_role("button", name="Open this version").click()
    expect(page).to_have_url(re.compile(r"\?days=90&version=1$"))
    expect(page.get_by_role("heading", name=re.compile("Traffic map of “Demo tree” v1"))).to_be_visible()

    page.get_by_label("From").fill("2026-03-20")
    page.get_by_label("to").fill("2026-03-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_have_text("The end date is before the start date.")
