"""Every section of /sitemap.xml, by name. Each app adds its own Sitemap class here."""
from django.contrib.sitemaps import Sitemap

from faq.sitemaps import ArticleSitemap, CategorySitemap, HomeSitemap

sitemaps: dict[str, type[Sitemap]] = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
}
