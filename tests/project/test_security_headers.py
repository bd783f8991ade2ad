"""Defence in depth: the Content-Security-Policy, Swagger UI from the package's own files, login throttling."""
from __future__ import annotations

import re
import urllib.request

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_agent, make_article

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class TestContentSecurityPolicy:
    @pytest.mark.parametrize("path", ["/", "/search/?q=sms", "/tickets/new/", "/admin/login/", "/api/v1/docs",
                                      "/api/v1/articles"])
    def test_every_answer_carries_a_policy_without_inline_scripts(self, client, path):
        directives = policy(client.get(path))
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        # 'self', and the hash of the self-contained error page's own stylesheet (tests/project/test_csp_header.py).
        assert directives["style-src"][0] == "'self'" and all(v.startswith("'sha256-") for v in directives["style-src"][1:])
        assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
        assert not any("unsafe-inline" in value or "nonce-" in value for values in directives.values()
                       for value in values)

    def test_no_template_has_an_inline_script_or_handler(self, settings):
        templates = settings.BASE_DIR / "templates"
        offenders = [
            str(path) for path in templates.rglob("*.html")
            if re.search(r"<script(?![^>]*\bsrc=)|\bhx-on|\son[a-z]+=\"|style=\"", path.read_text(encoding="utf-8"))
        ]
        assert offenders == []

    def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(self, client):
        html = client.get("/").content.decode()
        assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html

    def test_a_markdown_tables_alignment_is_the_only_inline_style_allowed(self, client):
        article = make_article(body="| a | b |\n|:--|--:|\n| 1 | 2 |")
        response = client.get(article.get_absolute_url())
        assert 'style="text-align:left"' in response.content.decode()
        assert "'unsafe-hashes'" in policy(response)["style-src-attr"]
        assert len(policy(response)["style-src-attr"]) == 4  # unsafe-hashes + left, center, right


class TestApiDocs:
    def test_swagger_ui_comes_from_the_pinned_package_not_a_cdn(self, client):
        html = client.get("/api/v1/docs").content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
        assert "cdn" not in html.lower() and "https://" not in html

    def test_its_files_are_served(self, client, live_server):
        for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
            with urllib.request.urlopen(f"{live_server.url}/static/ninja/{name}") as answer:  # noqa: S310
                assert answer.status == 200


class TestLoginThrottling:
    def login(self, client: Client, path: str, password: str):
        return client.post(path, {"username": "agent-ann", "password": password, "next": "/agent/"})

    def test_after_five_wrong_passwords_the_login_is_locked_with_a_clear_page(self, client):
        path = "/admin/login/"
        make_agent(username="agent-ann")
        for _ in range(4):
            assert self.login(client, path, "wrong").status_code == 200
        locked = self.login(client, path, "wrong")
        assert locked.status_code == 429
        html = locked.content.decode()
        assert "Too many failed sign-in attempts" in html and "15 minutes" in html
        assert int(locked["Retry-After"]) == 15 * 60
        # Even the right password is refused while locked.
        assert self.login(client, path, "pw-for-tests-123").status_code == 429
        assert "_auth_user_id" not in client.session

    def test_the_lock_is_per_username_and_address(self, client):
        make_agent(username="agent-ann")
        for _ in range(5):
            self.login(client, "/admin/login/", "wrong")
        elsewhere = Client(REMOTE_ADDR="192.0.2.50")
        response = self.login(elsewhere, "/admin/login/", "pw-for-tests-123")
        assert response.status_code == 302 and elsewhere.session["_auth_user_id"]

    def test_any_view_that_uses_authenticate_is_covered(self, rf):
        """The agent console's own login page (another change) will call authenticate(request=...)."""
        make_agent(username="agent-ann")
        for _ in range(5):
            request = rf.post("/agent/login/")
            assert authenticate(request, username="agent-ann", password="wrong") is None
        request = rf.post("/agent/login/")
        assert authenticate(request, username="agent-ann", password="pw-for-tests-123") is None
        assert User.objects.get(username="agent-ann").is_active

    def test_a_successful_login_resets_the_count(self, client):
        make_agent(username="agent-ann")
        for _ in range(4):
            self.login(client, "/admin/login/", "wrong")
        assert self.login(client, "/admin/login/", "pw-for-tests-123").status_code == 302
        client.logout()
        for _ in range(4):
            assert self.login(client, "/admin/login/", "wrong").status_code == 200

    def test_a_huge_username_is_a_failed_login_not_a_server_error(self, client):
        response = client.post("/admin/login/", {"username": "İ" * 300, "password": "x"})
        assert response.status_code == 200
        assert len(AccessAttempt.objects.get().username) == 150
