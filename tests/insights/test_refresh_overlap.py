"""Two refreshes at once (cron beside a job the dashboard queued) leave one set of figures, not two."""
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from faq.models import ArticleViews
from insights.models import ArticleDay, Refresh
from insights.rollup import refresh
from tests.factories import make_article


@pytest.mark.django_db(transaction=True)
def test_a_refresh_started_while_another_runs_waits_for_it_and_counts_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time; the overlap is PostgreSQL's READ COMMITTED")
    article = make_article(slug="late-reports")
    day = timezone.now().date() - timedelta(days=3)
    ArticleViews.objects.create(article=article, day=day, views=10)
    first_done = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():  # holds the first refresh's rows uncommitted a while
                refresh()
                first_done.set()
                time.sleep(1)
        except BaseException as problem:  # noqa: BLE001 - reported by the assertion below
            errors.append(problem)
            first_done.set()
        finally:
            connection.close()

    def second() -> None:
        first_done.wait()
        try:
            refresh()
        except BaseException as problem:  # noqa: BLE001
            errors.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(ArticleDay.objects.values_list("day", "article_id", "reads_settled")) == [(day, article.pk, 10)]
    assert Refresh.objects.count() == 1
