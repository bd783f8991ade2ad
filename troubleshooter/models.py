"""Troubleshooting trees, the sessions customers walk through them, and each step they take."""
from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from faq.markdown import render

# Six characters a customer can read out on the phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
SESSION_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
SESSION_CODE_LENGTH = 6


class Tree(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_key = models.CharField(max_length=80, help_text="Key of the node the tree starts at.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("troubleshooter:tree", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Node(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        INPUT = "input", "Input"
        CHECK = "check", "Check"
        OUTCOME = "outcome", "Outcome"

    class InputType(models.TextChoices):
        NUMBER = "number", "Number"
        DURATION = "duration", "Duration"
        DATETIME = "datetime", "Date and time"
        TEXT = "text", "Text"

    class Resolution(models.TextChoices):
        SOLVED = "solved", "Solved"
        ESCALATE = "escalate", "Escalate"

    tree = models.ForeignKey(Tree, on_delete=models.CASCADE, related_name="nodes")
    key = models.SlugField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    prompt = models.TextField(help_text="Markdown: the question, or the outcome's body.")
    prompt_html = models.TextField(editable=False, default="")
    help = models.TextField(blank=True)
    # input nodes
    input_type = models.CharField(max_length=10, choices=InputType.choices, blank=True)
    input_label = models.CharField(max_length=200, blank=True)
    input_example = models.CharField(max_length=500, blank=True)
    # check nodes
    checker = models.CharField(max_length=40, blank=True)
    # outcome nodes
    title = models.CharField(max_length=200, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    articles = models.ManyToManyField("faq.Article", blank=True, related_name="troubleshooter_nodes")
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["tree", "position", "key"]
        constraints = [models.UniqueConstraint(fields=["tree", "key"], name="ts_node_key_unique_in_tree")]

    def __str__(self) -> str:
        return f"{self.tree.slug}:{self.key}"

    def save(self, *args, **kwargs) -> None:
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "prompt" in update_fields:
            kwargs["update_fields"] = {*update_fields, "prompt_html"}
        super().save(*args, **kwargs)

    def render(self) -> None:
        """Render the prompt once, on save, through the knowledge base's renderer (sanitised)."""
        self.prompt_html = render(self.prompt)


class Branch(models.Model):
    """A way out of a node: a choice's button, an input rule, or a checker verdict."""

    class Operator(models.TextChoices):
        CHOICE = "choice", "Choice"
        LESS_THAN = "lt", "Less than"
        AT_MOST = "lte", "At most"
        MORE_THAN = "gt", "More than"
        AT_LEAST = "gte", "At least"
        BETWEEN = "between", "Between (inclusive, 'low..high')"
        EQUALS = "eq", "Equals"
        KEYWORDS = "keywords", "Contains any keyword (comma-separated)"
        REGEX = "regex", "Matches regular expression"
        VERDICT = "verdict", "Checker verdict is"
        DEFAULT = "default", "Otherwise"

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="branches")
    position = models.PositiveIntegerField(default=0)
    key = models.SlugField(max_length=80, blank=True, help_text="Choice key (questions only).")
    label = models.CharField(max_length=200, blank=True)
    operator = models.CharField(max_length=10, choices=Operator.choices, default=Operator.CHOICE)
    value = models.CharField(max_length=500, blank=True)
    carry = models.CharField(
        max_length=40,
        blank=True,
        help_text="Check rules only: a field of the check's result (such as error_code) that answers the next "
        "node, an input, automatically, so the customer is not asked for what the check already read.",
    )
    # A target may be a node of another tree: that is how one tree hands over to the next.
    target = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="incoming")

    history = HistoricalRecords()

    class Meta:
        ordering = ["node", "position", "pk"]
        verbose_name_plural = "branches"

    def __str__(self) -> str:
        return f"{self.node} → {self.target}"


def new_session_code() -> str:
    return "".join(secrets.choice(SESSION_CODE_ALPHABET) for _ in range(SESSION_CODE_LENGTH))


class Session(models.Model):
    """One walk through a troubleshooter, shareable by its URL and by its short code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=SESSION_CODE_LENGTH, unique=True, default=new_session_code)
    tree = models.ForeignKey(Tree, on_delete=models.PROTECT, related_name="sessions")
    current_node = models.ForeignKey(Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    finished = models.BooleanField(default=False)
    # The customer's answer to "Did this solve it?" on the outcome: None until they say.
    solved = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.tree.slug})"

    def get_absolute_url(self) -> str:
        return reverse("troubleshooter:session", args=[self.id])


class Step(models.Model):
    """One answered question, kept as shown at the time so later tree edits never rewrite it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    node = models.ForeignKey(Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    node_key = models.CharField(max_length=80)
    tree_slug = models.CharField(max_length=80)
    prompt = models.TextField()
    answer_key = models.CharField(max_length=80, blank=True)
    answer_label = models.TextField()
    answer_value = models.JSONField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # Back and restart drop steps from the transcript but keep them, timed, for analytics.
    dropped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"],
                condition=models.Q(dropped_at__isnull=True),
                name="ts_step_position_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session.code} #{self.position}: {self.node_key}"


class ArticleRead(models.Model):
    """An article the customer opened from their session (through the session's read link), first open kept."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="article_reads")
    article = models.ForeignKey("faq.Article", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "opened_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "article"], name="ts_article_read_unique")]

    def __str__(self) -> str:
        return f"{self.session.code} read {self.article_id}"
