"""Common words at scale: a query made only of words most articles contain still finds its best
matches (never nothing), on whichever database runs the suite. Scale is simulated by making every
word common: many articles repeat the query's words, and the thresholds that make a word common
and a query broad are lowered to fit them."""
import pytest

from faq import search
from faq.search import scoring
from tests.factories import make_article

pytestmark = pytest.mark.django_db

QUERIES = ["user did not get the sms", "verification code not received", "texts not delivered", "messages are slow to arrive"]


@pytest.fixture
def crowded(monkeypatch):
    monkeypatch.setattr(scoring, "COMMON_MOST", 5)
    search.forget_index_stats()
    search.forget_synonyms()
    for n in range(40):
        make_article(
            slug=f"noise-{n}",
            title=f"Release notes {n}",
            # Every word of the queries, scattered through unrelated sentences.
            body="A user may get a report. The sms gateway code is not open source. Verification of the build "
            "is slow; messages about it are delivered to the team, who received texts when we arrive. "
            * (1 + n % 3),
        )
    make_article(
        slug="not-received",
        title="What if a user does not receive an SMS or verification code?",
        body="Check the delivery status. Texts that are not delivered show a reason in the Remarks.",
    )
    make_article(slug="late", title="Why are messages slow to arrive?", body="Carriers queue messages at peak times.")
    yield
    search.forget_index_stats()


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_of_common_words_never_finds_nothing(crowded, query):
    results = search.search(query, limit=5)
    assert results.results, query
    assert results.count >= len(results.results)


def test_the_article_that_answers_a_common_word_query_is_still_found_first(crowded):
    assert search.search("user did not get the sms", limit=5).results[0].article.slug == "not-received"
    assert search.search("messages are slow to arrive", limit=5).results[0].article.slug == "late"
    assert search.search("texts not delivered", limit=5).results[0].article.slug == "not-received"
