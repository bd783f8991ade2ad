"""The agent console under /agent/ (URL namespace "agent")."""
from django.urls import path

from . import agent_views

app_name = "agent"

urlpatterns = [
    path("", agent_views.queue, name="queue"),
    path("tickets/<str:reference>/", agent_views.ticket_detail, name="ticket"),
    path("tickets/<str:reference>/status/", agent_views.ticket_status, name="ticket_status"),
    path("tickets/<str:reference>/notes/", agent_views.ticket_note, name="ticket_note"),
    path("sessions/", agent_views.open_session, name="open_session"),
    path("s/<str:code>/", agent_views.session_page, name="session"),
    path("s/<str:code>/live/", agent_views.session_live, name="session_live"),
    path("s/<str:code>/answer/", agent_views.session_answer, name="session_answer"),
    path("s/<str:code>/back/", agent_views.session_back, name="session_back"),
]
