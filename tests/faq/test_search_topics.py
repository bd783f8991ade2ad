"""Topics from content: a large category is split into clusters of its articles' meaning, so the
topic prior and diversification work whatever the categories are (a knowledge base imported into
one category included)."""
import numpy as np
import pytest

from faq import search
from faq.search import semantic, topics
from tests.factories import make_article, make_category


def unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def two_subjects(big=60, small=6, seed=1):
    """`big` rows spread around one direction and `small` rows around a far one (shuffled)."""
    rng = np.random.default_rng(seed)
    a, b = np.zeros(16), np.zeros(16)
    a[0], b[1] = 1.0, 1.0
    rows = np.vstack([a + 0.12 * rng.standard_normal((big, 16)), b + 0.12 * rng.standard_normal((small, 16))])
    subject = np.r_[np.zeros(big, dtype=int), np.ones(small, dtype=int)]
    order = rng.permutation(len(rows))
    return unit(rows[order]), subject[order]


def test_a_category_is_split_only_once_it_holds_two_topics_worth_of_articles():
    assert topics.cluster_count(1) == 1
    assert topics.cluster_count(2 * topics.ARTICLES_PER_TOPIC - 1) == 1
    assert topics.cluster_count(2 * topics.ARTICLES_PER_TOPIC) == 2
    assert topics.cluster_count(10**9) == topics.MAX_TOPICS


def test_a_small_group_far_from_the_rest_gets_a_cluster_of_its_own():
    rows, subject = two_subjects()
    labels = topics.assign(rows, topics.fit(rows, 4))
    small = set(labels[subject == 1].tolist())
    assert len(small) == 1
    assert not small & set(labels[subject == 0].tolist())


def test_clustering_is_deterministic_and_every_row_goes_to_its_nearest_centre():
    rows, _ = two_subjects(seed=2)
    first, again = topics.fit(rows, 5), topics.fit(rows, 5)
    assert np.array_equal(first, again)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    labels = topics.assign(rows, first)
    assert np.array_equal(labels, np.argmax(rows @ first.T, axis=1))


def test_more_clusters_than_distinct_rows_leaves_no_empty_centre():
    rows = unit(np.repeat(np.eye(3, 8), 4, axis=0))
    centres = topics.fit(rows, 6)
    assert len(centres) <= 3
    assert len(set(topics.assign(rows, centres).tolist())) == len(centres)


def test_clusters_as_alike_as_neighbouring_subjects_are_one_topic_and_a_far_one_stays_apart():
    centres = unit([[1, 0, 0, 0], [0.8, 0.6, 0, 0], [0.3, 1, 0, 0], [0, 0, 1, 0.1]])
    # 0-1 and 1-2 are alike (0.8, ~0.83); 0-2 (~0.53) only through 1; 3 is like none of them.
    assert topics.merge(centres, 0.7).tolist() == [0, 0, 0, 1]
    assert topics.merge(centres, 0.9).tolist() == [0, 1, 2, 3]
    assert topics.merge(centres, 0.0).tolist() == [0, 0, 0, 0]


def test_sums_by_label_add_every_row_once():
    rng = np.random.default_rng(3)
    rows, labels = rng.standard_normal((50, 4)), rng.integers(0, 5, 50)
    expected = np.array([rows[labels == label].sum(axis=0) for label in range(6)])
    assert np.allclose(topics.label_sums(labels, rows, 6), expected)


@pytest.fixture
def one_category_two_subjects(monkeypatch, db):
    """One category (as `import_faq` makes) holding documentation pages about login codes and one
    support answer about codes sent by SMS; a category of 5 articles is split at this scale."""
    monkeypatch.setattr(topics, "ARTICLES_PER_TOPIC", 2)
    # Five one-line articles that all say "login code" are closer to one another than two subjects
    # of thousands of pages are: only clusters this alike are one topic here.
    monkeypatch.setattr(topics, "LINK", 0.9)
    search.forget_synonyms()
    search.forget_index_stats()
    faq = make_category(name="FAQ")
    for n, title in enumerate(["Login code generation", "Login code expiry", "Login code templates", "Login codes"]):
        make_article(slug=f"docs-{n}", title=title, body=f"The framework makes a {title.lower()} for a session.",
                     category=faq)
    make_article(slug="sms-code", title="Codes by SMS", body="The login code we send by SMS to the phone.",
                 category=faq)
    monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())  # this test's articles only, read afresh
    yield


def slugs(query, limit=5):
    return [result.article.slug for result in search.search(query, limit=limit).results]


def test_a_knowledge_base_of_one_category_holding_two_subjects_has_a_topic_for_each(one_category_two_subjects):
    near = semantic.similarities("the text message never reached the phone")
    if near is None:
        pytest.skip("the embedding model is not installed")
    slug_of = {article.pk: article.slug for article in search.Article.objects.all()}
    topic = {slug_of[pk]: row for pk, row in near.topic_of.items()}
    assert len(set(topic.values())) == 2
    assert topic["sms-code"] not in {topic[f"docs-{n}"] for n in range(4)}
    gaps = {slug_of[pk]: gap for pk, gap in near.topic_gaps(list(slug_of)).items()}
    assert gaps["sms-code"] == 0.0 and min(gaps[f"docs-{n}"] for n in range(4)) > 0.1


def test_a_knowledge_base_of_one_category_still_shows_the_other_subjects_best_answer(
    one_category_two_subjects, monkeypatch
):
    if semantic.similarities("login code") is None:
        pytest.skip("the embedding model is not installed")
    with monkeypatch.context() as one_topic:
        one_topic.setattr(topics, "ARTICLES_PER_TOPIC", 100)
        one_topic.setattr(semantic, "_matrix", semantic._Matrix())  # read afresh: the category is one topic
        assert "sms-code" not in slugs("login code")[:3]
    monkeypatch.setattr(semantic, "_matrix", semantic._Matrix())
    assert slugs("login code")[2] == "sms-code"
