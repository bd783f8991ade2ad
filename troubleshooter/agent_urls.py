"""The agent console's live-session pages under /agent/ (URL namespace "agent").

Its ticket pages are in tickets/urls.py.
"""
from django.urls import path

from . import agent_login, agent_views

app_name = "agent"

urlpatterns = [
    path("login/", agent_login.AgentLoginView.as_view(), name="login"),
    path("logout/", agent_login.AgentLogoutView.as_view(), name="logout"),
    path("sessions/", agent_views.open_session, name="open_session"),
    path("s/<str:code>/", agent_views.session_page, name="session"),
    path("s/<str:code>/live/", agent_views.session_live, name="session_live"),
    path("s/<str:code>/answer/", agent_views.session_answer, name="session_answer"),
    path("s/<str:code>/back/", agent_views.session_back, name="session_back"),
]
