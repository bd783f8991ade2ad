"""The ticket form (the one place ticket input is validated, for the web page and the API alike) and the
agent console's forms for the queue's filters, a ticket's status and its notes."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import cast

from django import forms
from django.utils import timezone

from checkers.phone_numbers import normalise_number
from common.times import CONSOLE_TIME_ZONE, CONSOLE_TIME_ZONE_NAME
from faq.models import Article
from faq.search import followup
from troubleshooter.models import Session, Tree

from .filing import TicketInput
from .handling import AGE_FILTERS, DEFAULT_SORT, SORT_ORDERS
from .models import Ticket
from .text import neutralise_bidi

HONEYPOT_CODE = "honeypot"
_SPACES = re.compile(r"\s+")


class TicketForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=100)
    email = forms.EmailField(
        label="Email address", max_length=254, help_text="We send the reference and our answer here."
    )
    # The number the problem is about and when the message went out: what the outcomes ask for.
    affected_number = forms.CharField(
        label="Number that did not get the message (optional)",
        max_length=40,
        required=False,
        help_text="The recipient's mobile number, with the country code, e.g. +8613800138000.",
    )
    sent_at = forms.DateTimeField(
        label=f"When it was sent, in console time ({CONSOLE_TIME_ZONE_NAME}) (optional)",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="As the console's message record shows it, e.g. 2025-03-14 09:30.",
    )
    phone = forms.CharField(
        label="Call-back phone number (optional)",
        max_length=40,
        required=False,
        help_text="Your own number, with the country code, e.g. +86 138 0013 8000, if you would like us to call.",
    )
    subject = forms.CharField(label="Subject", max_length=200, min_length=3)
    description = forms.CharField(
        label="What happened?",
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Error codes, example numbers and times help us answer faster.",
    )
    session = forms.UUIDField(required=False, widget=forms.HiddenInput)
    article = forms.SlugField(required=False, max_length=160, widget=forms.HiddenInput)
    # The search whose results page led here (faq.search.followup), signed; only for the insights.
    # No max_length: a too long value is ignored (clean_search), never a reason to refuse the form.
    search = forms.CharField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS, tempting to bots that fill every field.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        return _SPACES.sub(" ", self.cleaned_data["name"]).strip()

    def clean_subject(self) -> str:
        # One line: the subject becomes an email header.
        return _SPACES.sub(" ", self.cleaned_data["subject"]).strip()

    def clean_phone(self) -> str:
        # Spaces and a missing +86 are fine in a call-back number; only an unusable one is refused.
        return _optional_number(self.cleaned_data["phone"], "the phone number")

    def clean_affected_number(self) -> str:
        return _optional_number(self.cleaned_data["affected_number"], "the number that did not get the message")

    def clean_sent_at(self) -> datetime | None:
        value = self.cleaned_data["sent_at"]
        if value is None:
            return None
        # The field read the wall-clock time in the site's zone; it was typed in the console's.
        sent = value.replace(tzinfo=None).replace(tzinfo=CONSOLE_TIME_ZONE)
        if sent > timezone.now() + timedelta(minutes=5):
            shown = sent.strftime("%Y-%m-%d %H:%M")
            raise forms.ValidationError(f"{shown} ({CONSOLE_TIME_ZONE_NAME}) is in the future; enter when it was sent.")
        return sent

    def clean_session(self) -> Session | None:
        session_id = self.cleaned_data["session"]
        if session_id is None:
            return None
        session = Session.objects.select_related("tree").filter(pk=session_id).first()
        if session is None:
            raise forms.ValidationError("That troubleshooting session does not exist.")
        return session

    def clean_article(self) -> Article | None:
        slug = self.cleaned_data["article"]
        if not slug:
            return None
        article = Article.objects.published().filter(slug=slug).first()
        if article is None:
            raise forms.ValidationError("That article does not exist.")
        return article

    def clean_search(self) -> int | None:
        # An altered or stale value only loses a figure: never a reason to refuse the customer's ticket.
        return followup.read_contact_token(self.cleaned_data["search"])

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                "This looks like an automated submission, so it was not sent.", code=HONEYPOT_CODE
            )
        return ""

    @property
    def is_honeypot(self) -> bool:
        return self.has_error("website", code=HONEYPOT_CODE)

    def ticket_input(self) -> TicketInput:
        data = self.cleaned_data
        return TicketInput(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            affected_number=data["affected_number"],
            sent_at=data["sent_at"],
            subject=data["subject"],
            description=data["description"],
            session=data["session"],
            article=data["article"],
        )


class AgentTicketForm(TicketForm):
    """The ticket an agent files from a customer's live session: the same checks, agent-facing words."""

    def __init__(self, *args, session: Session, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.live_session = session
        labels = {
            "name": ("Customer's name", ""),
            "email": ("Customer's email", "The customer gets the reference and our replies here."),
            "phone": ("Customer's phone (optional)", "With the country code, if they want a call back."),
            "description": ("What the customer reported", "In the customer's words, plus what you found."),
        }
        for name, (label, help_text) in labels.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text
        # The session comes from the address and there is no article or honeypot here.
        for name in ("session", "article", "search", "website"):
            del self.fields[name]

    def ticket_input(self) -> TicketInput:
        data = self.cleaned_data
        return TicketInput(
            name=data["name"], email=data["email"], phone=data["phone"], subject=data["subject"],
            description=data["description"], session=self.live_session,
        )


def describe_errors(form: forms.Form) -> str:
    """All of a form's errors in one sentence for a JSON ``detail``: 'email: Enter a valid email address.'"""
    parts = []
    for field, errors in form.errors.items():
        for error in errors:
            parts.append(f"{field}: {error}" if field != "__all__" else str(error))
    return " ".join(parts)


class TicketStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Ticket.Status.choices)


