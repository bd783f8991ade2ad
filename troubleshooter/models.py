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

from .snapshots import SnapshotNode, get_snapshot

# Six characters a customer can read out on the phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
SESSION_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
SESSION_CODE_LENGTH = 6


class TreeQuerySet(models.QuerySet):
    def live(self) -> TreeQuerySet:
        """The trees customers can use: listed by an editor and with a published version."""
        return self.filter(status=Tree.Status.PUBLISHED, live_version__isnull=False)


class Tree(models.Model):
    """A troubleshooter. Its Node and Branch rows are the editors' working draft; customers walk its
    live version (``live_version``), an immutable snapshot made by publishing (versions.py)."""

    class Status(models.TextChoices):
        # The values predate versions; "draft" now means an editor took the tree offline, never that
        # its draft has problems: editing or breaking the draft never hides a live version.
        DRAFT = "draft", "Offline (unpublished by an editor)"
        PUBLISHED = "published", "Live (customers get its live version)"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_key = models.CharField(max_length=80, help_text="Key of the node the tree starts at.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    live_version = models.ForeignKey(
        "TreeVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The published version customers get; changed only by publishing or rolling back.",
    )
    # [{"answers": [...], "outcome": "node-key"}]: checked against the draft before every publish.
    scenarios = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TreeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("troubleshooter:tree", args=[self.slug])

    @property
    def is_published(self) -> bool:
        """Whether customers can use it: listed by an editor, with a live version to walk."""
        return self.status == self.Status.PUBLISHED and self.live_version_id is not None


class TreeVersion(models.Model):
    """One published (or, for "Try this draft", previewed) state of a tree, frozen.

    ``snapshot`` is the tree spec (the YAML files' shape, treefiles.py) plus each node's rendered
    ``prompt_html`` and ``article_ids``: sessions walk it, so no later edit of the draft reaches them.
    Preview snapshots have no number and never become live.
    """

    tree = models.ForeignKey(Tree, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField()
    preview = models.BooleanField(default=False)

    class Meta:
        ordering = ["tree", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tree", "number"], condition=models.Q(number__isnull=False), name="ts_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tree.slug} preview {self.pk}" if self.number is None else f"{self.tree.slug} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("A tree version is immutable; publish a new one instead.")
        super().save(*args, **kwargs)


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
    # The version the session started on: restart goes back to its start, whatever is live since.
    version = models.ForeignKey(TreeVersion, on_delete=models.PROTECT, related_name="sessions")
    # Where the session is: a node key in a version, the same as ``version`` until a handover crosses
    # into another tree's live version.
    current_version = models.ForeignKey(
        TreeVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_key = models.CharField(max_length=80, blank=True)
    # "Try this draft": an editor's session, never counted as a customer's.
    preview = models.BooleanField(default=False)
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

    @property
    def tree_version(self) -> int | None:
        """The number of the version the session started on (None for a preview of a draft)."""
        return get_snapshot(self.version_id).number

    @property
    def current_node_id(self) -> str | None:
        """The current node's identity across versions ("<version id>:<key>"), or None."""
        return f"{self.current_version_id}:{self.current_key}" if self.current_version_id and self.current_key else None

    @property
    def current_node(self) -> SnapshotNode | None:
        """The node the session is at, read from its version's frozen snapshot (cached per process)."""
        if not self.current_version_id or not self.current_key:
            return None
        return get_snapshot(self.current_version_id).node(self.current_key)


class Step(models.Model):
    """One answered question, kept as shown at the time so later tree edits never rewrite it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    # The version whose node ``node_key`` was answered (a handover may change it mid-session).
    version = models.ForeignKey(TreeVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
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

    @property
    def node(self) -> SnapshotNode | None:
        """The node answered, as it was in its version; None for a step recorded before versions."""
        if self.version_id is None:
            return None
        return get_snapshot(self.version_id).node(self.node_key)


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
