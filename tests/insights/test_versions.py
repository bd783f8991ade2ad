"""Figures per published version (issue 12): a change's effect is visible, previews never count."""
from datetime import timedelta

import pytest

from insights import figures
from insights.models import EdgeDay, NodeDay, TreeDay
from insights.rollup import refresh
from tests.factories import make_editor
from tests.insights.conftest import NOW, _shift
from tests.insights.test_figures import WEEK
from troubleshooter import engine, versions
from troubleshooter.models import Node, Session


@pytest.fixture
def two_versions(history):
    """The fixed history (all on v1), then: S6 starts on v1 just before v2 is published and finishes on v1;
    v2 renames out-fine and two sessions walk it (V2a → out-fine, V2b → out-help); the draft is then
    edited again without publishing."""
    tree = history["tree"]
    two_days_ago = NOW - timedelta(days=2)
    s6 = engine.start_session(tree)
    Node.objects.filter(tree=tree, key="out-fine").update(title="Fine, really")
    v2 = versions.publish(tree, acknowledge_warnings=True)
    tree.refresh_from_db()
    engine.answer(s6, choice="failed")
    engine.answer(s6, value="5 min")
    _shift(s6, two_days_ago)
    v2a = engine.start_session(tree)
    engine.answer(v2a, choice="failed")
    engine.answer(v2a, value="5 min")
    _shift(v2a, two_days_ago)
    v2b = engine.start_session(tree)
    engine.answer(v2b, choice="ok")
    engine.answer(v2b, value="hello")
    _shift(v2b, two_days_ago)
    Node.objects.filter(tree=tree, key="out-fine").update(title="Draft only, never published")
    refresh(now=NOW)
    return {"tree": tree, "v1": history["tree"].versions.get(number=1), "v2": v2}


def rows_by_version(table):
    return {row[0]: dict(zip(table.columns, row, strict=True)) for row in table.rows}


@pytest.mark.django_db
class TestPreviewsAreExcluded:
    def test_a_preview_session_adds_no_start_node_or_edge(self, history):
        assert Session.objects.filter(preview=True).count() == 1
        assert sum(TreeDay.objects.values_list("starts", flat=True)) == 6  # S0–S5, not P
        assert set(TreeDay.objects.values_list("version", flat=True)) == {1}
        out_fine = NodeDay.objects.filter(node_key="out-fine")
        assert sum(out_fine.values_list("reached", flat=True)) == 2  # S0 and S1; P reached it too
        assert sum(EdgeDay.objects.filter(node_key="wait", target_key="out-fine").values_list(
            "sessions", flat=True)) == 2

    def test_the_preview_version_is_not_offered_as_a_version(self, history):
        assert [v.number for v in figures.published_versions(history["tree"])] == [1]


@pytest.mark.django_db
class TestPerVersion:
    def test_each_version_counts_the_sessions_that_started_on_it(self, two_versions):
        rows = rows_by_version(figures.versions_table(two_versions["tree"], figures.published_versions(
            two_versions["tree"]), WEEK))
        assert list(rows) == ["v2 (live)", "v1"]
        v1, v2 = rows["v1"], rows["v2 (live)"]
        # v1: S1–S5 and S6 (which started on v1 and stayed there after v2 went live).
        assert (v1["Starts"], v1["Completions"], v1["Solved outcomes"], v1["Escalate outcomes"]) == (6, 4, 3, 1)
        assert (v1["Marked solved"], v1["Abandoned"], v1["Escalated"]) == (1, 1, 1)
        assert (v2["Starts"], v2["Completions"], v2["Solved outcomes"], v2["Escalate outcomes"]) == (2, 2, 1, 1)
        assert str(v2["Resolution rate"]) == "50.0%" and str(v2["Escalation rate"]) == "0.0%"

    def test_the_overview_still_sums_every_version(self, two_versions):
        row = figures.troubleshooters(WEEK).rows[0]
        assert row[:3] == ["Demo tree", 8, 1]

    def test_the_funnel_of_a_version_is_its_own_sessions_on_its_snapshot(self, two_versions):
        tree = two_versions["tree"]
        v1 = {n.node[1]: n for n in figures.funnel(tree, WEEK, two_versions["v1"])}
        v2 = {n.node[1]: n for n in figures.funnel(tree, WEEK, two_versions["v2"])}
        assert (v1["status"].reached.now, v1["out-fine"].reached.now) == (6, 2)
        assert (v2["status"].reached.now, v2["out-fine"].reached.now, v2["out-help"].reached.now) == (2, 1, 1)
        # Labels come from each version as published, never from the draft edited since.
        assert (v1["out-fine"].label, v2["out-fine"].label) == ("All fine", "Fine, really")

    def test_the_map_edges_come_from_the_version(self, two_versions):
        edges = {(a[1], b[1]) for a, b, _ in figures.graph_edges(two_versions["tree"], two_versions["v2"])}
        assert ("status", "wait") in edges and ("remarks", "out-help") in edges


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_editor())
    return client


@pytest.mark.django_db
class TestVersionSelector:
    PAGE = "/insights/troubleshooters/demo/?start=2026-03-14&end=2026-03-20"

    def test_the_page_shows_the_live_version_by_default_and_another_on_request(self, editor_client, two_versions,
                                                                                django_assert_max_num_queries):
        with django_assert_max_num_queries(18):
            html = editor_client.get(self.PAGE).content.decode()
        assert "Funnel of “Demo tree” v2" in html and "2 reached · 0 abandoned" in html
        assert '<option value="2" selected>' in html
        html = editor_client.get(self.PAGE + "&version=1").content.decode()
        assert "Funnel of “Demo tree” v1" in html and "6 reached · 0 abandoned" in html
        assert '<input type="hidden" name="start" value="2026-03-14">' in html

    @pytest.mark.parametrize("version", ["9", "abc", "-1"])
    def test_an_unknown_version_is_a_400_that_says_why(self, editor_client, two_versions, version):
        response = editor_client.get(self.PAGE + "&version=" + version)
        assert response.status_code == 400
        assert "has no published version" in response.content.decode()
