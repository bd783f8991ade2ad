"""Which units of a query are worth matching (pure arithmetic over index statistics)."""
from faq.search.scoring import common_cap, informative_units
from faq.search.types import Unit


def units(*words):
    return tuple(Unit(alternatives=((word,),)) for word in words)


def test_common_units_are_left_out_when_rarer_ones_exist():
    total = 10_000
    cap = common_cap(total)
    assert informative_units(units("servers", "api", "blocked"), [cap, cap, 3], total) == [2]


def test_a_unit_no_article_contains_does_not_stand_for_the_whole_query():
    total = 10_000
    cap = common_cap(total)
    # "frankfurt" is in no article: keeping it alone would match nothing, so every unit is kept.
    assert informative_units(units("servers", "api", "frankfurt"), [cap, cap, 0], total) == [0, 1, 2]