class _MessageForm(forms.Form):
    """One message of text; bidi controls are dropped on the way in (tickets/text.py says why)."""

    text: forms.CharField

    def clean_text(self) -> str:
        text = neutralise_bidi(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError("Please write something first.")
        return text


class TicketNoteForm(_MessageForm):
    text = forms.CharField(
        label="Internal note", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only agents see notes.",
    )


class TicketReplyForm(_MessageForm):
    def __init__(self, *args, **kwargs) -> None:
        # It shares the ticket page with the note form, whose field is also "text": ids must differ.
        kwargs.setdefault("auto_id", "id_reply_%s")
        super().__init__(*args, **kwargs)

    text = forms.CharField(
        label="Reply to the customer", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The customer gets this by email and on their request's page; the ticket then waits for them.",
    )


class CustomerMessageForm(_MessageForm):
    text = forms.CharField(
        label="Your answer", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Support gets it at once and sees the whole conversation.",
    )


class QueueFilterForm(forms.Form):
    """The queue's filters; every choice is optional and an unknown value is simply a form error."""

    AGES = [("", "Any age"), *((name, label) for name, (label, _, _) in AGE_FILTERS.items())]

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *Ticket.Status.choices])
    age = forms.ChoiceField(label="Age", required=False, choices=AGES)
    tree = forms.ChoiceField(label="Troubleshooter", required=False)
    q = forms.CharField(
        label="Search", required=False, max_length=100, help_text="Reference, name, email or subject."
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(name, label) for name, (label, _) in SORT_ORDERS.items()]
    )

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or DEFAULT_SORT

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tree_choices: list[tuple[str, str]] = [
            ("", "Any troubleshooter"),
            ("none", "No troubleshooter"),
            *Tree.objects.values_list("slug", "title"),
        ]
        cast(forms.ChoiceField, self.fields["tree"]).choices = self.tree_choices


def _optional_number(raw: str, what: str) -> str:
    """A typed phone number in E.164 form, "" when left empty; a ValidationError naming ``what`` when unusable."""
    raw = raw.strip()
    if not raw:
        return ""
    number, problems = normalise_number(raw)
    if number is None:
        reason = " ".join(problems) or "It is not a phone number we recognise."
        raise forms.ValidationError(f"Please check {what}. {reason}")
    return number
