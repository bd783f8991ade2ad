"""The tree admin's "Draft and versions" page: review and publish the draft, try it, generate its
scenarios, compare, export and roll back versions, and import YAML as the draft.

Views only translate HTTP to versions.py, scenarios.py and treefiles.py; every change is a POST
with CSRF, and needs the permission to change trees (viewing needs the permission to view them).
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from . import engine, scenarios, versions
from .drafts import tree_to_spec
from .models import Tree, TreeVersion
from .treefiles import TreeFileError, dump_spec, import_draft

MAX_IMPORT_BYTES = 1_000_000


class TreeVersionsAdminMixin:
    """Mixed into TreeAdmin: the extra admin URLs under /admin/troubleshooter/tree/<id>/."""

    admin_site: Any
    model: type[Tree]
    # Provided by the ModelAdmin this is mixed into.
    has_change_permission: Any
    has_view_permission: Any

    def version_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/versions/", wrap(self.versions_view), name="troubleshooter_tree_versions"),
            path("<int:pk>/publish/", wrap(require_POST(self.publish_view)), name="troubleshooter_tree_publish"),
            path("<int:pk>/try/", wrap(require_POST(self.try_view)), name="troubleshooter_tree_try"),
            path("<int:pk>/scenarios/", wrap(require_POST(self.scenarios_view)), name="troubleshooter_tree_scenarios"),
            path("<int:pk>/import/", wrap(require_POST(self.import_view)), name="troubleshooter_tree_import"),
            path("<int:pk>/versions/<int:number>/yaml/", wrap(self.yaml_view), name="troubleshooter_tree_yaml"),
            path("<int:pk>/versions/<int:number>/rollback/", wrap(require_POST(self.rollback_view)),
                 name="troubleshooter_tree_rollback"),
        ]

    def _tree(self, request: HttpRequest, pk: int, *, change: bool) -> Tree:
        tree = get_object_or_404(Tree, pk=pk)
        allowed = self.has_change_permission(request, tree) if change else self.has_view_permission(request, tree)
        if not allowed:
            raise PermissionDenied
        return tree

    def _version(self, tree: Tree, number: int) -> TreeVersion:
        version = tree.versions.filter(number=number).first()
        if version is None:
            raise Http404(f"“{tree.slug}” has no version {number}.")
        return version

    def _back(self, tree: Tree) -> HttpResponse:
        return redirect(reverse("admin:troubleshooter_tree_versions", args=[tree.pk]))

    def versions_view(self, request: HttpRequest, pk: int, *, refused: versions.PublishRefused | None = None,
                      status: int = 200) -> HttpResponse:
        """The draft's review, the publish and try buttons, the versions, a comparison and the import form."""
        tree = self._tree(request, pk, change=False)
        draft = tree_to_spec(tree, frozen=True)
        review = versions.review(draft)
        listed = list(tree.versions.filter(preview=False).select_related("author").defer("snapshot"))
        numbers = [v.number for v in listed]
        old, new = _compared(request, numbers)
        comparison = None
        if old is not None and new is not None:
            # "draft" compares with the working draft; a number, with that version.
            specs = {n: (draft if n == "draft" else self._version(tree, int(n)).snapshot) for n in {old, new}}
            comparison = versions.compare(specs[old], specs[new])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": tree,
            "tree": tree,
            "title": f"Draft and versions: {tree.title}",
            "review": review,
            "refused": refused,
            "draft_differs": versions.draft_differs(tree),
            "versions": listed,
            "choices": ["draft", *[str(n) for n in numbers]],
            # Until the editor picks, the form offers "what is live → the draft".
            "old": old or next((str(v.number) for v in listed if v.pk == tree.live_version_id), "draft"),
            "new": new or "draft",
            "comparison": comparison,
            "scenario_count": len(tree.scenarios or []),
            "can_change": self.has_change_permission(request, tree),
        }
        return TemplateResponse(request, "admin/troubleshooter/tree/versions.html", context, status=status)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tree = self._tree(request, pk, change=True)
        try:
            version = versions.publish(
                tree, author=request.user, note=request.POST.get("note", "").strip(),
                acknowledge_warnings=request.POST.get("acknowledge") == "on",
            )
        except versions.PublishRefused as refused:
            return self.versions_view(request, pk, refused=refused, status=400)
        messages.success(request, f"Published version {version.number} of “{tree.title}”: customers get it now.")
        return self._back(tree)

    def try_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tree = self._tree(request, pk, change=False)
        try:
            session = engine.preview_session(tree, user=request.user)
        except engine.AnswerError as problem:
            messages.error(request, problem.message)
            return self._back(tree)
        return redirect(session)

    def scenarios_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tree = self._tree(request, pk, change=True)
        generated = scenarios.generate(tree_to_spec(tree))
        before = len(tree.scenarios or [])
        tree.scenarios = generated
        tree.save(update_fields=["scenarios", "updated_at"])
        messages.success(request, f"Generated {len(generated)} scenarios, one for each path of the draft "
                                  f"(replacing {before}). Remove the ones you do not want to keep in the YAML.")
        return self._back(tree)

    def import_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        tree = self._tree(request, pk, change=True)
        upload = request.FILES.get("yaml")
        if upload is None or (upload.size or 0) > MAX_IMPORT_BYTES:
            messages.error(request, "Choose a YAML tree file (at most 1 MB) to import as the draft.")
            return self._back(tree)
        try:
            import_draft(tree, upload.read().decode("utf-8"))
        except (TreeFileError, UnicodeDecodeError) as problem:
            messages.error(request, f"Nothing was imported: {problem}")
            return self._back(tree)
        messages.success(request, "The file is now the draft. Customers still get the live version until you publish.")
        return self._back(tree)

    def yaml_view(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        tree = self._tree(request, pk, change=False)
        version = self._version(tree, number)
        response = HttpResponse(dump_spec(versions.content(version.snapshot)), content_type="text/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{tree.slug}-v{number}.yaml"'
        return response

    def rollback_view(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        tree = self._tree(request, pk, change=True)
        version = versions.rollback(self._version(tree, number), author=request.user)
        messages.success(request, f"Version {version.number} (a copy of version {number}) is live now.")
        return self._back(tree)


def _compared(request: HttpRequest, numbers: list[int | None]) -> tuple[str | None, str | None]:
    """The two versions ?old=&new= name ("draft" or a number), when both exist."""
    known = {"draft", *(str(n) for n in numbers)}
    old, new = request.GET.get("old"), request.GET.get("new")
    if old in known and new in known:
        return old, new
    return None, None
