from django.urls import path

from . import views

app_name = "faq"

urlpatterns = [
    path("", views.home, name="home"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("articles/<slug:slug>/vote/", views.vote, name="vote"),
    path("errors/<str:code>/", views.error_code, name="error"),
]
