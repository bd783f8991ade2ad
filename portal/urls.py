from django.urls import path

from . import search, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search.search_page, name="search"),
]
