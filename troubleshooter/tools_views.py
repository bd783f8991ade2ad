"""The diagnostic checkers on their own pages: /tools/ and /tools/<checker>/.

The view only translates HTTP: it draws the checker's form, runs the checker on a valid POST and
hands the template the verdict, the findings and the pasted texts with the problems marked. The
sig checker's AppKey is never rendered back (a password field without its value) and is hidden
from Django's error reports.
"""
from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from faq.models import Article

from .checkers import Checker, all_checkers, get_checker
from .highlight import marked_texts
from .tools_forms import checker_form_class, checker_input

VERDICT_WORDS = {
    "ok": "No problem found",
    "invalid-json": "Not standard JSON",
    "invalid-request": "The request does not fit the API",
    "template-error": "The template is not well formed",
    "params-mismatch": "The params do not fit the template",
    "message-mismatch": "The message does not match the template",
    "invalid-numbers": "Some numbers cannot be sent to",
    "mismatch": "The sig does not match",
    "computed": "Sig computed",
    "unsubscribe": "This reply unsubscribes the number",
    "not-unsubscribe": "This reply does not unsubscribe the number",
    "api-slow": "The delay is in the API call",
    "report-slow": "The delay is between delivery and the status report",
    "normal": "No unusual delay in these times",
    "rate-limit": "Rate limit",
    "format": "Message format",
    "blocked": "Blocked or unsubscribed number",
    "error-code": "An error code",
    "received": "Received, according to the carrier",
    "unknown": "Not a known cause",
}
# Extra result keys worth showing, per checker, with their labels.
DETAILS = {
    "sig": (("sig", "Computed sig"), ("string_to_sign", "String that was signed")),
    "delay": (("request_to_send_seconds", "Request to send (seconds)"),
              ("delivery_to_report_seconds", "Delivery to status report (seconds)")),
    "remarks": (("error_code", "Error code"),),
    "unsubscribe": (("keyword", "Keyword"),),
    "template": (("placeholders", "Placeholders in the template"),),
    "phone-numbers": (("unique", "Distinct numbers"),),
}


def tools(request: HttpRequest) -> HttpResponse:
    return render(request, "troubleshooter/tools/index.html", {"checkers": all_checkers()})


@sensitive_post_parameters("appkey")
def tool(request: HttpRequest, name: str) -> HttpResponse:
    checker = get_checker(name)
    if checker is None:
        raise Http404(f"There is no checker called {name}.")
    form_class = checker_form_class(checker)
    outcome = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            outcome = _outcome(checker, checker_input(form))
    else:
        form = form_class(initial=_initial(checker, request))
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "troubleshooter/tools/tool.html",
                  {"checker": checker, "form": form, "outcome": outcome}, status=status)


def _initial(checker: Checker, request: HttpRequest) -> dict[str, Any]:
    """Prefill from the query string, or the checker's example with ?example=1 (never a secret)."""
    secret = {f.name for f in checker.fields if f.kind == "secret"}
    source: dict[str, Any] = checker.example if request.GET.get("example") else request.GET
    initial = {}
    for name in (f.name for f in checker.fields if f.name not in secret):
        value = source.get(name)
        if isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        if value not in (None, ""):
            initial[name] = value
    return initial


def _outcome(checker: Checker, data: dict[str, Any]) -> dict[str, Any]:
    result = checker.run(data)
    findings = result["findings"]
    texts = marked_texts(checker, data, findings)
    shown = {text["name"] for text in texts}
    details = [(label, result[key]) for key, label in DETAILS.get(checker.name, ()) if result.get(key) is not None]
    return {
        "result": result,
        "verdict_words": VERDICT_WORDS.get(result["verdict"], result["verdict"]),
        "findings": [
            {**item, "number": number, "marked": item.get("input") in shown and isinstance(item.get("offset"), int)}
            for number, item in enumerate(findings, start=1)
        ],
        "texts": texts,
        "details": details,
        "articles": _live_articles(result.get("articles", [])),
    }


def _live_articles(links: list[dict[str, str]]) -> list[dict[str, str]]:
    """The linked articles that are published, with their current titles, in the checker's order."""
    slugs = [link["slug"] for link in links]
    titles = dict(Article.objects.published().filter(slug__in=slugs).values_list("slug", "title"))
    return [{**link, "title": titles[link["slug"]]} for link in links if link["slug"] in titles]
