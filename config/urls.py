from django.contrib import admin
from django.urls import include, path

from .api import api
from .views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("markdownx/", include("markdownx.urls")),
    path("api/v1/", api.urls),
    path("agent/", include("troubleshooter.agent_urls")),
    path("", include("troubleshooter.urls")),
    path("", include("faq.urls")),
]
