"""delay: which gap is large against the seed's thresholds."""
from .checker_helpers import messages, run


def times(**changes):
    data = {"requested_at": "2026-11-24T10:00:00+08:00", "sent_at": "2026-11-24T10:00:02+08:00",
            "delivered_at": "2026-11-24T10:00:03+08:00", "reported_at": "2026-11-24T10:00:05+08:00",
            "sms_type": "regular"}
    data.update(changes)
    return data


def test_small_gaps_are_normal():
    result = run("delay", times())
    assert result["verdict"] == "normal" and result["request_to_send_seconds"] == 2.0


def test_ten_minutes_before_the_console_send_is_a_slow_api_call():
    result = run("delay", times(sent_at="2026-11-24T10:10:00+08:00"))
    assert result["verdict"] == "api-slow" and result["articles"][0]["slug"] == "slow-api-calls"


def test_more_than_10_seconds_to_report_for_regular_sms():
    result = run("delay", times(reported_at="2026-11-24T10:00:20+08:00"))
    assert result["verdict"] == "report-slow" and "sensitive words" in messages(result)


def test_marketing_sms_has_five_minutes():
    late = times(reported_at="2026-11-24T10:04:00+08:00", sms_type="marketing")
    assert run("delay", late)["verdict"] == "normal"
    later = times(reported_at="2026-11-24T10:06:00+08:00", sms_type="marketing")
    assert run("delay", later)["verdict"] == "report-slow"


def test_without_delivery_times_only_the_first_gap_is_checked():
    result = run("delay", {"requested_at": "2026-11-24 10:00:00", "sent_at": "2026-11-24 10:00:04"})
    assert result["verdict"] == "normal" and result["delivery_to_report_seconds"] is None


def test_a_time_zone_difference_is_recognised():
    result = run("delay", times(sent_at="2026-11-24T02:00:02+08:00"))
    assert "different time zones" in messages(result, "warning")
    assert result["verdict"] == "clocks-differ"  # not "normal", which ends on "the phone's side"


def test_unreadable_dates_are_explained():
    result = run("delay", times(sent_at="yesterday"))
    assert result["ok"] is False and "“yesterday” is not a date and time" in messages(result)


def test_mixing_aware_and_naive_times_is_refused():
    result = run("delay", times(sent_at="2026-11-24 10:00:02"))
    assert "Some times have a time zone" in messages(result)


def test_times_without_a_zone_among_zoned_ones_are_read_as_utc8_and_measured():
    result = run("delay", times(sent_at="2026-11-24 10:12:30"))
    assert result["ok"] is False and result["verdict"] == "api-slow"
    assert result["request_to_send_seconds"] == 750.0
    note = next(f for f in result["findings"] if f["message"].startswith("Some times have a time zone"))
    assert note["level"] == "info" and note["input"] == "sent_at"
    assert "Send time (console) was read as UTC+8" in note["message"]


def test_the_verdict_agrees_with_ok_and_the_findings_when_zones_are_mixed():
    result = run("delay", times(sent_at="2026-11-24 10:00:02", reported_at="2026-11-24 10:00:05"))
    assert result["verdict"] == "normal" and result["ok"] is True
    assert not [f for f in result["findings"] if f["level"] == "error"]
    assert "were read as UTC+8" in messages(result, "info")


def test_an_unreadable_time_measures_nothing_and_says_which_input():
    result = run("delay", times(requested_at="soon"))
    assert result["ok"] is False and result["request_to_send_seconds"] is None
    assert [f["input"] for f in result["findings"] if f["level"] == "error"] == ["requested_at"]
