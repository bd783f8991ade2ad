"""unsubscribe: the seed's six keywords, case-insensitive, spaces ignored."""
import pytest

from .checker_helpers import run


@pytest.mark.parametrize("reply, keyword", [
    ("T", "T"), ("n", "N"), (" td ", "TD"), ("UNSUBSCRIBE", "Unsubscribe"), ("Qx", "QX"), ("0000", "0000"),
    ("ＴＤ", "TD"), ("\u3000td\n", "TD"),
])
def test_the_keywords_unsubscribe(reply, keyword):
    result = run("unsubscribe", {"text": reply})
    assert (result["verdict"], result["unsubscribe"], result["keyword"]) == ("unsubscribe", True, keyword)
    assert result["articles"][0]["slug"] == "number-blocklists"


@pytest.mark.parametrize("reply", ["Thanks", "TD please", "00000", "no", "yes"])
def test_other_replies_do_not(reply):
    result = run("unsubscribe", {"text": reply})
    assert (result["verdict"], result["unsubscribe"], result["keyword"]) == ("not-unsubscribe", False, None)


def test_a_keyword_among_other_words_is_explained():
    result = run("unsubscribe", {"text": "TD please"})
    assert "only a reply that is just the keyword counts" in result["findings"][-1]["message"]
