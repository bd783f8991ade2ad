"""The agent console's own sign-in and sign-out, so agents never land on "Django administration".

Django's LoginView (with ``next``) and LogoutView (POST only); the form refuses accounts that may not
use the console, with a message saying why, instead of signing them in to a 403.
"""
from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .console import may_use_console


class AgentAuthenticationForm(AuthenticationForm):
    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not may_use_console(user):
            raise ValidationError(
                "This account cannot use the agent console. Ask an administrator to add it to the Agents group.",
                code="not_an_agent",
            )


class AgentLoginView(auth_views.LoginView):
    template_name = "troubleshooter/agent/login.html"
    authentication_form = AgentAuthenticationForm
    # Without ``next``: the console's front page (the ticket queue), not Django's /accounts/profile/.
    next_page = "tickets:queue"


class AgentLogoutView(auth_views.LogoutView):
    next_page = "agent:login"
