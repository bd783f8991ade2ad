"""remarks: rate limit, format, blocked, error code, received, unknown — with advice and articles."""
import pytest

from .checker_helpers import run


@pytest.mark.parametrize("text, verdict, slug", [
    ("The request hit the rate limit control policy", "rate-limit", "sms-not-received"),
    ("Frequency limit exceeded for this number", "rate-limit", "sms-not-received"),
    ("The SMS message format is incorrect", "format", "error-1014"),
    ("1015 The mobile number is blocked", "blocked", "number-blocklists"),
    ("The user has unsubscribed", "blocked", "number-blocklists"),
    ("1014 The content does not match the template", "error-code", "error-1014"),
    ("Error code: 60008", "error-code", "error-60008"),
    ("The user has successfully received the message", "received", "sms-not-received"),
    ("something odd happened", "unknown", "sms-not-received"),
])
def test_it_classifies_remarks(text, verdict, slug):
    result = run("remarks", {"text": text})
    assert result["verdict"] == verdict
    assert result["articles"][0]["slug"] == slug and result["advice"]


def test_an_error_code_is_returned():
    result = run("remarks", {"text": "1014 The content does not match the template"})
    assert result["error_code"] == "1014" and result["error_url"] == "/errors/1014/"


def test_an_unknown_error_code_sends_people_to_support():
    result = run("remarks", {"text": "Error code 1099"})
    assert result["verdict"] == "error-code" and result["error_code"] == "1099"
    assert "contact-support" in [a["slug"] for a in result["articles"]]


def test_a_carrier_status_code():
    result = run("remarks", {"text": "MK:0001"})
    assert result["verdict"] == "error-code" and result["error_code"] == "MK:0001"


def test_a_date_is_not_an_error_code():
    assert run("remarks", {"text": "The user has received the message at 2026-11-24 10:00"})["verdict"] == "received"


@pytest.mark.parametrize("text", [
    "User received", "Received", "received.", "RECEIVED", "用户已接收", "user has received", "User has received.",
    "delivered", "Delivered successfully", "DELIVRD", "Status: DELIVRD", "ＵＳＥＲ　ＲＥＣＥＩＶＥＤ", "用户接收成功",
    "user-received", "Delivery successful", "已送达",
])
def test_every_common_received_wording_is_received(text):
    result = run("remarks", {"text": text})
    assert result["verdict"] == "received" and result["ok"] is True


@pytest.mark.parametrize("text", [
    "not received", "Not Received", "The user has not received the message", "has not been received",
    "User did not receive it", "User didn't receive it", "never delivered", "未接收", "用户未接收", "未收到",
    "没收到", "接收失败", "undelivered", "Not delivered", "Delivery failed", "ＮＯＴ ＲＥＣＥＩＶＥＤ",
    "not yet received",
])
def test_not_received_is_never_read_as_received(text):
    assert run("remarks", {"text": text})["verdict"] != "received"


@pytest.mark.parametrize("text, verdict", [
    ("RATE-LIMIT hit", "rate-limit"),
    ("Ｆｒｅｑｕｅｎｃｙ limit exceeded", "rate-limit"),
    ("The content doesn’t match the template", "format"),
    ("Number is BLACK-LISTED", "blocked"),
    ("１０１４ The content does not match", "error-code"),
])
def test_case_width_and_punctuation_do_not_change_the_class(text, verdict):
    assert run("remarks", {"text": text})["verdict"] == verdict


def test_no_before_a_received_word_elsewhere_does_not_negate_it():
    assert run("remarks", {"text": "No error, delivered"})["verdict"] == "received"
