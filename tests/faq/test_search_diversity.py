"""Diversification by category (pure): when the first places all hold one category, a close
enough best answer of another category takes the last of them."""
from faq.search.diversity import MARGIN, SLOT, diversify_by_category

DOCS, FAQ = 1, 2


def order(ranked, category_of, **kwargs):
    return [pk for pk, _ in diversify_by_category(ranked, category_of, **kwargs)]


def test_a_close_article_of_another_category_takes_the_third_place_from_a_run_of_one_category():
    ranked = [(1, 0.60), (2, 0.58), (3, 0.55), (4, 0.54), (5, 0.50)]
    category_of = {1: DOCS, 2: DOCS, 3: DOCS, 4: DOCS, 5: FAQ}
    assert order(ranked, category_of) == [1, 2, 5, 3, 4]


def test_the_moved_article_keeps_its_score_and_no_article_is_lost():
    ranked = [(1, 0.60), (2, 0.58), (3, 0.55), (4, 0.50)]
    moved = diversify_by_category(ranked, {1: DOCS, 2: DOCS, 3: DOCS, 4: FAQ})
    assert sorted(moved) == sorted(ranked)
    assert moved[SLOT - 1] == (4, 0.50)


def test_an_article_of_another_category_further_than_the_margin_stays_where_it_is():
    ranked = [(1, 0.60), (2, 0.58), (3, 0.55), (4, round(0.55 - MARGIN - 0.01, 4))]
    assert order(ranked, {1: DOCS, 2: DOCS, 3: DOCS, 4: FAQ}) == [1, 2, 3, 4]


def test_only_the_best_article_of_another_category_moves():
    ranked = [(1, 0.60), (2, 0.58), (3, 0.55), (4, 0.53), (5, 0.52)]
    assert order(ranked, {1: DOCS, 2: DOCS, 3: DOCS, 4: FAQ, 5: FAQ}) == [1, 2, 4, 3, 5]


def test_first_places_that_already_mix_categories_are_left_alone():
    ranked = [(1, 0.60), (2, 0.58), (3, 0.55), (4, 0.54)]
    assert order(ranked, {1: DOCS, 2: FAQ, 3: DOCS, 4: FAQ}) == [1, 2, 3, 4]


def test_a_knowledge_base_of_one_category_is_never_reordered():
    ranked = [(pk, 1.0 - pk / 100) for pk in range(1, 8)]
    assert order(ranked, dict.fromkeys(range(1, 8), FAQ)) == list(range(1, 8))


def test_articles_of_no_known_category_neither_move_nor_count_as_a_category():
    ranked = [(1, 0.60), (2, 0.58), (3, 0.55), (4, 0.54), (5, 0.53)]
    # 4 has no category: it is not the other category's best; 5 is.
    assert order(ranked, {1: DOCS, 2: DOCS, 3: DOCS, 5: FAQ}) == [1, 2, 5, 3, 4]
    # An unknown article among the first places: they are not known to be one category.
    assert order(ranked, {1: DOCS, 2: DOCS, 4: DOCS, 5: FAQ}) == [1, 2, 3, 4, 5]


def test_rankings_no_longer_than_the_places_are_left_alone():
    assert order([(1, 0.6), (2, 0.5)], {1: DOCS, 2: DOCS}) == [1, 2]
    assert order([], {}) == []
