from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("troubleshooters/<slug:slug>/", views.tree, name="tree"),
    path("articles/", views.articles, name="articles"),
    path("search/", views.search, name="search"),
]
