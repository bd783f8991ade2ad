from django.urls import path

from . import ticket_views

app_name = "troubleshooter"

# Routes are added by the views that serve them; names used elsewhere: tree, session.
urlpatterns: list = [
    path("tickets/new/", ticket_views.ticket_new, name="ticket_new"),
    path("tickets/suggestions/", ticket_views.ticket_suggestions, name="ticket_suggestions"),
    path("tickets/received/<str:token>/", ticket_views.ticket_received, name="ticket_received"),
]
