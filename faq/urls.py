from django.urls import path

from . import views
from .search import views as search_views

app_name = "faq"

urlpatterns = [
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/vote/", views.vote, name="vote"),
    path("errors/<str:code>/", views.error_code, name="error"),
    path("search/suggest/", search_views.search_suggestions, name="search_suggest"),
    path("search/go/<int:log_id>/<int:rank>/<slug:slug>/", search_views.search_click, name="search_click"),
]
