"""How candidates are ranked: one lexical path on each database, every match ranked whatever the
query, and each candidate of either ranking scored by both (words and meaning) before fusion."""
import pytest

from faq import search
from faq.models import Article
from faq.search import scoring, semantic
from faq.search.query import parse
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd():
    """Eight articles that all say "sender number" in the body; two say it in the title or keywords."""
    search.forget_index_stats()
    for n in range(6):
        make_article(
            slug=f"body-{n}",
            title=f"Delivery reports {n}",
            body="The sender number and the number of the sender. " * (n + 1),
        )
    make_article(slug="title", title="Which sender number is used?", body="It depends on the number and the sender.")
    make_article(slug="keywords", title="Choosing a signature", keywords="sender number", body="A sender number is shown.")
    yield
    search.forget_index_stats()


def lexical(query, limit, also=()):
    """The lexical ranking by slug, and the match count."""
    hits, total = search._match(parse(query), limit, also=list(also))
    slugs = dict(Article.objects.values_list("pk", "slug"))
    return [(slugs[pk], score) for pk, score in hits], total


def test_every_match_is_ranked_and_counted_with_title_and_keyword_matches_first(crowd):
    hits, total = lexical("sender number", 5)
    assert [slug for slug, _ in hits][:2] == ["title", "keywords"]
    assert len(hits) == 5 and total == 8
    assert [score for _, score in hits] == sorted((score for _, score in hits), reverse=True)


def test_articles_asked_for_are_scored_even_below_the_page(crowd):
    deepest = Article.objects.get(slug="body-0").pk
    top_two, _ = lexical("sender number", 2)
    assert "body-0" not in [slug for slug, _ in top_two]
    hits, total = lexical("sender number", 2, also=[deepest])
    assert [slug for slug, _ in hits][:2] == ["title", "keywords"] and "body-0" in dict(hits)
    assert dict(hits)["body-0"] < min(dict(hits)["title"], dict(hits)["keywords"])
    assert total == 8


def test_an_article_asked_for_that_does_not_match_gets_no_lexical_score(crowd):
    unrelated = make_article(slug="refunds", title="Refunds", body="Money back.")
    search.forget_index_stats()
    hits, _ = lexical("sender number", 2, also=[unrelated.pk])
    assert "refunds" not in dict(hits)


def test_excluded_words_still_exclude_articles_asked_for(crowd):
    excluded = make_article(slug="sender-refunds", title="Sender number refunds", body="Refunds for the sender number.")
    search.forget_index_stats()
    hits, _ = lexical("sender number -refunds", 10, also=[excluded.pk])
    assert "sender-refunds" not in dict(hits)


def test_the_similarity_of_any_article_can_be_read_from_one_product(crowd):
    near = semantic.similarities("which number do texts come from")
    if near is None:
        pytest.skip("the embedding model is not installed")
    top = near.nearest(3)
    assert len(top) == 3 and [score for _, score in top] == sorted((score for _, score in top), reverse=True)
    pk, score = top[-1]
    assert dict(near.of([pk])) == {pk: pytest.approx(score)}
    assert near.of([]) == []




def test_an_article_moved_to_a_category_far_from_the_query_gets_that_categorys_gap():
    texts = make_category(name="Texting")
    code = make_category(name="Code")
    make_article(slug="sms-late", title="Text messages arrive late", body="Carriers delay SMS at busy times.", category=texts)
    make_article(slug="sms-blocked", title="A recipient blocked our texts", body="Replying STOP blocks SMS.", category=texts)
    moved = make_article(slug="mail", title="Sending mail", body="Sends an email message to the recipients.", category=texts)
    make_article(slug="parser", title="Parsing arguments", body="The parser reads options from sys.argv.", category=code)
    search.forget_index_stats()
    near = semantic.similarities("my text messages are late")
    if near is None:
        pytest.skip("the embedding model is not installed")
    assert near.topic_gaps([moved.pk]) == {moved.pk: 0.0}
    moved.category = code
    moved.save()  # the indexed text is unchanged: only the category moved
    semantic.mark_stale()
    gaps = semantic.similarities("my text messages are late").topic_gaps([moved.pk])
    assert gaps[moved.pk] > 0.05


@pytest.fixture
def login_pages(monkeypatch):
    """"code" in many articles (common at a simulated scale), "login" in a few that never say it."""
    monkeypatch.setattr(scoring, "COMMON_MOST", 4)
    search.forget_index_stats()
    for n in range(8):
        make_article(slug=f"code-{n}", title=f"Code sample {n}", body="The code of the sample. " * (n + 1))
    for n in range(2):
        make_article(slug=f"login-form-{n}", title=f"Login form {n}", body="The form validates a session.")
    make_article(slug="sms-otp", title="Verification code by SMS", body="The one-time code arrives by SMS.")
    yield
    search.forget_index_stats()


def test_the_meanings_candidates_are_matched_and_ranked_on_words_too_common_to_narrow(login_pages):
    answer = Article.objects.get(slug="sms-otp").pk
    # "code" is common, so only "login" narrows: the answer does not say it and is no match ...
    hits, _ = lexical("login code", 10)
    assert "sms-otp" not in dict(hits) and {"login-form-0", "login-form-1"} <= set(dict(hits))
    # ... but as a candidate of the meaning it is matched and ranked on "code".
    hits, total = lexical("login code", 10, also=[answer])
    assert dict(hits)["sms-otp"] > 0
    # Other articles that only say "code" are not: the common word narrows nothing for them.
    assert not any(slug.startswith("code-") for slug in dict(hits))
    assert total == 3


def test_words_common_only_in_a_small_knowledge_base_do_not_widen_the_candidates(crowd):
    refunds = make_article(slug="refunds", title="Refunds", body="Money back to the sender.")
    search.forget_index_stats()
    # "sender" is in most of these articles, but far fewer than COMMON_MOST: nothing is widened.
    hits, _ = lexical("sender refunds", 10, also=[Article.objects.get(slug="title").pk, refunds.pk])
    assert [slug for slug, _ in hits] == ["refunds"]
