"""Admin for the knowledge base: editing with a live preview, drafts, history with restore, and feedback."""
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.core.validators import MaxLengthValidator
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from common.admin_search import CappedSearchMixin

from .admin_history import WholeLinesContextHelper, change_reason, keep_status_form, restore_reason
from .models import MAX_ARTICLE_BODY_CHARS, Article, Category, ErrorCode, Vote

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class _PublishedCount(TypedDict):  # CategoryAdmin's annotation
        published_count: int

    class _NumArticles(TypedDict):  # ErrorCodeAdmin's annotation
        num_articles: int


@admin.register(Category)
class CategoryAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "position", "published_articles"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest):
        published = Q(articles__status=Article.Status.PUBLISHED)
        return super().get_queryset(request).annotate(published_count=Count("articles", filter=published))

    @admin.display(description="Published articles", ordering="published_count")
    def published_articles(self, category: "WithAnnotations[Category, _PublishedCount]") -> int:
        return category.published_count


@admin.register(ErrorCode)
class ErrorCodeAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "article_count"]
    search_fields = ["code"]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, code: "WithAnnotations[ErrorCode, _NumArticles]") -> int:
        return code.num_articles


class VoteInline(admin.TabularInline):
    """The readers' answers and comments on this article, newest first, read-only."""

    model = Vote
    extra = 0
    can_delete = False
    fields = ("created_at", "helpful", "comment")
    readonly_fields = fields
    ordering = ["-created_at"]
    verbose_name = "reader feedback"
    verbose_name_plural = "reader feedback"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    """Refuses a title another article already has: readers, search results and the ticket's
    "articles the customer saw" could not tell the two apart."""

    class Meta:
        model = Article
        fields = ["title", "slug", "category", "status", "summary", "body", "error_codes", "keywords", "position"]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        twin = Article.objects.filter(title__iexact=title).exclude(pk=self.instance.pk).only("title", "status").first()
        if twin is not None:
            raise forms.ValidationError(
                "Another article (%(status)s) is already called “%(title)s”. Give this one a title that says "
                "how it differs, or edit that article instead.",
                code="duplicate_title",
                params={"title": twin.title, "status": twin.get_status_display().lower()},
            )
        return title


@admin.register(Article)
class ArticleAdmin(CappedSearchMixin, SimpleHistoryAdmin, MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title", "category", "status", "codes", "view_count", "helpful_yes", "helpful_no", "helpful_share",
        "updated_at",
    ]
    list_filter = ["status", "category", ("error_codes", admin.RelatedOnlyFieldListFilter), "updated_at"]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "summary", "keywords", "error_codes__code", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["error_codes"]
    readonly_fields = ["view_count", "helpful_yes", "helpful_no", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "status", "summary"]}),
        ("Body", {"fields": ["body"]}),
        ("Finding it", {"fields": ["error_codes", "keywords", "position"]}),
        ("Readers", {"fields": ["view_count", "helpful_yes", "helpful_no", "created_at", "updated_at"]}),
    ]
    inlines = [VoteInline]
    actions = ["publish", "unpublish"]
    history_list_display = ["status"]

    class Media:
        css = {"all": ["faq/admin-preview.css"]}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).prefetch_related("error_codes")

    # --- History: whole changed lines, real reasons, and a restore that keeps the current status ---

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record):
        return WholeLinesContextHelper(self.model, historical_record)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        current = Article.objects.filter(pk=object_id).only("status").first()
        version = Article.history.filter(id=object_id, history_id=version_id).only("status", "history_date").first()
        if current is not None and version is not None:
            # Read by get_form and save_model during this request.
            request._restoring = (current, version)  # type: ignore[attr-defined]
            if request.method == "GET" and version.status != current.status:
                messages.warning(request, format_html(
                    "This version was <strong>{}</strong>; the article is <strong>{}</strong> now. Restoring "
                    "brings back its text and keeps it {} unless you change Status below.",
                    Article.Status(version.status).label, current.get_status_display(),
                    current.get_status_display(),
                ))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        restoring = getattr(request, "_restoring", None)
        return keep_status_form(form, restoring[0].status) if restoring else form

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        restoring = getattr(request, "_restoring", None)
        if restoring:
            current, version = restoring
            kept = obj.get_status_display() if obj.status == current.status else None
            obj._change_reason = restore_reason(version.history_date, kept)  # type: ignore[attr-defined]
        elif change:
            labels = {name: str(field.label) for name, field in form.fields.items()}
            obj._change_reason = change_reason(form.changed_data, labels)  # type: ignore[attr-defined]
        else:
            obj._change_reason = "Created in the admin."  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            # A form error the editor can act on, rather than the search index failing on save.
            field.validators.append(MaxLengthValidator(
                MAX_ARTICLE_BODY_CHARS,
                message=f"An article may be at most {MAX_ARTICLE_BODY_CHARS:,} characters long; this one has "
                "%(show_value)s. Split it into several articles.",
            ))
        return field

    @admin.display(description="Error codes")
    def codes(self, article: Article) -> str:
        return ", ".join(code.code for code in article.error_codes.all())

    @admin.display(description="Found helpful")
    def helpful_share(self, article: Article) -> str:
        votes = article.helpful_yes + article.helpful_no
        return f"{round(100 * article.helpful_yes / votes)} %" if votes else "–"

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, Article.Status.PUBLISHED)

    @admin.action(description="Turn the selected articles back into drafts", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, Article.Status.DRAFT)

    def _set_status(self, request: HttpRequest, queryset, status: str) -> None:
        changed = 0
        # One save per article, not queryset.update(), so each change is kept in the history.
        label = Article.Status(status).label.lower()
        for article in queryset.exclude(status=status):
            article.status = status
            article._change_reason = f"Status set to {label} from the article list."
            article.save()
            changed += 1
        self.message_user(request, f"{changed} article(s) now {label}.", messages.SUCCESS)


@admin.register(Vote)
class VoteAdmin(CappedSearchMixin, admin.ModelAdmin):
    list_display = ["article", "helpful", "comment", "created_at"]
    list_filter = ["helpful", "article__category", "created_at"]
    list_select_related = ["article"]
    search_fields = ["comment", "article__title"]
    date_hierarchy = "created_at"
    readonly_fields = ["article", "session_key", "helpful", "comment", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


from .search import admin as search_admin  # noqa: E402,F401 (registers the search models)
