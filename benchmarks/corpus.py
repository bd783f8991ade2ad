"""A large, coherent corpus of off-topic articles for search benchmarks, made of real documentation prose.

Search has to be measured against thousands of articles about *other* things, written in real
English, so that common words ("not", "get", "code", "message", "error", "send", "user") are as
common as they are in life and ranking at scale is realistic. Word salad drawn from the seed FAQ
(what ``bench_search`` generates) has the seed's vocabulary but none of the structure of prose.

The prose here is the documentation already on any machine that ran
``pip install -r requirements-dev.txt``: the docstrings of Python's standard library and of the
project's pinned packages (Django, Pygments, Hypothesis, Playwright, pydantic, pytest...), plus the
Python language reference that ships with the standard library (``pydoc_data.topics``). Nothing is
downloaded and nothing is imported: every source file is read and parsed with ``ast``, so no
module's import-time side effects (windows, prints, network, settings) can happen, and the result
does not depend on whether Django is configured. The same Python and package versions give the
same articles for the same ``count`` and ``seed``.

Articles come in tiers, best first; ``seed`` shuffles each tier, so small counts get the most
natural articles:

1. one documented function, class, method or module (a docstring of at least ~200 characters,
   cut into parts at paragraph breaks when longer than ~3,000), and the language reference's pages;
2. a class with its documented methods, the way a reference page presents it;
3. a module's overview: its docstring and the first paragraph of each documented member, paged;
4. runs of neighbouring documented members of one module (two to eight at a time);
5. pairs of members of one module further apart (two places, then three...), which is how
   100,000 distinct articles are reached without ever repeating a body or writing word salad.
"""
from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import random
import re
import sysconfig
import warnings
from collections.abc import Iterator, Set
from dataclasses import dataclass
from pathlib import Path

# Third-party packages installed by requirements.txt / requirements-dev.txt (and their own
# dependencies); those missing on a machine are skipped.
PACKAGES = (
    "django", "markdown", "markdownx", "ninja", "pydantic", "simple_history", "dj_database_url",
    "psycopg2", "whitenoise", "gunicorn", "yaml", "asgiref", "sqlparse", "hypothesis",
    "sortedcontainers", "playwright", "_pytest", "pluggy", "pytest_django", "xdist", "execnet",
    "iniconfig", "packaging", "pygments", "PIL", "annotated_types", "typing_inspection",
)
# Standard library folders that are tests, GUI, demos or vendored copies: never read.
_SKIPPED_STDLIB = {
    "site-packages", "dist-packages", "test", "tests", "idlelib", "tkinter", "turtledemo",
    "lib2to3", "ensurepip", "__pycache__", "venv", "pydoc_data", "config-3", "unittest",
}
_SKIPPED_PARTS = {"test", "tests", "testing", "__pycache__", "migrations", "locale", "_vendor"}
_SKIPPED_MODULES = {"this", "antigravity", "turtle", "__main__", "__phello__", "__hello__"}

MIN_BODY = 200  # characters: shorter docstrings are too thin to be an article on their own
MAX_BODY = 3000  # characters: longer ones are cut into parts
MIN_SECTION = 60  # characters: the least a member's docstring needs to count in a combined article
MAX_RUN = 8  # members in one run of neighbours (tier 4)


@dataclass(frozen=True)
class GeneratedArticle:
    title: str
    summary: str
    body_markdown: str
    keywords: tuple[str, ...]
    # The titles of the tier-1 articles of the members this one is made of (tiers 2-5; empty for a
    # tier-1 article): what `load_corpus --derive-vectors-from-members` averages.
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Doc:
    """One documented object: ``module`` (dotted), ``path`` (classes inside it) and ``name``."""

    module: str
    path: tuple[str, ...]
    name: str
    kind: str  # "module", "class", "function"
    text: str  # cleaned Markdown


