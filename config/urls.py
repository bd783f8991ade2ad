from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from faq.views import markdown_preview

from .api import api
from .sitemaps import sitemaps
from .views import api_not_found, favicon, healthz, robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The public pages first: Django tries patterns in order, and these are most of the traffic.
    path("", include("portal.urls")),
    path("", include("faq.urls")),
    # Tickets moved from the troubleshooter app to their own; agents' bookmarks still arrive.
    re_path(r"^admin/troubleshooter/(?P<rest>ticket(?:event)?/.*)$",
            RedirectView.as_view(url="/admin/tickets/%(rest)s", permanent=True, query_string=True)),
    path("admin/", admin.site.urls),
    # Only the live preview of django-markdownx, and only for staff: its own views are open to anyone
    # (and its image upload would store files that are never served).
    path("markdownx/markdownify/", markdown_preview, name="markdownx_markdownify"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<path>.*)$", api_not_found),
    path("agent/", include("troubleshooter.agent_urls")),
    path("insights/", include("insights.urls")),
    path("editor/trees/", include("troubleshooter.editor_urls")),
    path("", include("troubleshooter.urls")),
    path("", include("checkers.urls")),
    path("", include("tickets.urls")),
]

# A database outage raised outside a view (by a middleware) is a 503 too, not a 500.
handler500 = "config.db_outage.server_error"
