"""/errors/<code>/ and the site's styled error pages (400, 403, 404, 500)."""
import pytest
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import RequestFactory
from django.views import defaults

from faq.models import Article
from tests.factories import make_article
from tests.faq.kb_helpers import make_tree

pytestmark = pytest.mark.django_db


class TestErrorCodePage:
    def test_one_article_for_a_code_is_a_redirect_to_it(self, client):
        article = make_article(error_codes=("1014",))
        response = client.get("/errors/1014/")
        assert response.status_code == 302 and response["Location"] == article.get_absolute_url()

    def test_several_articles_for_a_code_are_listed(self, client):
        first = make_article(title="Template format", error_codes=("1014",))
        second = make_article(title="Template variables", error_codes=("1014",))
        make_article(title="Draft about it", error_codes=("1014",), status=Article.Status.DRAFT)
        response = client.get("/errors/1014/")
        page = response.content.decode()
        assert response.status_code == 200
        assert first.get_absolute_url() in page and second.get_absolute_url() in page
        assert "Draft about it" not in page

    def test_drafts_do_not_count_as_covering_a_code(self, client):
        make_article(error_codes=("1001",), status=Article.Status.DRAFT)
        assert client.get("/errors/1001/").status_code == 404

    def test_an_uncovered_code_gets_a_helpful_404(self, client):
        covered = make_article(error_codes=("1016",))
        make_tree(slug="api-error-codes", title="API error codes", articles=(covered,))
        response = client.get("/errors/4242/")
        page = response.content.decode()
        assert response.status_code == 404
        assert "No article about error 4242 yet" in page
        assert 'action="/search/"' in page and 'value="error 4242"' in page
        assert 'href="/troubleshoot/api-error-codes/"' in page and 'href="/tools/remarks/"' in page
        assert 'href="/errors/1016/"' in page

    @pytest.mark.parametrize(
        "path", ["/errors/abc/", "/errors/1014abc/", "/errors/%3Cscript%3E/", "/errors/" + "9" * 40 + "/",
                 "/errors/%D9%A1%D9%A2/", "/errors/-1/", "/errors/%00/"],
    )
    def test_junk_codes_are_404_never_500(self, client, path):
        response = client.get(path)
        # A NUL character is refused site-wide with a 400 before any lookup (config/nul_bytes.py).
        assert response.status_code == (400 if "%00" in path else 404)
        assert "<script>" not in response.content.decode()


class TestStyledErrorPages:
    def test_an_unknown_address_gets_the_styled_404_with_search(self, client):
        response = client.get("/no/such/page/")
        page = response.content.decode()
        assert response.status_code == 404
        assert "We could not find that page" in page and 'action="/search/"' in page
        assert 'href="/troubleshoot/"' in page and "site.css" in page

    def test_the_500_page_renders_without_any_context(self):
        html = loader.get_template("500.html").render()
        assert "Something went wrong on our side" in html and "<style>" in html

    def test_the_500_handler_uses_it(self):
        response = defaults.server_error(RequestFactory().get("/"))
        assert response.status_code == 500 and "Something went wrong" in response.content.decode()

    def test_the_400_page_renders_without_a_request(self):
        response = defaults.bad_request(RequestFactory().get("/"), Exception("bad"))
        assert response.status_code == 400 and "could not understand" in response.content.decode()

    def test_the_403_page_is_styled(self, rf):
        request = rf.get("/agent/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        response = defaults.permission_denied(request, PermissionDenied())
        assert response.status_code == 403 and "do not have access" in response.content.decode()
