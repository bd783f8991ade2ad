from django.urls import path

from . import tools_views

app_name = "troubleshooter"

# Routes are added by the views that serve them; names used elsewhere: tree, session.
urlpatterns: list = [
    path("tools/", tools_views.tools, name="tools"),
    path("tools/<slug:name>/", tools_views.tool, name="tool"),
]