def documentation_articles(count: int, seed: int = 0) -> Iterator[GeneratedArticle]:
    """Yield `count` distinct articles (unique titles, no body twice) made of real documentation.

    Raises ValueError when the installed documentation cannot give that many.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    produced = 0
    titles: set[str] = set()
    bodies: set[bytes] = set()
    for tier in _tiers():
        if produced >= count:
            return
        candidates = list(tier)
        random.Random(f"{seed}:{len(candidates)}").shuffle(candidates)
        for title, body, keywords, parts in candidates:
            digest = hashlib.blake2b(body.encode(), digest_size=16).digest()
            if digest in bodies:
                continue
            title = _unique(title, titles)
            titles.add(title)
            bodies.add(digest)
            yield GeneratedArticle(title, _summary(body), body, _keywords(keywords), parts)
            produced += 1
            if produced >= count:
                return
    raise ValueError(f"the installed documentation gives only {produced} distinct articles, not {count}")


def available_articles() -> int:
    """How many distinct articles the installed documentation can give (at most)."""
    return sum(1 for _ in _distinct_bodies())


def _distinct_bodies() -> Iterator[str]:
    seen: set[bytes] = set()
    for tier in _tiers():
        for _, body, _, _ in tier:
            digest = hashlib.blake2b(body.encode(), digest_size=16).digest()
            if digest not in seen:
                seen.add(digest)
                yield body


# --- Tiers -------------------------------------------------------------------------------------

Candidate = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # title, body, keyword sources, parts


def _tiers() -> Iterator[list[Candidate]]:
    yield _single_articles() + _reference_pages()
    yield _class_articles()
    yield _module_overviews()
    yield from _runs_of_neighbours()
    yield from _pairs_of_members()


@functools.lru_cache(maxsize=1)
def _single_articles() -> list[Candidate]:
    out: list[Candidate] = []
    for doc in _harvest():
        if len(doc.text) < MIN_BODY:
            continue
        parts = _paginate(doc.text)
        for n, part in enumerate(parts, 1):
            title = _title(doc)
            if len(parts) > 1:
                title += f", part {n} of {len(parts)}"
            out.append((title, part, (doc.name, *doc.path, doc.module), ()))
    return out


@functools.lru_cache(maxsize=1)
def _class_articles() -> list[Candidate]:
    members: dict[tuple[str, tuple[str, ...]], list[_Doc]] = {}
    for doc in _harvest():
        if doc.kind == "function" and doc.path and len(doc.text) >= MIN_SECTION:
            members.setdefault((doc.module, doc.path), []).append(doc)
    out = []
    for doc in _harvest():
        if doc.kind != "class":
            continue
        methods = members.get((doc.module, (*doc.path, doc.name)), [])
        if not methods:
            continue
        sections = [doc.text] + [f"### {_method_heading(m)}\n\n{m.text}" for m in methods]
        pages = _pack(sections)
        for n, page in enumerate(pages, 1):
            if len(page) < MIN_BODY:
                continue
            title = f"The {doc.name} class and its methods ({_dotted(doc.module, doc.path)})"
            if len(pages) > 1:
                title += f", page {n} of {len(pages)}"
            parts = (_title(doc), *(_title(m) for m in methods))
            out.append((title, page, (doc.name, *doc.path, doc.module, *(m.name for m in methods[:6])), parts))
    return out


@functools.lru_cache(maxsize=1)
def _module_overviews() -> list[Candidate]:
    out = []
    for module, members in _by_module().items():
        intro = next((d.text for d in members if d.kind == "module"), "")
        entries = [
            f"- **{_dotted('', d.path + (d.name,)).lstrip('.')}**: {_first_paragraph(d.text)}"
            for d in members
            if d.kind != "module" and len(d.text) >= MIN_SECTION
        ]
        if len(entries) < 2:
            continue
        sections = ([intro] if intro else []) + ["Its documented members:\n\n" + "\n".join(entries)]
        pages = _pack(sections, joiner="\n\n")
        for n, page in enumerate(pages, 1):
            if len(page) < MIN_BODY:
                continue
            title = f"Overview of the {module} module"
            if len(pages) > 1:
                title += f", page {n} of {len(pages)}"
            parts = tuple(_title(d) for d in members if len(d.text) >= MIN_SECTION)
            out.append((title, page, (module, *(d.name for d in members[:8])), parts))
    return out


def _runs_of_neighbours() -> Iterator[list[Candidate]]:
    """Tier 4, one list per run length: runs of 2, then 3... neighbouring documented members."""
    modules = _run_members()
    for size in range(2, MAX_RUN + 1):
        out = []
        for module, members in modules:
            for start in range(len(members) - size + 1):
                run = members[start:start + size]
                body = "\n\n".join(f"### {_method_heading(d)}\n\n{d.text}" for d in run)
                if len(body) > 2 * MAX_BODY:
                    continue
                names = [_method_heading(d) for d in run]
                title = f"{names[0]} to {names[-1]}: {size} entries of {module}"
                out.append((title, body, (module, *(d.name for d in run)), tuple(_title(d) for d in run)))
        yield out


def _pairs_of_members() -> Iterator[list[Candidate]]:
    """Tier 5, one list per distance: two documented members of one module, ``gap`` places apart."""
    modules = _run_members()
    longest = max((len(members) for _, members in modules), default=0)
    for gap in range(2, longest):
        out: list[Candidate] = []
        for module, members in modules:
            for start in range(len(members) - gap):
                first, second = members[start], members[start + gap]
                body = f"### {_method_heading(first)}\n\n{first.text}\n\n### {_method_heading(second)}\n\n{second.text}"
                title = f"{_method_heading(first)} and {_method_heading(second)} ({module})"
                out.append((title, body, (module, first.name, second.name), (_title(first), _title(second))))
        yield out


@functools.lru_cache(maxsize=1)
def _run_members() -> list[tuple[str, list[_Doc]]]:
    """Each module's documented members short enough to stand beside others, in source order."""
    return [
        (module, [d for d in members if d.kind != "module" and MIN_SECTION <= len(d.text) <= MAX_BODY])
        for module, members in _by_module().items()
    ]


