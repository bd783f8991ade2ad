"""sig: the legacy API signature, and why a given one does not match."""
import hashlib

from checkers.sig import check_sig, signature

from .checker_helpers import messages

NOW = 1457336869
VALUES = {"appkey": "5f03a35d00ee52a21327ab048186a2c4", "random": "7226249334", "time": str(NOW),
          "mobiles": ["13788888888", "13912345678"]}
EXPECTED = hashlib.sha256(
    b"appkey=5f03a35d00ee52a21327ab048186a2c4&random=7226249334&time=1457336869&mobile=13788888888,13912345678"
).hexdigest()


def test_it_computes_the_documented_sha256():
    assert signature("5f03a35d00ee52a21327ab048186a2c4", "7226249334", "1457336869",
                     ["13788888888", "13912345678"]) == EXPECTED


def test_without_a_sig_it_only_computes():
    result = check_sig(VALUES, now=NOW)
    assert (result["verdict"], result["ok"], result["sig"]) == ("computed", True, EXPECTED)


def test_a_matching_sig():
    assert check_sig({**VALUES, "sig": EXPECTED}, now=NOW)["verdict"] == "ok"


def test_uppercase_hex_is_explained():
    result = check_sig({**VALUES, "sig": EXPECTED.upper()}, now=NOW)
    assert result["verdict"] == "mismatch" and "uppercase hex" in messages(result)


def test_mobiles_joined_with_comma_and_space_are_recognised():
    wrong = hashlib.sha256(
        b"appkey=5f03a35d00ee52a21327ab048186a2c4&random=7226249334&time=1457336869&mobile=13788888888, 13912345678"
    ).hexdigest()
    assert "comma and space" in messages(check_sig({**VALUES, "sig": wrong}, now=NOW))


def test_a_time_more_than_10_minutes_off():
    result = check_sig(VALUES, now=NOW + 11 * 60)
    assert "11 minutes behind now" in messages(result, "warning")


def test_a_random_differing_from_the_urls():
    url = "https://yun.tim.qq.com/v5/tlssmssvr/sendsms?sdkappid=1400000000&random=1234"
    result = check_sig({**VALUES, "sig": EXPECTED, "url": url}, now=NOW)
    assert "The URL's random (1234) differs" in messages(result, "error")


def test_a_sig_that_is_not_hex():
    assert "64 hexadecimal characters" in messages(check_sig({**VALUES, "sig": "abc"}, now=NOW))


def test_the_appkey_never_appears_in_the_result():
    for sig in (None, EXPECTED, EXPECTED.upper(), "0" * 64):
        result = check_sig({**VALUES, "sig": sig}, now=NOW)
        assert VALUES["appkey"] not in repr(result)
    assert "<your AppKey>" in check_sig(VALUES, now=NOW)["string_to_sign"]


def test_missing_values_are_findings_not_exceptions():
    result = check_sig({"random": "1"}, now=NOW)
    assert result["ok"] is False and "The AppKey is missing" in messages(result)


def test_a_time_in_unicode_digits_is_a_finding():
    result = check_sig({**VALUES, "time": "١٤٥٧٣٣٦٨٦٩"}, now=NOW)
    assert "digits only" in messages(result, "error")
