"""Every public page names its canonical address; articles describe themselves to link previews;
dark mode and print have their own stylesheets."""
import re

import pytest

from tests.factories import make_article


@pytest.mark.django_db
class TestPageHead:
    @pytest.mark.parametrize("path", ["/", "/troubleshoot/", "/tools/", "/tools/json-body/", "/tickets/new/"])
    def test_every_public_page_has_a_canonical_link_to_its_own_address(self, client, path):
        html = client.get(f"{path}?utm_source=mail").content.decode()
        assert html.count('rel="canonical"') == 1
        assert f'<link rel="canonical" href="http://testserver{path}">' in html

    def test_an_article_has_a_description_and_open_graph_tags(self, client):
        article = make_article(title="Error 1014: template mismatch", summary="What 1014 means and how to fix it.")
        html = client.get(article.get_absolute_url()).content.decode()
        url = f"http://testserver{article.get_absolute_url()}"
        assert '<meta name="description" content="What 1014 means and how to fix it.">' in html
        assert '<meta property="og:title" content="Error 1014: template mismatch">' in html
        assert '<meta property="og:description" content="What 1014 means and how to fix it.">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert html.count('rel="canonical"') == 1

    def test_an_article_without_a_summary_is_described_by_its_first_words(self, client):
        article = make_article(summary="", body="Replies such as **TD** unsubscribe a number. " * 10)
        html = client.get(article.get_absolute_url()).content.decode()
        description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
        assert description.startswith("Replies such as TD unsubscribe a number.")
        assert description.endswith("…")

    def test_dark_mode_and_print_stylesheets_load_only_when_they_apply(self, client):
        html = client.get("/").content.decode()
        assert re.search(r'<link rel="stylesheet" href="[^"]*dark\.css" media="\(prefers-color-scheme: dark\)">', html)
        assert re.search(r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', html)
        assert '<meta name="color-scheme" content="light dark">' in html
