"""A small HTML checker for the pages' markup, run by tests/project/test_valid_html.py.

html5lib (a pinned dev dependency, pure Python) reports every HTML5 parse error the
way browsers' parsers define them; the few rules it cannot see because they are about attribute
values (htmx's bare ``hx-*`` names, ``datetime`` formats, id references, landmark labels) are checked
here on the parsed tree. This replaces the Nu validator, which needs Java and a network service.
"""
from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import Element

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"
# A valid global date and time string or date or time (HTML Living Standard 2.3.5), seconds at most to
# the millisecond: Django's "c" format prints microseconds, which validators reject.
DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)$"
)
ID_REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-activedescendant", "for", "list")


def problems(html: str) -> list[str]:
    """Everything wrong with a page's markup, in words; empty when it is valid."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=True)
    root = parser.parse(html)
    found = [f"parse error at line {line}, column {col}: {code} {data or ''}".strip()
             for (line, col), code, data in parser.errors]
    elements = list(root.iter())
    ids = Counter(el.get("id") for el in elements if el.get("id"))
    found += [f'id "{name}" is used {count} times' for name, count in ids.items() if count > 1]
    for el in elements:
        tag = _tag(el)
        for name, value in el.attrib.items():
            if name.startswith("hx-"):
                found.append(f"<{tag}> has {name}: not an HTML attribute (write data-{name})")
            if name in ID_REFERENCES and not (name == "for" and tag == "output"):
                missing = [ref for ref in value.split() if ref not in ids]
                if missing:
                    found.append(f"<{tag} {name}=\"{value}\"> refers to missing id(s) {', '.join(missing)}")
        if tag == "time" and el.get("datetime") is not None and not DATETIME.match(el.get("datetime", "")):
            found.append(f'<time datetime="{el.get("datetime")}"> is not a valid date or time')
    found += _landmark_problems(elements)
    return found


def _tag(el: Element) -> str:
    return el.tag.removeprefix(NS) if isinstance(el.tag, str) else str(el.tag)


def _landmark_problems(elements: list[Element]) -> list[str]:
    """Two landmarks of one kind need distinct labels, or a screen reader lists them as the same."""
    searches = [el for el in elements if el.get("role") == "search" or _tag(el) == "search"]
    navs = [el for el in elements if _tag(el) == "nav" or el.get("role") == "navigation"]
    found = []
    for kind, group in (("search", searches), ("navigation", navs)):
        if len(group) < 2:
            continue
        labels = [el.get("aria-label") or el.get("aria-labelledby") for el in group]
        if not all(labels) or len(set(labels)) < len(labels):
            found.append(f"{len(group)} {kind} landmarks without distinct labels: {labels}")
    return found
