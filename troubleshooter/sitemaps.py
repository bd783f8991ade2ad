"""The published troubleshooters in /sitemap.xml (sessions are private and never listed)."""
from django.contrib.sitemaps import Sitemap

from .models import Tree


class TreeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Tree.objects.live().order_by("position", "slug")

    def lastmod(self, tree: Tree):
        return tree.updated_at
