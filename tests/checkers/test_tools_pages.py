"""The checker pages: /tools/ lists them, /tools/<checker>/ draws a labelled form and shows the verdict."""
import pytest
from django.urls import reverse

from checkers import all_checkers
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def tool_url(name):
    return reverse("checkers:tool", args=[name])


class TestTheList:
    def test_it_lists_every_checker_with_a_link(self, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(0):
            response = client.get(reverse("checkers:tools"))
        assert response.status_code == 200
        for checker in all_checkers():
            assert f'href="{tool_url(checker.name)}"' in response.content.decode()


class TestTheForm:
    @pytest.mark.parametrize("checker", all_checkers(), ids=lambda c: c.name)
    def test_every_field_has_a_label_and_the_form_has_csrf(self, client, checker):
        html = client.get(tool_url(checker.name)).content.decode()
        assert "csrfmiddlewaretoken" in html and 'method="post"' in html
        for field in checker.fields:
            if field.kind == "select":
                assert "<legend>" in html and f'name="{field.name}"' in html
            else:
                assert f'<label for="id_{field.name}">' in html

    def test_an_unknown_checker_is_404(self, client):
        assert client.get(tool_url("spelling")).status_code == 404

    def test_the_example_fills_the_form(self, client):
        html = client.get(tool_url("template") + "?example=1").content.decode()
        assert "Your verification code is {1}, valid for {2} minutes." in html

    def test_a_missing_required_field_is_a_400_with_the_form_error(self, client):
        response = client.post(tool_url("template"), {"template": ""})
        assert response.status_code == 400 and "This field is required." in response.content.decode()

    def test_a_bad_date_is_a_form_error(self, client):
        response = client.post(tool_url("delay"), {"requested_at": "soon", "sent_at": "2026-11-24 10:00",
                                                   "sms_type": "regular"})
        assert response.status_code == 400 and "Write a date and time like" in response.content.decode()


class TestTheVerdict:
    def test_the_first_differing_character_is_marked_and_described(self, client, django_assert_max_num_queries):
        message = "Your code is 1234,\u00a0valid for 5 minutes."
        with django_assert_max_num_queries(1):
            response = client.post(tool_url("template"), {"template": "Your code is {1}, valid for {2} minutes.",
                                                          "message": message})
        html = response.content.decode()
        assert response.status_code == 200
        assert "The message does not match the template" in html
        assert "Character 19 of the message (after “… code is 1234,”) is U+00A0 NO-BREAK SPACE" in html
        assert '<mark class="mark mark-error" id="mark-1"><span class="shown-char" title="U+00A0">[U+00A0]</span>' in html
        assert 'href="#mark-1"' in html

    def test_the_json_error_position_is_marked(self, client):
        response = client.post(tool_url("json-body"), {"body": "{'tel': 1}", "api": "sendsms"})
        html = response.content.decode()
        assert "Line 1, column 2: Single quotation marks" in html
        assert '<mark class="mark mark-error" id="mark-1">&#x27;' in html

    def test_pasted_text_is_escaped(self, client):
        response = client.post(tool_url("json-body"), {"body": "<script>alert(1)</script>", "api": "sendsms"})
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html

    def test_published_articles_are_linked_with_their_titles(self, client):
        make_article(slug="error-1014", title="Error 1014: the content does not match the template")
        response = client.post(tool_url("template"), {"template": "Code {1}", "params": "1\n2"})
        html = response.content.decode()
        assert "The params do not fit the template" in html
        assert '<a href="/articles/error-1014/">Error 1014: the content does not match the template</a>' in html

    def test_missing_articles_are_not_linked(self, client):
        html = client.post(tool_url("template"), {"template": "Code {1}"}).content.decode()
        assert "/articles/error-1014/" not in html

    @pytest.mark.parametrize("name, data, words, raw", [
        ("template", {"template": "Code {1}.", "message": "Code: 12."}, "The message does not match the template",
         "message-mismatch"),
        ("json-body", {"body": "{'tel': 1}", "api": "sendsms"}, "The body is not valid JSON", "invalid-json"),
        ("delay", {"requested_at": "2026-11-24 10:00:00", "sent_at": "2026-11-24 10:30:00", "sms_type": "regular"},
         "The API call itself was slow", "api-slow"),
    ])
    def test_the_verdict_is_shown_in_words_not_as_its_code(self, client, name, data, words, raw):
        html = client.post(tool_url(name), data).content.decode()
        assert words in html and raw not in html

    def test_article_links_use_the_live_titles_in_one_query(self, client, django_assert_max_num_queries):
        make_article(slug="sms-not-received", title="Nothing arrived? Start here")
        make_article(slug="contact-support", title="Ask us")
        with django_assert_max_num_queries(1):
            html = client.post(tool_url("remarks"), {"text": "Something odd"}).content.decode()
        assert '<a href="/articles/sms-not-received/">Nothing arrived? Start here</a>' in html
        assert '<a href="/articles/contact-support/">Ask us</a>' in html

    def test_phone_numbers_are_listed_with_their_e164_form(self, client):
        html = client.post(tool_url("phone-numbers"), {"numbers": "+86 137 8888 8888\n12"}).content.decode()
        assert "<code>+8613788888888</code>" in html and "Some numbers cannot be sent to" in html


class TestTheAppKey:
    def test_it_is_never_rendered_back(self, client):
        appkey = "5f03a35d00ee52a21327ab048186a2c4"
        response = client.post(tool_url("sig"), {"appkey": appkey, "random": "7226249334", "time": "1457336869",
                                                 "mobiles": "13788888888", "sig": "0" * 64})
        html = response.content.decode()
        assert response.status_code == 200 and "The sig does not match" in html
        assert appkey not in html and 'type="password"' in html
        assert "appkey=&lt;your AppKey&gt;" in html

    def test_the_example_fills_a_clearly_fake_appkey_so_it_can_run(self, client):
        html = client.get(tool_url("sig") + "?example=1").content.decode()
        assert 'value="example-appkey-not-real"' in html
        response = client.post(tool_url("sig"), {"appkey": "example-appkey-not-real", "random": "7226249334",
                                                 "time": "1457336869", "mobiles": "13788888888"})
        assert response.status_code == 200 and "Sig computed" in response.content.decode()

    def test_an_appkey_in_the_query_string_is_not_filled_in(self, client):
        html = client.get(tool_url("sig") + "?appkey=from-the-url-123&random=5").content.decode()
        assert "from-the-url-123" not in html and 'value="5"' in html

    def test_it_is_not_rendered_back_when_the_form_has_errors(self, client):
        response = client.post(tool_url("sig"), {"appkey": "k3y-value-123", "random": ""})
        assert response.status_code == 400 and "k3y-value-123" not in response.content.decode()


def test_the_appkey_is_never_logged(client, caplog):
    appkey = "log-me-not-5f03a35d00ee"
    with caplog.at_level("DEBUG"):
        client.post(tool_url("sig"), {"appkey": appkey, "random": "", "time": "x", "mobiles": ""})
        client.post(tool_url("sig"), {"appkey": appkey, "random": "1", "time": "1457336869", "mobiles": "137"})
        client.post("/api/v1/checks/sig", data={"appkey": appkey, "random": 1.5}, content_type="application/json")
        client.post("/api/v1/checks/sig", data={"appkey": appkey, "random": "1", "time": "2", "mobiles": "3"},
                    content_type="application/json")
    assert caplog.records and appkey not in caplog.text
