"""Fusion of the two rankings (pure arithmetic): meaning leads, words lift, and an article the words
did not match must be close in meaning to be kept."""
import numpy as np
import pytest

from faq.search import fusion
from faq.search.fusion import fuse
from faq.search.semantic import Similarities


def test_the_best_lexical_match_gets_the_whole_lexical_weight_and_a_weak_one_little():
    scores = dict(fuse([(1, 4.0), (2, 2.0)], [(1, 0.5), (2, 0.5)]))
    assert scores[1] == pytest.approx(0.5 + fusion.LEXICAL_WEIGHT)
    # Half the best lexical score is a quarter of the weight: few of the words count for little.
    assert scores[2] == pytest.approx(0.5 + fusion.LEXICAL_WEIGHT / 4)


def test_meaning_leads_and_words_break_its_ties():
    ranked = [pk for pk, _ in fuse([(2, 1.0), (1, 0.9)], [(1, 0.62), (2, 0.5)])]
    assert ranked == [1, 2]
    tied = [pk for pk, _ in fuse([(2, 1.0)], [(1, 0.5), (2, 0.5)])]
    assert tied == [2, 1]


def test_an_article_only_meaning_found_must_be_close_to_count():
    kept = dict(fuse([], [(1, fusion.MEANING_ONLY_MIN_SIMILARITY), (2, fusion.MEANING_ONLY_MIN_SIMILARITY - 0.01)]))
    assert 1 in kept and 2 not in kept
    # The words matched it: a weaker similarity still adds to its score.
    matched = dict(fuse([(2, 1.0)], [(2, fusion.MIN_SIMILARITY)]))
    assert matched[2] == pytest.approx(fusion.LEXICAL_WEIGHT + fusion.MIN_SIMILARITY)


def test_an_article_of_a_category_far_from_the_query_falls_below_one_of_the_near_category():
    far_gap = fusion.TOPIC_MARGIN + 0.2
    # The off-topic article (2) matches the words best and is as close in meaning.
    ranked = [pk for pk, _ in fuse([(2, 1.0), (1, 0.5)], [(1, 0.5), (2, 0.5)], {1: 0.0, 2: far_gap})]
    assert ranked == [1, 2]
    scores = dict(fuse([(2, 1.0)], [(2, 0.5)], {2: far_gap}))
    assert scores[2] == pytest.approx(fusion.LEXICAL_WEIGHT + 0.5 - fusion.TOPIC_WEIGHT * 0.2)


def test_categories_within_the_margin_keep_their_order():
    ranked = [pk for pk, _ in fuse([], [(1, 0.5), (2, 0.45)], {1: fusion.TOPIC_MARGIN, 2: 0.0})]
    assert ranked == [1, 2]


def test_candidates_are_chosen_with_their_category_weighed_as_fusion_weighs_it():
    # Row 0 is a little closer to the query than row 1 but sits in a topic far from it: the one
    # candidate asked for is the on-topic article, and its cosine is reported unchanged.
    near = Similarities(
        ids=np.array([10, 20], dtype=np.int64),
        scores=np.array([0.50, 0.45], dtype=np.float32),
        topic_scores=np.array([0.10, 0.60], dtype=np.float32),
        topic_of={10: 0, 20: 1},
        row_topics=np.array([0, 1], dtype=np.int64),
    )
    assert [(pk, round(score, 2)) for pk, score in near.nearest(1)] == [(20, 0.45)]
    bare = Similarities(ids=near.ids, scores=near.scores)
    assert [pk for pk, _ in bare.nearest(1)] == [10]


def test_a_short_query_gives_its_words_more_weight_than_a_long_one():
    assert fusion.lexical_weight_for(1) == fusion.lexical_weight_for(fusion.SHORT_QUERY_UNITS) == fusion.SHORT_LEXICAL_WEIGHT
    assert fusion.lexical_weight_for(fusion.SHORT_QUERY_UNITS + 1) == fusion.LEXICAL_WEIGHT
    assert fusion.SHORT_LEXICAL_WEIGHT > fusion.LEXICAL_WEIGHT
    # The article holding the words (2) beats one a little closer in meaning (1) only at the short weight.
    lexical, meaning = [(2, 1.0)], [(1, 0.45), (2, 0.3)]
    assert [pk for pk, _ in fuse(lexical, meaning)] == [1, 2]
    assert [pk for pk, _ in fuse(lexical, meaning, lexical_weight=fusion.SHORT_LEXICAL_WEIGHT)] == [2, 1]


@pytest.mark.django_db
def test_the_search_weighs_words_by_the_length_of_the_query(monkeypatch):
    import faq.search as search_module

    weights: list[float] = []
    real = search_module.fuse

    def recording(*args, **kwargs):
        weights.append(kwargs["lexical_weight"])
        return real(*args, **kwargs)

    monkeypatch.setattr(search_module, "fuse", recording)
    monkeypatch.setattr(search_module.semantic, "similarities", lambda text: None)
    monkeypatch.setattr(search_module, "_match", lambda parsed, limit, also=None: ([], 0))
    search_module._hybrid("reply window", search_module.parse("reply window"), 10, {})
    search_module._hybrid("how long can a recipient reply", search_module.parse("how long can a recipient reply"), 10, {})
    assert weights == [fusion.SHORT_LEXICAL_WEIGHT, fusion.LEXICAL_WEIGHT]
