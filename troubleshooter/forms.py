"""The agent console's box for opening a customer's live session by its code."""
from __future__ import annotations

import re

from django import forms


class OpenSessionForm(forms.Form):
    code = forms.CharField(
        label="Session code",
        max_length=12,
        help_text="The six characters the customer reads out from their troubleshooting page.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
