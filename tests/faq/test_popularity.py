"""The popularity score: recent human views weighted by helpfulness (faq.popularity)."""
from faq.popularity import helpfulness, score


class TestScore:
    def test_no_votes_count_as_half_helpful(self):
        assert helpfulness(0, 0) == 0.5

    def test_many_helpful_views_beat_more_unhelpful_ones(self):
        assert score(100, yes=9, no=1) > score(120, yes=1, no=9)

    def test_an_article_nobody_read_scores_nothing_however_it_was_voted(self):
        assert score(0, yes=50, no=0) == 0

    def test_a_single_vote_does_not_swing_the_score_to_an_extreme(self):
        assert 0.3 < helpfulness(0, 1) < helpfulness(1, 0) < 0.7
