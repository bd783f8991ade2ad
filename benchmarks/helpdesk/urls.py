"""URLs of the django-helpdesk comparison site: django-helpdesk at the root, as its docs show."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
