"""The home page's place in /sitemap.xml."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class HomeSitemap(Sitemap):
    priority = 1.0
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:home"]

    def location(self, item: str) -> str:
        return reverse(item)
