"""Forms of the public knowledge-base pages."""
from django import forms

from .models import Vote


class VoteForm(forms.Form):
    """ "Was this article helpful?" -- yes or no, and an optional comment."""

    helpful = forms.TypedChoiceField(
        label="Was this article helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Yes or No."},
    )
    comment = forms.CharField(
        label="Anything we should add or fix? (optional)",
        required=False,
        max_length=Vote._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=True,
    )