@functools.lru_cache(maxsize=1)
def _by_module() -> dict[str, list[_Doc]]:
    grouped: dict[str, list[_Doc]] = {}
    for doc in _harvest():
        grouped.setdefault(doc.module, []).append(doc)
    return grouped


@functools.lru_cache(maxsize=1)
def _reference_pages() -> list[Candidate]:
    """The Python language reference's pages (``pydoc_data.topics``), read as data, never imported."""
    path = Path(sysconfig.get_paths()["stdlib"]) / "pydoc_data" / "topics.py"
    try:
        tree = ast.parse(path.read_bytes())
        topics = next(
            ast.literal_eval(node.value) for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "topics"
        )
    except (OSError, SyntaxError, StopIteration, ValueError):
        return []
    out: list[Candidate] = []
    for key in sorted(topics):
        text = _clean_reference(topics[key])
        if len(text) < MIN_BODY or not _is_prose(text):
            continue
        pages = _paginate(text)
        name = key.replace("-", " ")
        for n, page in enumerate(pages, 1):
            title = f"Python language reference: {name}"
            if len(pages) > 1:
                title += f", part {n} of {len(pages)}"
            out.append((title, page, ("python", "reference", *key.split("-")), ()))
    return out


# --- Harvesting --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _harvest() -> tuple[_Doc, ...]:
    """Every documented object in the standard library and the packages, in a fixed order, deduplicated."""
    docs: list[_Doc] = []
    seen: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of old escape sequences and the like
        for module, path in _source_files():
            try:
                tree = ast.parse(path.read_bytes(), filename=str(path))
            except (OSError, SyntaxError, ValueError):
                continue
            for doc in _documented(module, tree):
                if doc.text not in seen:
                    seen.add(doc.text)
                    docs.append(doc)
    return tuple(docs)


