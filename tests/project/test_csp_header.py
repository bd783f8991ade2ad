"""The Content-Security-Policy header: built once, the same as django-csp builds it, and it lets the
self-contained error page keep its own stylesheet."""
import base64
import hashlib
import re

from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import loader
from django.test import RequestFactory

from config.csp_header import ConstantPolicyMiddleware


def ok(_request):
    return HttpResponse("ok")


def test_the_header_is_the_one_django_csp_builds(db):
    request = RequestFactory().get("/")
    built_once = ConstantPolicyMiddleware(ok)(request)["Content-Security-Policy"]
    by_the_library = CSPMiddleware(ok)(RequestFactory().get("/"))["Content-Security-Policy"]
    assert built_once == by_the_library
    assert "default-src 'self'" in built_once and "frame-ancestors 'none'" in built_once


def test_a_view_with_its_own_policy_still_gets_it(db):
    middleware = ConstantPolicyMiddleware(csp_update({"img-src": "https://example.com"})(ok))
    middleware(RequestFactory().get("/"))  # the constant is built first
    assert "https://example.com" in middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    assert "https://example.com" not in ConstantPolicyMiddleware(ok)(RequestFactory().get("/"))["Content-Security-Policy"]


def test_the_error_pages_inline_stylesheet_is_allowed_by_its_hash(client, db):
    html = loader.get_template("500.html").render()
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert styles
    policy = client.get("/healthz")["Content-Security-Policy"]
    style_src = next(part for part in policy.split(";") if part.strip().startswith("style-src "))
    for css in styles:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in style_src
