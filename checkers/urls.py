from django.urls import path

from . import views

app_name = "checkers"

urlpatterns = [
    path("tools/", views.tools, name="tools"),
    path("tools/<slug:name>/", views.tool, name="tool"),
]
