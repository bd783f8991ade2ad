"""The public "Continue a session" box: where an unknown code's message goes and how it is announced."""
import pytest


class TestUnknownSessionCode:
    @pytest.mark.parametrize("code", ["ZZZZZZ", "", "   "])
    def test_the_message_is_at_the_top_announced_and_tied_to_the_field(self, client, shipped, code):
        response = client.get("/troubleshoot/", {"code": code})
        assert response.status_code == 404
        page = response.content.decode()
        alert = page.index('role="alert"')
        assert alert < page.index('class="ts-list"'), "the message comes before the list of troubleshooters"
        assert page.index('id="session-code-error"') < page.index('id="session-code"')
        field = page.split('id="session-code"')[1].split(">")[0]
        assert 'aria-invalid="true"' in field and 'aria-describedby="session-code-error"' in field
        assert "autofocus" in field
        assert ("No session has the code" if code == "ZZZZZZ" else "Enter a session code") in page
        assert "<title>Session code not found" in page

    def test_without_a_code_the_box_stays_at_the_foot_unmarked(self, client, shipped):
        page = client.get("/troubleshoot/").content.decode()
        assert page.index('class="ts-list"') < page.index('id="session-code"')
        assert 'role="alert"' not in page and "aria-invalid" not in page
