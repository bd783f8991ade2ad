"""Every checker verdict has human words, in one place (the registry), for every page that shows one."""
import pytest

from checkers import all_checkers
from checkers.registry import Checker, Field, register, verdict_label


@pytest.mark.parametrize("checker", all_checkers(), ids=lambda c: c.name)
def test_every_verdict_of_every_checker_has_a_human_label(checker):
    assert set(checker.verdict_labels) == set(checker.verdicts)
    for verdict in checker.verdicts:
        label = checker.verdict_label(verdict)
        assert label and label != verdict and label[0].isupper()


def test_a_verdict_is_looked_up_by_checker_name():
    assert verdict_label("delay", "api-slow") == "The API call itself was slow"


def test_an_unknown_checker_or_verdict_falls_back_to_the_raw_word():
    assert verdict_label("no-such-checker", "weird") == "weird"
    assert verdict_label("delay", "weird") == "weird"


def test_registering_a_checker_with_unlabelled_verdicts_is_refused():
    checker = Checker(name="unlabelled-test", title="T", description="D", fields=(Field("text", "Text"),),
                      run=lambda data: {}, verdicts=("a", "b"), verdict_labels={"a": "A"})
    with pytest.raises(ValueError, match="label exactly"):
        register(checker)
