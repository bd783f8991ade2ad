"""The entries the django-helpdesk comparison site serves (benchmarks.helpdesk.entries): the default content's."""
from __future__ import annotations

import pytest

from benchmarks.helpdesk.entries import MANIFEST, read_entries
from faq.default_content import read_default_content


def test_the_helpdesk_site_gets_every_default_article_with_its_text():
    entries = read_entries()
    articles = read_default_content().articles

    assert [entry.title for entry in entries] == [article.title for article in articles]
    assert len(entries) == 26
    assert all(len(entry.body) > 50 for entry in entries)


def test_waypoint_anchors_are_left_out_of_titles_and_bodies():
    entries = read_entries()

    assert not [entry.title for entry in entries if "](id:" in entry.title or "](id:" in entry.body]
    assert "What are number blocklists?" in [entry.title for entry in entries]  # "...?[](id:blocklists)" in the file


def test_a_heading_missing_from_the_manifest_stops_the_loader(tmp_path):
    manifest = tmp_path / "content.toml"
    manifest.write_text(MANIFEST.read_text(encoding="utf-8"), encoding="utf-8")
    for name in {path.name for path in MANIFEST.parent.glob("*.md")}:
        (tmp_path / name).write_text((MANIFEST.parent / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "delivery.md").open("a", encoding="utf-8") as markdown:
        markdown.write("\n### A heading nobody listed\nSome text.\n")

    with pytest.raises(ValueError, match="different entries"):
        read_entries(manifest)
