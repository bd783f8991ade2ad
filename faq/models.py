"""The knowledge base: categories, articles, the error codes they cover, and readers' votes."""
from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from . import markdown


class Category(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("faq:category", args=[self.slug])


class ErrorCode(models.Model):
    """An API error code (such as 1014) that one or more articles explain."""

    code = models.CharField(max_length=12, unique=True)

    # Kept by faq.search.index between pre_delete and post_delete, to update the articles it had.
    _search_article_ids: list[int]

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("faq:error", args=[self.code])


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED)

    def anchor_url(self, name: str) -> str | None:
        """Return ``/articles/<slug>/#NAME`` for the article among these that declares anchor NAME, if any."""
        for slug, anchors in self.values_list("slug", "anchors").iterator():
            if name in (anchors or []):
                return reverse("faq:article", args=[slug]) + f"#{markdown.content_id(name)}"
        return None


# The longest article body accepted (the admin and the importer refuse longer ones with a clear
# message). PostgreSQL's tsvector holds at most 1 MB, and a body of ~1.9 MB failed to save with
# "string is too long for tsvector"; this leaves ample room for positions and a text in CJK.
# The longest shipped article is a few thousand characters.
MAX_ARTICLE_BODY_CHARS = 100_000


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=160, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence shown in lists and search results."
    )
    body = MarkdownxField(help_text="Markdown. [](id:NAME) declares an anchor; >? and >! open callouts.")
    body_html = models.TextField(editable=False, default="")
    anchors = models.JSONField(default=list, editable=False, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    error_codes = models.ManyToManyField(ErrorCode, blank=True, related_name="articles")
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated words customers use for this topic."
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within the category.")
    view_count = models.PositiveIntegerField(default=0, editable=False)
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    # Recent human views weighted by how helpful readers found it (faq.popularity), kept up to date
    # when views are written (faq.view_counts.flush) so the home page only sorts by it.
    popularity = models.FloatField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["view_count", "helpful_yes", "helpful_no", "popularity", "body_html"])
    objects = ArticleQuerySet.as_manager()

    # Set by faq.queries.article_for_page: its error codes, in the order pages list them.
    code_list: list[str]

    class Meta:
        ordering = ["category__position", "position", "title"]
        indexes = [models.Index(fields=["status", "-popularity"], name="faq_article_popularity")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "anchors"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("faq:article", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def render(self) -> None:
        """Render the Markdown body once, here, so that no request ever renders it."""
        self.anchors = markdown.declared_anchors(self.body)
        self.body_html = markdown.render(self.body, Article.objects.exclude(pk=self.pk).anchor_url)


class ArticleViews(models.Model):
    """How many people (not bots, not staff) read an article on one day (UTC): "recently read"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField(db_index=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="faq_one_views_row_per_day")]
        verbose_name_plural = "article views"

    def __str__(self) -> str:
        return f"{self.views} views of {self.article_id} on {self.day}"


class Vote(models.Model):
    """One visitor session's answer to "Was this helpful?" on one article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    session_key = models.CharField(max_length=64)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "session_key"], name="faq_one_vote_per_session")
        ]

    def __str__(self) -> str:
        return f"{'Yes' if self.helpful else 'No'} on {self.article}"


# --- Search (faq/search.py) ------------------------------------------------------------------


class SearchDocument(models.Model):
    """The searchable text of one published article, kept in step by faq.search_index.

    A table of its own (rather than columns on Article) so that each database's index lives
    beside plain text the engines can snippet: FTS5 reads it as external content on SQLite,
    and PostgreSQL stores the weighted vector here (see faq.search.backends.postgresql.match).
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    codes = models.TextField(blank=True, help_text="Error codes, space-separated.")
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Summary and plain text of the body.")
    vector = SearchVectorField(null=True, editable=False)
    # The article's meaning as a sentence embedding (faq.search.semantic), and which model made it:
    # vectors of different models cannot be compared, so search uses only the current model's.
    embedding = models.BinaryField(null=True, editable=False)
    # Nullable, so SQLite adds these with ALTER TABLE and keeps migration 0003's FTS5 triggers.
    embedding_model = models.CharField(max_length=100, null=True, blank=True, editable=False)  # noqa: DJ001
    indexed_at = models.DateTimeField(null=True, db_index=True, editable=False)

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """One word of the published articles: the vocabulary typo correction picks from."""

    word = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return self.word


class Synonym(models.Model):
    """A group of words or phrases customers use for the same thing; search treats them alike."""

    words = models.CharField(
        max_length=300,
        unique=True,
        help_text="Comma-separated words or phrases that mean the same, e.g. “blacklist, blocklist”.",
    )

    class Meta:
        ordering = ["words"]

    def __str__(self) -> str:
        return self.words

    @property
    def terms(self) -> list[str]:
        return [term.strip().lower() for term in self.words.split(",") if term.strip()]


class SearchLog(models.Model):
    """One search someone ran, how many articles it found, and which one they opened."""

    class Source(models.TextChoices):
        PAGE = "page", "Search page"
        API = "api", "API"

    query = models.CharField(max_length=200, db_index=True)
    result_count = models.PositiveIntegerField()
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.PAGE)
    clicked_article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the opened result stood (1 = first), so no-click searches and low clicks can be counted
    # and real queries with their chosen article can grow the relevance set.
    clicked_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    # When a ticket was first filed through this search's results page ("Contact support" there):
    # a time only, never which ticket, so a search cannot be traced to a customer (faq.search.followup).
    ticket_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["result_count", "query"], name="faq_searchlog_zero")]

    def __str__(self) -> str:
        return f"{self.query!r} ({self.result_count})"
