"""Fixtures for the troubleshooter's tests."""
import pytest

from troubleshooter.treefiles import load_default_trees

from .tree_factories import make_fixed_articles


@pytest.fixture
def shipped(db):
    """The four shipped troubleshooters, with the articles their outcomes link to."""
    make_fixed_articles()
    load_default_trees()
