"""Figures that refresh without cron (insights.auto_refresh): stale figures queue one job, fresh ones none."""
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from insights import auto_refresh
from insights.models import Refresh, RefreshClaim, TreeDay
from tests.factories import make_editor
from tests.troubleshooter.tree_factories import make_tree, simple_spec
from troubleshooter import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(settings):
    settings.INSIGHTS_REFRESH_MINUTES = 15


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


@contextmanager
def queue(failure: Exception | None = None):
    """The job queue, replaced: yields its ``enqueue``, whose jobs wait for a worker (or which fails)."""
    job = mock.Mock()
    job.enqueue.return_value = mock.Mock(is_finished=False)
    job.enqueue.side_effect = failure
    with mock.patch.object(auto_refresh, "refresh_figures", job):
        yield job.enqueue


def refreshed(minutes_ago: float) -> None:
    Refresh.objects.create(finished_at=timezone.now() - timedelta(minutes=minutes_ago))


class TestWhenToRefresh:
    def test_figures_older_than_the_setting_are_stale_and_newer_ones_not(self, on):
        now = timezone.now()
        assert auto_refresh.is_stale(None, now)
        assert auto_refresh.is_stale(now - timedelta(minutes=15), now)
        assert not auto_refresh.is_stale(now - timedelta(minutes=14, seconds=59), now)

    def test_zero_leaves_refreshing_to_cron(self, settings):
        settings.INSIGHTS_REFRESH_MINUTES = 0
        assert not auto_refresh.is_stale(None, timezone.now())

    def test_a_first_refresh_covers_every_day_and_later_ones_from_two_days_before_the_last(self):
        assert auto_refresh.refresh_since(None) is None
        assert auto_refresh.refresh_since(datetime(2026, 3, 20, 0, 30, tzinfo=UTC)) == date(2026, 3, 18)


class TestThePage:
    def test_never_refreshed_figures_are_refreshed_by_opening_the_page(self, on, editor_client):
        engine.start_session(make_tree(simple_spec()))
        # The immediate backend (the tests' queue) runs the job before the page is drawn.
        html = editor_client.get("/insights/").content.decode()
        assert Refresh.objects.count() == 1 and "Figures as of never" not in html and "refreshing now" not in html
        assert sum(TreeDay.objects.values_list("starts", flat=True)) == 1
        assert RefreshClaim.objects.get().queued_at is None  # the job freed its claim

    def test_stale_figures_queue_one_job_and_the_page_says_refreshing(self, on, editor_client):
        refreshed(minutes_ago=30)
        with queue() as enqueue:
            first = editor_client.get("/insights/").content.decode()
            for _ in range(9):
                later = editor_client.get("/insights/").content.decode()
        assert enqueue.call_count == 1
        assert "refreshing now" in first and "refreshing now" in later

    def test_fresh_figures_queue_nothing(self, on, editor_client):
        refreshed(minutes_ago=5)
        with queue() as enqueue:
            html = editor_client.get("/insights/").content.decode()
        assert enqueue.call_count == 0 and "refreshing now" not in html

    def test_a_claim_left_by_a_dead_worker_lapses(self, on, editor_client):
        refreshed(minutes_ago=120)
        RefreshClaim.objects.create(pk=1, queued_at=timezone.now() - auto_refresh.CLAIM_TIMEOUT - timedelta(minutes=1))
        with queue() as enqueue:
            editor_client.get("/insights/")
        assert enqueue.call_count == 1

    def test_a_queue_that_fails_is_logged_and_the_page_still_answers(self, on, editor_client, caplog):
        refreshed(minutes_ago=30)
        with queue(ConnectionError("queue down")):
            response = editor_client.get("/insights/")
        assert response.status_code == 200 and "refreshing now" not in response.content.decode()
        assert "Could not queue an insights refresh" in caplog.text
        # The claim is freed, so the next page tries again.
        assert RefreshClaim.objects.get().queued_at is None


@pytest.mark.django_db(transaction=True)
def test_on_the_real_database_queue_ten_stale_pages_queue_one_job_that_a_worker_runs(on, settings, client):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(make_editor())
    engine.start_session(make_tree(simple_spec()))
    refreshed(minutes_ago=60)
    pages = [client.get("/insights/").content.decode() for _ in range(10)]
    assert all("refreshing now" in page for page in pages)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert TreeDay.objects.count() == 0  # the pages did not wait for it

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sum(TreeDay.objects.values_list("starts", flat=True)) == 1
    assert RefreshClaim.objects.get().queued_at is None
    # Fresh now: the next page shows the new time and queues nothing.
    assert "refreshing now" not in client.get("/insights/").content.decode()
    assert DBTaskResult.objects.count() == 1


class TestTheClaim:
    def test_a_job_frees_its_own_claim(self, on):
        claimed_at = timezone.now()
        RefreshClaim.objects.create(pk=1, queued_at=claimed_at)
        auto_refresh.refresh_figures.call(claimed_at=claimed_at.isoformat())
        assert RefreshClaim.objects.get().queued_at is None

    def test_a_job_that_outlived_its_claim_leaves_the_next_jobs_claim_alone(self, on):
        lapsed = timezone.now() - auto_refresh.CLAIM_TIMEOUT - timedelta(minutes=5)
        retaken = timezone.now()
        RefreshClaim.objects.create(pk=1, queued_at=retaken)
        auto_refresh.refresh_figures.call(claimed_at=lapsed.isoformat())
        assert RefreshClaim.objects.get().queued_at == retaken
        # So a page opened while the second job runs queues no third one.
        assert not auto_refresh._claim(timezone.now())
