"""unsubscribe: the seed's six keywords and their Chinese forms, case-insensitive, spaces ignored."""
import pytest

from checkers.unsubscribe_keywords import CHINESE_KEYWORDS, KEYWORDS

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


@pytest.mark.parametrize("reply", ["退订", " 退订 ", "取消订阅"])
def test_the_chinese_forms_unsubscribe_too(reply):
    result = run("unsubscribe", {"text": reply})
    assert (result["verdict"], result["keyword"]) == ("unsubscribe", reply.strip())


def test_a_chinese_keyword_inside_a_longer_reply_is_explained():
    result = run("unsubscribe", {"text": "请退订，谢谢"})
    assert result["verdict"] == "not-unsubscribe"
    assert "It contains 退订 among other words" in result["findings"][-1]["message"]


def test_the_unsubscribe_and_remarks_checkers_agree_on_every_keyword():
    # One list feeds both: a Remarks text naming a Chinese keyword is "blocked", and the Remarks advice
    # names exactly the keywords the unsubscribe checker accepts.
    for keyword in CHINESE_KEYWORDS:
        assert run("remarks", {"text": f"用户回复{keyword}"})["verdict"] == "blocked"
    advice = run("remarks", {"text": "user unsubscribed"})["advice"]
    for keyword in KEYWORDS:
        shown = run("unsubscribe", {"text": keyword.lower()})["keyword"]
        assert shown is not None
        assert shown in advice
