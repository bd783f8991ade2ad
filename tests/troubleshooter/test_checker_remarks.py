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
