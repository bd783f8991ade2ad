"""The diagnostic checkers on their own pages: /tools/ and /tools/<checker>/.

The view only translates HTTP: it draws the checker's form, runs the checker on a valid POST and
hands the template the verdict, the findings and the pasted texts with the problems marked. The
sig checker's AppKey is never rendered back (a password field without its value; only the
example's made-up key is shown) and is hidden from Django's error reports.
"""
from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from .article_links import live_article_links
from .forms import checker_form_class, checker_input
from .highlight import marked_texts
from .registry import Checker, all_checkers, get_checker

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
    return render(request, "checkers/index.html", {"checkers": all_checkers()})


@sensitive_post_parameters("appkey")
def tool(request: HttpRequest, name: str) -> HttpResponse:
    checker = get_checker(name)
    if checker is None:
        raise Http404(f"No checker is called “{name[:60]}”.")
    form_class = checker_form_class(checker)
    outcome = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            outcome = _outcome(checker, checker_input(form))
    else:
        form = form_class(initial=_initial(checker, request))
        if request.GET.get("example"):
            _show_example_secrets(checker, form)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "checkers/tool.html",
                  {"checker": checker, "form": form, "outcome": outcome}, status=status)


def _initial(checker: Checker, request: HttpRequest) -> dict[str, Any]:
    """Prefill from the query string, or the checker's example with ?example=1.

    A secret is never taken from the query string (it would sit in logs and history); the
    example's own secret is a made-up value, so the example can run.
    """
    example = bool(request.GET.get("example"))
    secret = {f.name for f in checker.fields if f.kind == "secret"}
    source: dict[str, Any] = checker.example if example else request.GET
    initial = {}
    for name in (f.name for f in checker.fields if example or f.name not in secret):
        value = source.get(name)
        if isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        if value not in (None, ""):
            initial[name] = value
    return initial


def _show_example_secrets(checker: Checker, form: forms.Form) -> None:
    """Let the password field show the example's made-up AppKey; a typed key is never rendered back."""
    for spec in checker.fields:
        if spec.kind == "secret" and spec.name in checker.example:
            form.fields[spec.name].widget.render_value = True


def _outcome(checker: Checker, data: dict[str, Any]) -> dict[str, Any]:
    result = checker.run(data)
    findings = result["findings"]
    texts = marked_texts(checker, data, findings)
    shown = {text["name"] for text in texts}
    details = [(label, result[key]) for key, label in DETAILS.get(checker.name, ()) if result.get(key) is not None]
    return {
        "result": result,
        "verdict_words": checker.verdict_label(result["verdict"], findings),
        "findings": [
            {**item, "number": number, "marked": item.get("input") in shown and isinstance(item.get("offset"), int)}
            for number, item in enumerate(findings, start=1)
        ],
        "texts": texts,
        "details": details,
        "articles": live_article_links(result.get("articles", [])),
    }

