"""Every section of /sitemap.xml, by name. Each app adds its own Sitemap class here."""
from django.contrib.sitemaps import Sitemap

from faq.sitemaps import ArticleSitemap, CategorySitemap
from portal.sitemaps import HomeSitemap
from troubleshooter.sitemaps import TreeSitemap

sitemaps: dict[str, type[Sitemap]] = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
    "troubleshooters": TreeSitemap,
}
