"""Waypoint's default content read as plain data: (title, body) pairs, for the django-helpdesk site.

No Django and no Waypoint code: this runs in django-helpdesk's venv. It reads the same files that
``load_default_content`` loads (faq/default_content/: the manifest and the Markdown files it names,
where each ``### `` heading starts an entry), so both sites serve the same texts.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(__file__).resolve().parents[2] / "faq" / "default_content" / "content.toml"
# Waypoint's own anchor syntax, ``[](id:NAME)``: it means nothing to django-helpdesk's Markdown.
_ANCHOR = re.compile(r"\[\]\(id:[^)]*\)")


@dataclass(frozen=True)
class Entry:
    title: str
    body: str


def read_entries(manifest: Path = MANIFEST) -> list[Entry]:
    """Every shipped entry, in the home page's category order and each file's order.

    Raises ValueError when the Markdown headings and the manifest's titles disagree, so a change in
    Waypoint's content cannot silently leave the comparison with fewer entries.
    """
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    entries: list[Entry] = []
    expected: list[str] = []
    for category in data["category"]:
        expected += [article["title"] for article in category["article"]]
        entries += _split(manifest.parent.joinpath(category["file"]).read_text(encoding="utf-8"))
    titles = [entry.title for entry in entries]
    if sorted(titles) != sorted(expected):
        raise ValueError(f"{manifest.name} and its Markdown files list different entries: {titles} != {expected}")
    return entries


def _split(markdown: str) -> list[Entry]:
    entries: list[Entry] = []
    for chunk in re.split(r"^### ", markdown, flags=re.MULTILINE)[1:]:
        heading, _, body = chunk.partition("\n")
        entries.append(Entry(_ANCHOR.sub("", heading).strip(), _ANCHOR.sub("", body).strip()))
    return entries
