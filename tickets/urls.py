"""The customer's ticket pages under /tickets/ and the agent console's ticket pages under /agent/."""
from django.urls import path

from . import agent_views, views

app_name = "tickets"

urlpatterns = [
    path("tickets/new/", views.ticket_new, name="new"),
    path("tickets/suggestions/", views.ticket_suggestions, name="suggestions"),
    path("tickets/received/<str:token>/", views.ticket_received, name="received"),
    path("tickets/received/<str:token>/reply/", views.ticket_customer_reply, name="customer_reply"),
    path("agent/", agent_views.queue, name="queue"),
    path("agent/tickets/<str:reference>/", agent_views.ticket_detail, name="agent_ticket"),
    path("agent/tickets/<str:reference>/status/", agent_views.ticket_status, name="agent_ticket_status"),
    path("agent/tickets/<str:reference>/notes/", agent_views.ticket_note, name="agent_ticket_note"),
    path("agent/tickets/<str:reference>/reply/", agent_views.ticket_reply, name="agent_ticket_reply"),
    path("agent/s/<str:code>/ticket/", agent_views.ticket_from_session, name="agent_session_ticket"),
]
