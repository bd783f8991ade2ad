"""The tree editor's forms: a node form that fits each kind, its ways out as a formset, and new trees.

Everything is chosen from lists rather than typed: checkers from the registry, verdicts from the
chosen checker's own list, targets from this tree's nodes by their prompt, "another tree…" (then
``tree-slug:node-key``) or "a new node…" (created on save). The forms work without JavaScript.
"""
from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.models import inlineformset_factory
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdownx.widgets import MarkdownxWidget

from checkers import all_checkers, get_checker
from faq.models import Article

from . import rules
from .models import Branch, Node, Tree
from .tree_graph import short_text

OTHER_TREE = "__other__"
NEW_NODE = "__new__"
KIND_FIELDS = {
    Node.Kind.QUESTION: ("key", "prompt", "help"),
    Node.Kind.INPUT: ("key", "prompt", "help", "input_type", "input_label", "input_example"),
    Node.Kind.CHECK: ("key", "prompt", "help", "checker", "input_example"),
    Node.Kind.OUTCOME: ("key", "title", "resolution", "prompt", "articles"),
}


class NodeForm(forms.ModelForm):
    checker = forms.ChoiceField(required=False, help_text="The check this step runs on what the customer enters.")

    class Meta:
        model = Node
        fields = ("key", "title", "resolution", "prompt", "help", "input_type", "input_label", "input_example",
                  "checker", "articles")
        widgets = {"prompt": MarkdownxWidget(attrs={"rows": 8}), "help": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "prompt": "Markdown, with a live preview. For an outcome: what the customer should do.",
            "key": "A short name for this step, unique in the tree (letters, digits and hyphens).",
            "input_example": "A value this step accepts, shown to the customer as an example.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = KIND_FIELDS[self.instance.kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "checker" in self.fields:
            checkers = [(c.name, f"{c.title} ({c.name})") for c in all_checkers()]
            cast(forms.ChoiceField, self.fields["checker"]).choices = checkers
            self.fields["checker"].required = True
        if "articles" in self.fields:
            articles = cast(forms.ModelMultipleChoiceField, self.fields["articles"])
            articles.widget = forms.CheckboxSelectMultiple()
            # Set after the widget: the queryset setter hands the choices to the widget in place.
            articles.queryset = Article.objects.only("pk", "title").order_by("title")
            self.fields["articles"].help_text = "Articles offered with this outcome."
        for name in ("input_type", "resolution", "title"):
            if name in self.fields:
                self.fields[name].required = True

    def clean_key(self) -> str:
        # The (tree, key) constraint is not checked by the ModelForm, as the tree is not one of its fields.
        key = self.cleaned_data["key"]
        if Node.objects.filter(tree_id=self.instance.tree_id, key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another step of this tree has this key; choose another.")
        return key


def target_choices(tree: Tree, nodes: list[Node]) -> list[tuple[str, str]]:
    """This tree's nodes by what they ask, then "another tree…" and "a new node…"."""
    return [("", "— choose where it leads —")] + [
        (node.key, f"{node.key}: {short_text(node.title or node.prompt, 60, 1)}") for node in nodes
    ] + [(OTHER_TREE, "Another tree… (give it below)"), (NEW_NODE, "A new node… (created on save)")]


class QuickSelect(forms.Select):
    """A select drawn in one pass instead of a template per option: each way out of a node in a
    300-node tree lists all 300 nodes, which Django's option templates took most of a second to draw."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = str((value[0] if value else "") if isinstance(value, (list, tuple)) else (value or ""))
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (key, mark_safe(" selected") if str(key) == chosen else "", label) for key, label in self.choices))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)


class BranchForm(forms.ModelForm):
    target_choice = forms.ChoiceField(label="Leads to", required=False, widget=QuickSelect)
    other_target = forms.CharField(
        label="Other tree's step", required=False, max_length=170,
        help_text="Only for “another tree…”: the tree's slug and the step's key, as slow-api-calls:dns-private.")
    # An empty first choice, so an untouched extra way out posts nothing and counts as unchanged.
    new_kind = forms.ChoiceField(label="Kind of the new node", required=False,
                                 choices=[("", "— (a question) —"), *Node.Kind.choices],
                                 help_text="Only for “a new node…”.")

    class Meta:
        model = Branch
        fields = ("key", "label", "operator", "value", "carry")

    def __init__(self, *args: Any, node: Node, tree: Tree, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node, self.tree = node, tree
        cast(forms.ChoiceField, self.fields["target_choice"]).choices = choices
        target = self.instance.target if self.instance.pk else None
        if target is not None:
            in_tree = target.tree_id == tree.pk
            self.initial["target_choice"] = target.key if in_tree else OTHER_TREE
            if not in_tree:
                self.initial["other_target"] = f"{target.tree.slug}:{target.key}"
        self.fields["label"].required = node.kind == Node.Kind.QUESTION
        if node.kind == Node.Kind.QUESTION:
            for name in ("operator", "value", "carry"):
                del self.fields[name]
            self.fields["key"].required = False
            self.fields["key"].help_text = "Left empty, it is made from the label."
            self.fields["label"].help_text = "The button the customer presses."
            return
        del self.fields["key"]
        if "carry" in self.fields:
            self.fields["carry"].help_text = "Optional: a result field (as error_code) that answers the next input."
        if node.kind == Node.Kind.CHECK:
            checker = get_checker(node.checker)
            operator = cast(forms.ChoiceField, self.fields["operator"])
            operator.choices = [("verdict", "The check's verdict is"), ("default", "Otherwise")]
            verdicts = [(v, f"{checker.verdict_label(v)} ({v})") for v in checker.verdicts] if checker else []
            self.fields["value"] = forms.ChoiceField(label="Verdict", required=False,
                                                     choices=[("", "—")] + verdicts,
                                                     help_text="Leave empty for “Otherwise”.")
        else:
            del self.fields["carry"]
            allowed = rules.OPERATORS_FOR_TYPE.get(node.input_type, ())
            cast(forms.ChoiceField, self.fields["operator"]).choices = [
                (op, label) for op, label in Branch.Operator.choices if op in allowed or op == "default"
            ]
        self.fields["label"].help_text = "Optional: how this rule reads in the transcript and on the graph."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (not self.has_changed() and not self.instance.pk) or data.get("DELETE"):
            return data
        choice = data.get("target_choice")
        if not choice:
            self.add_error("target_choice", "Choose where this way out leads.")
        elif choice == OTHER_TREE:
            data["target_node"] = self._other_tree_node(str(data.get("other_target") or ""))
        elif choice != NEW_NODE:
            data["target_node"] = choice
        if self.node.kind == Node.Kind.QUESTION and not data.get("key") and data.get("label"):
            data["key"] = slugify(data["label"])[:80] or "choice"
        if self.node.kind == Node.Kind.CHECK and data.get("operator") == "verdict" and not data.get("value"):
            self.add_error("value", "Choose the verdict this rule is for.")
        return data

    def _other_tree_node(self, text: str) -> Node | None:
        slug, _, key = text.strip().partition(":")
        found = Node.objects.select_related("tree").filter(tree__slug=slug, key=key).first() if key else None
        if found is None:
            self.add_error("other_target", "Give an existing step of another tree as tree-slug:node-key.")
        return found


BranchFormSet = inlineformset_factory(
    Node, Branch, fk_name="node", form=BranchForm, fields=("key", "label", "operator", "value", "carry"),
    extra=2, can_delete=True, can_order=True,
)


class NewTreeForm(forms.Form):
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=80,
                           help_text="The last part of the tree's address, as in /troubleshoot/sms-arrives-late/.")
    source = forms.ModelChoiceField(queryset=Tree.objects.order_by("title"), required=False,
                                    empty_label="Blank (one question to start from)", label="Start from")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Tree.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A tree with this slug exists already; choose another.")
        return slug


class NewNodeForm(forms.Form):
    key = forms.SlugField(max_length=80, label="Key of the new node")
    kind = forms.ChoiceField(choices=Node.Kind.choices)