def _source_files() -> Iterator[tuple[str, Path]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    yield from _package_files(stdlib, "", skipped_top=_SKIPPED_STDLIB)
    for name in PACKAGES:
        try:
            spec = importlib.util.find_spec(name)  # a top-level name: finds it without importing it
        except (ImportError, ValueError):
            continue
        if spec is None:
            continue
        if spec.submodule_search_locations:
            for location in sorted(spec.submodule_search_locations):
                yield from _package_files(Path(location), name)
        elif spec.origin and spec.origin.endswith(".py"):
            yield name, Path(spec.origin)


def _package_files(root: Path, package: str, skipped_top: Set[str] = frozenset()) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in skipped_top or parts[0].startswith("config-") or _SKIPPED_PARTS & set(parts[:-1]):
            continue
        stem = path.stem
        if stem.startswith(("test_", "conftest")) or stem in _SKIPPED_MODULES or "-" in "".join(parts):
            continue
        names = [*parts[:-1]] + ([] if stem == "__init__" else [stem])
        module = ".".join(filter(None, [package, *names]))
        if module:
            yield module, path


def _documented(module: str, tree: ast.Module) -> Iterator[_Doc]:
    text = _clean(ast.get_docstring(tree) or "")
    if text:
        yield _Doc(module, (), module.rsplit(".", 1)[-1], "module", text)
    yield from _members(module, (), tree.body)


def _members(module: str, path: tuple[str, ...], body: list[ast.stmt]) -> Iterator[_Doc]:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name.startswith("_") and not (node.name.startswith("__") and node.name.endswith("__")):
                continue  # private helpers document implementation, not use
            text = _clean(ast.get_docstring(node) or "")
            kind = "class" if isinstance(node, ast.ClassDef) else "function"
            if text:
                yield _Doc(module, path, node.name, kind, text)
            if kind == "class":
                yield from _members(module, (*path, node.name), node.body)


# --- Cleaning reST and doctest into Markdown prose ---------------------------------------------

_ROLE = re.compile(r":(?:[\w-]+:)*[\w-]+:`~?!?([^`<]*?)(?:\s*<[^>`]*>)?`")
_DOUBLE_BACKTICKS = re.compile(r"(?<!`)``([^`\n]+)``(?!`)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_DIRECTIVE = re.compile(r"^\.\.\s+([\w:-]+)::\s*(.*)$")
_PROSE_DIRECTIVES = {
    "note": "Note:", "warning": "Warning:", "seealso": "See also:", "tip": "Tip:", "important": "Important:",
    "versionadded": "New in version", "versionchanged": "Changed in version", "deprecated": "Deprecated since version",
    "caution": "Caution:", "hint": "Hint:", "attention": "Attention:", "danger": "Danger:",
}
_FIELD = re.compile(
    r"^:(param|parameter|arg|argument|key|keyword|raises?|except|exception|ivar|cvar|var)\s+"
    r"(?:[\w.\[\], |]+\s+)?(\*{0,2}[\w.]+):\s*(.*)$"
)
_RETURNS = re.compile(r"^:(returns?|yields?|return value):\s*(.*)$")
_TYPE_FIELD = re.compile(r"^:(type|rtype|vartype)\b[^:]*:")
_UNDERLINE = re.compile(r"^\s*([-=^\"'#*+])\1{2,}\s*$")
_WORD = re.compile(r"[A-Za-z][a-z]+(?:'[a-z]+)?[.,;:!?)]*$")


def _clean(raw: str) -> str:  # noqa: C901
    """A docstring as Markdown prose: doctests, reST roles, directives and field lists made plain."""
    if not raw or not raw.strip():
        return ""
    lines = raw.expandtabs(4).splitlines()
    out: list[str] = []
    in_doctest = in_fence = False
    skip_indented = False
    for line in lines:
        stripped = line.strip()
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(stripped if in_fence else stripped[:3])
            continue
        if in_fence:
            out.append(line.rstrip())
            continue
        if stripped.startswith(">>>"):
            in_doctest = True
            continue
        if in_doctest:
            if stripped:
                continue
            in_doctest = False
        if skip_indented:
            if not stripped or line.startswith(" "):
                continue
            skip_indented = False
        directive = _DIRECTIVE.match(stripped)
        if directive and not line.startswith(" "):
            name, argument = directive.group(1).lower(), directive.group(2)
            if name in _PROSE_DIRECTIVES:
                label = _PROSE_DIRECTIVES[name]
                out.append(f"{label} {argument}".strip() + ("." if label.endswith("version") else ""))
            else:
                skip_indented = True  # code-block, autoclass, image, table...: not prose
            continue
        if stripped.startswith(".. "):
            continue  # a reST comment or target
        if _UNDERLINE.match(line) and out and out[-1].strip():
            heading = out.pop().strip()
            out.append(f"**{heading}**")
            continue
        if _TYPE_FIELD.match(stripped):
            continue
        field = _FIELD.match(stripped)
        if field:
            kind, name, text = field.groups()
            verb = "Raises" if kind.startswith(("raise", "except")) else ""
            out.append(f"- {verb + ' ' if verb else ''}`{name}`: {text}".rstrip())
            continue
        returned = _RETURNS.match(stripped)
        if returned:
            out.append(f"{returned.group(1).capitalize().rstrip('s')}s: {returned.group(2)}".rstrip())
            continue
        out.append(line.rstrip())
    text = "\n".join(out)
    text = _ROLE.sub(lambda m: f"`{m.group(1).strip()}`", text)
    text = _DOUBLE_BACKTICKS.sub(r"`\1`", text)
    text = _indent_code_blocks(text)
    text = re.sub(r"(?m)(\S)\s*::$", r"\1:", text)
    text = re.sub(r"(?m)^::$", "", text)
    text = text.replace("[](id:", "[] (id:")  # never an anchor declaration in Waypoint's dialect
    text = re.sub(r"(?m)^(\s*)>([?!])", r"\1\\>\2", text)  # nor a callout
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text if _is_prose(text) else ""


def _indent_code_blocks(text: str) -> str:
    """Indented blocks: code blocks after ``::`` or when they read like code, else plain prose.

    Indented lines right under a line of text continue it (Google-style "Args:" sections, wrapped
    field descriptions), so they are dedented; a separate indented block is a Markdown code block
    (a blank line before it, four spaces deep) only when it follows ``::`` or is not prose.
    """
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line) or not (line.startswith(" ") and line.strip()):
            out.append(line)
            index += 1
            continue
        end = index
        while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
            end += 1
        while end > index and not lines[end - 1].strip():
            end -= 1
        block = lines[index:end]
        previous = next((earlier for earlier in reversed(out) if earlier.strip()), "")
        after_text = bool(out and out[-1].strip())
        in_list = previous.lstrip().startswith(("- ", "* "))
        if previous.rstrip().endswith("::") or (not after_text and not _is_prose("\n".join(block))):
            if out and out[-1].strip():
                out.append("")
            margin = min(len(b) - len(b.lstrip()) for b in block if b.strip())
            out.extend("    " + b[margin:] if b.strip() else "" for b in block)
            out.append("")
        elif in_list and after_text:
            out.extend("    " + b.strip() for b in block if b.strip())
        else:
            out.extend(b.strip() for b in block)
        index = end
    return "\n".join(out)


def _clean_reference(text: str) -> str:
    """A language reference page (Sphinx's text output) as Markdown paragraphs."""
    text = re.sub(r"(?m)^\*+$", "", text)
    return _indent_code_blocks(re.sub(r"\n{3,}", "\n\n", _clean(text) or "")).strip()


def _is_prose(text: str) -> bool:
    """Mostly words, and words of a natural length: not a table, a code listing or an identifier dump."""
    tokens = text.split()
    if len(tokens) < 8:
        return False
    words = [token for token in tokens if _WORD.match(token)]
    if len(words) / len(tokens) < 0.5:
        return False
    average = sum(len(word.rstrip(".,;:!?)")) for word in words) / len(words)
    return 3.0 <= average <= 9.0


# --- Titles, summaries, keywords, pages --------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _words(name: str) -> str:
    """`get_object_or_404` -> "Get object or 404"; dunder names kept as they are."""
    if name.startswith("__"):
        return f"The {name} method"
    words = " ".join(part for part in name.split("_") if part)
    return words[:1].upper() + words[1:] if words else name


def _title(doc: _Doc) -> str:
    if doc.kind == "module":
        return f"The {doc.module} module"
    if doc.kind == "class":
        return f"{doc.name} ({_dotted(doc.module, doc.path)})"
    return f"{_words(doc.name)} ({_dotted(doc.module, doc.path)})"


def _method_heading(doc: _Doc) -> str:
    return ".".join((*doc.path, doc.name)) if doc.kind != "module" else doc.module


def _dotted(module: str, path: tuple[str, ...]) -> str:
    return ".".join(filter(None, (module, *path)))


def _unique(title: str, taken: set[str]) -> str:
    title = title[:240]
    candidate, n = title, 2
    while candidate in taken:
        candidate = f"{title}, variant {n}"
        n += 1
    return candidate


def _first_paragraph(text: str) -> str:
    paragraph = text.split("\n\n", 1)[0]
    return " ".join(paragraph.split())[:400]


def _summary(body: str) -> str:
    """The first sentence of the body's first prose paragraph, at most 300 characters."""
    for paragraph in body.split("\n\n"):
        if paragraph.startswith(("#", "    ", "-", "```")) or len(paragraph.split()) < 4:
            continue
        text = " ".join(re.sub(r"[*`]", "", paragraph).split())
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        if len(sentence) <= 300:
            return sentence
        return sentence[:299].rsplit(" ", 1)[0] + "…"
    return ""


def _keywords(sources: tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case words of the names: "QuerySet", "django.db.models" -> "query", "set", "django", "db"..."""
    out: list[str] = []
    for source in sources:
        for part in re.split(r"[._\s-]+", source):
            for word in _CAMEL.split(part):
                word = word.lower()
                if len(word) > 1 and word not in out:
                    out.append(word)
    return tuple(out[:12])


def _paginate(text: str) -> list[str]:
    """Cut a long text at paragraph breaks into parts of at most ~MAX_BODY characters."""
    if len(text) <= MAX_BODY:
        return [text]
    return _pack(text.split("\n\n"), joiner="\n\n")


def _pack(sections: list[str], joiner: str = "\n\n") -> list[str]:
    """Fill pages of at most ~MAX_BODY characters with whole sections (a longer one is a page of its own, cut)."""
    pages: list[str] = []
    current: list[str] = []
    size = 0
    for section in sections:
        if len(section) > MAX_BODY:
            section = section[:MAX_BODY].rsplit("\n", 1)[0] if "\n" in section[:MAX_BODY] else section[:MAX_BODY]
        if current and size + len(joiner) + len(section) > MAX_BODY:
            pages.append(joiner.join(current))
            current, size = [], 0
        current.append(section)
        size += len(section) + len(joiner)
    if current:
        pages.append(joiner.join(current))
    # A short tail joins the page before it rather than standing alone.
    if len(pages) > 1 and len(pages[-1]) < MIN_BODY:
        tail = pages.pop()
        pages[-1] = pages[-1] + joiner + tail
    return [page.strip() for page in pages if page.strip()]
