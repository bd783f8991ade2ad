"""The staff tree editor: who may use it, the graph and outline, node forms that fit each kind, copies."""
import subprocess
import time

import pytest
from django.urls import reverse

from tests.factories import make_agent, make_article, make_editor
from tests.html_validity import problems
from troubleshooter import tree_graph
from troubleshooter.models import Branch, Node, Tree
from troubleshooter.tree_copy import duplicate_tree
from troubleshooter.validation import problems_by_node

from .editor_factories import make_chain_tree
from .tree_factories import make_tree, simple_spec


@pytest.fixture
def editor(client, db):
    client.force_login(make_editor(username="eddie"))
    return client


@pytest.fixture
def tree(db):
    return make_tree(simple_spec())


def graph_url(tree):
    return reverse("treeeditor:tree", args=[tree.slug])


def node_url(tree, key):
    return reverse("treeeditor:node", args=[tree.slug, key])


def management(prefix, total, initial):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def question_post(node, branches, **fields):
    """The node form's POST for a question: its fields and the given ways out (dicts), existing ones first."""
    data = {"key": node.key, "prompt": node.prompt, "help": node.help, **fields}
    existing = list(node.branches.all())
    data.update(management("branches", len(branches), len(existing)))
    for i, branch in enumerate(branches):
        if i < len(existing):
            data[f"branches-{i}-id"] = str(existing[i].pk)
        data[f"branches-{i}-node"] = str(node.pk)
        for name, value in branch.items():
            data[f"branches-{i}-{name}"] = value
    return data


class TestAccess:
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, tree):
        response = client.get(reverse("treeeditor:trees"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_agents_are_refused(self, client, tree):
        client.force_login(make_agent(username="ann"))
        assert client.get(graph_url(tree)).status_code == 403

    def test_an_unknown_tree_or_node_is_a_404(self, editor, tree):
        assert editor.get("/editor/trees/nope/").status_code == 404
        assert editor.get(node_url(tree, "nope")).status_code == 404


class TestGraph:
    def test_the_graph_links_every_box_to_its_form_and_marks_handovers(self, editor, tree):
        other = make_tree(simple_spec(slug="other", title="Other tree"))
        Branch.objects.filter(node__tree=tree, key="ok").update(target=Node.objects.get(tree=other, key="status"))
        page = editor.get(graph_url(tree)).content.decode()
        assert "<svg" in page and 'xlink:href="/editor/trees/demo/nodes/wait/"' in page
        assert "another tree" in page and 'href="/editor/trees/other/nodes/status/"' in page
        assert '<ol class="editor-outline">' in page  # the outline without JavaScript

    def test_the_outline_shows_a_prompts_words_without_its_markdown(self, editor, tree):
        Node.objects.filter(tree=tree, key="status").update(
            title="", prompt="**Check** the [console](https://console.example.com/sms) for `error_code` 1014")
        page = editor.get(graph_url(tree)).content.decode()
        outline = page[page.index('<ol class="editor-outline">'):]
        assert "Check the console for error_code 1014" in outline
        assert "**" not in outline and "console.example.com" not in outline

    def test_a_problem_is_marked_on_its_box_and_in_the_outline(self, editor, tree):
        Branch.objects.filter(node__tree=tree, node__key="wait").delete()
        page = editor.get(graph_url(tree)).content.decode()
        assert "⚠ 1 problem" in page and 'stroke="#c5221f"' in page
        assert 'class="has-problem"' in page and "It has no way out" in page

    def test_a_rule_with_backslashes_is_drawn_as_written(self, editor, tree):
        Branch.objects.filter(node__tree=tree, node__key="wait").update(
            operator=Branch.Operator.REGEX, value=r"^\d{4}\b", label="")
        page = editor.get(graph_url(tree)).content.decode()
        svg = page[page.index("<svg"):page.index("</svg>")]
        assert r"^\d{4}\b" in svg and "^d{4}b" not in svg

    def test_the_drawing_is_made_once_per_version_of_the_draft(self, editor, tree, monkeypatch):
        calls = []
        real = tree_graph._start_dot
        monkeypatch.setattr(tree_graph, "_start_dot", lambda source: calls.append(1) or real(source))
        editor.get(graph_url(tree))
        editor.get(graph_url(tree))
        assert len(calls) == 1
        Node.objects.filter(tree=tree, key="status").update(prompt="Changed?")
        editor.get(graph_url(tree))
        assert len(calls) == 2

    def test_a_tree_too_slow_to_draw_shows_its_outline_and_says_why_without_waiting(self, editor, tree,
                                                                                    monkeypatch):
        started = []

        def never_done(source):
            started.append(1)
            return subprocess.Popen(["sleep", "30"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)

        monkeypatch.setattr(tree_graph, "_start_dot", never_done)
        monkeypatch.setattr(tree_graph, "DRAW_SECONDS", 0.5)
        begun = time.monotonic()
        page = editor.get(graph_url(tree)).content.decode()
        assert time.monotonic() - begun < 10
        assert "<svg" not in page and "too many crossing ways out to draw" in page
        assert '<ol class="editor-outline">' in page and 'href="/editor/trees/demo/nodes/wait/"' in page
        editor.get(graph_url(tree))  # the same drawing is not tried again on every visit
        assert len(started) == 1

    def test_without_a_working_dot_the_page_says_so_and_shows_the_outline_then_draws_once_it_works(
            self, editor, tree, monkeypatch, caplog):
        monkeypatch.setattr(tree_graph, "DOT", "/nonexistent/dot")
        response = editor.get(graph_url(tree))
        page = response.content.decode()
        assert response.status_code == 200 and "<svg" not in page and "Graphviz failed" in page
        assert '<ol class="editor-outline">' in page and "could not be run" in caplog.text
        monkeypatch.setattr(tree_graph, "DOT", "false")  # runs, and fails
        assert "Graphviz failed" in editor.get(graph_url(tree)).content.decode()
        monkeypatch.undo()
        assert "<svg" in editor.get(graph_url(tree)).content.decode()  # a failure is never cached

    def test_problems_are_split_by_node(self):
        tree_level, per_node = problems_by_node(["The tree has no title.", "Node “a”: it has no prompt."])
        assert tree_level == ["The tree has no title."] and per_node == {"a": ["It has no prompt."]}


class TestNodeForms:
    def test_a_check_node_chooses_its_checker_and_verdicts_from_the_registry(self, editor, db):
        spec = simple_spec()
        spec["nodes"][0]["choices"].append({"key": "check", "label": "Check", "next": "checking"})
        spec["nodes"].append({"key": "checking", "kind": "check", "checker": "delay", "prompt": "Times?", "rules": [
            {"op": "verdict", "value": "api-slow", "next": "out-slow"}, {"op": "default", "next": "out-fine"}]})
        tree = make_tree(spec)
        page = editor.get(node_url(tree, "checking")).content.decode()
        assert '<option value="delay" selected>' in page and '<option value="sig">' in page
        assert '<option value="clocks-differ">' in page and '<option value="api-slow" selected>' in page
        assert 'name="branches-0-key"' not in page  # checks branch on verdicts, not choice keys

    def test_an_outcome_form_has_resolution_and_articles_and_no_ways_out(self, editor, tree):
        make_article(slug="guide", title="A guide")
        page = editor.get(node_url(tree, "out-fine")).content.decode()
        assert 'name="resolution"' in page and 'name="articles"' in page and "branches-TOTAL_FORMS" not in page
        assert "markdownx" in page  # the same live preview as articles

    def test_saving_a_question_reorders_and_deletes_ways_out(self, editor, tree):
        node = Node.objects.get(tree=tree, key="status")
        data = question_post(node, [
            {"label": "Failed", "key": "failed", "target_choice": "wait", "ORDER": "2"},
            {"label": "Successful", "key": "ok", "target_choice": "remarks", "ORDER": "1", "DELETE": "on"},
            {"label": "Not sure", "target_choice": "out-help", "ORDER": "0"},
        ])
        response = editor.post(node_url(tree, "status"), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert [(b.key, b.target.key) for b in node.branches.all()] == [("not-sure", "out-help"), ("failed", "wait")]

    def test_a_way_out_can_add_a_new_node_which_the_graph_then_flags(self, editor, tree):
        node = Node.objects.get(tree=tree, key="status")
        data = question_post(node, [
            {"label": "Failed", "key": "failed", "target_choice": "wait"},
            {"label": "Successful", "key": "ok", "target_choice": "remarks"},
            {"label": "Pending", "target_choice": "__new__", "new_kind": "question"},
        ])
        assert editor.post(node_url(tree, "status"), data).status_code == 302
        new = Node.objects.get(tree=tree, key="status-pending")
        assert new.kind == "question" and new.incoming.get().label == "Pending"
        assert "It has no way out" in editor.get(node_url(tree, "status-pending")).content.decode()

    def test_a_bad_way_out_is_a_400_with_the_reason_beside_it(self, editor, tree):
        node = Node.objects.get(tree=tree, key="status")
        data = question_post(node, [{"label": "Failed", "key": "failed", "target_choice": "__other__",
                                     "other_target": "nowhere:at-all"}, {"label": "Successful", "key": "ok",
                                                                         "target_choice": "remarks"}])
        response = editor.post(node_url(tree, "status"), data)
        assert response.status_code == 400 and "Give an existing step of another tree" in response.content.decode()

    def test_a_node_others_lead_to_cannot_be_deleted(self, editor, tree):
        response = editor.post(reverse("treeeditor:node_delete", args=[tree.slug, "wait"]), follow=True)
        assert "cannot be deleted" in response.content.decode() and Node.objects.filter(key="wait").exists()


class TestNewTrees:
    def test_a_copy_is_a_draft_with_its_own_nodes_and_the_same_handovers(self, tree):
        other = make_tree(simple_spec(slug="other", title="Other tree"))
        Branch.objects.filter(node__tree=tree, key="ok").update(target=Node.objects.get(tree=other, key="status"))
        tree.scenarios = [{"answers": ["ok", "fine"], "outcome": "out-fine"}]
        tree.save()
        copy = duplicate_tree(tree, slug="demo-copy", title="Copy")
        assert copy.status == Tree.Status.DRAFT and copy.nodes.count() == tree.nodes.count()
        assert copy.scenarios == tree.scenarios
        targets = {(b.node.key, b.target.tree.slug, b.target.key) for b in Branch.objects.filter(node__tree=copy)}
        assert ("status", "demo-copy", "wait") in targets and ("status", "other", "status") in targets

    def test_a_copy_has_history_for_every_row_like_a_tree_made_in_the_admin(self, editor, tree):
        response = editor.post(reverse("treeeditor:trees"), {"title": "Copy", "slug": "copy", "source": str(tree.pk)})
        assert response.status_code == 302
        copy = Tree.objects.get(slug="copy")
        nodes, branches = Node.objects.filter(tree=copy), Branch.objects.filter(node__tree=copy)
        created = [copy.history.get()]
        created += [Node.history.get(id=node.pk) for node in nodes]
        created += [Branch.history.get(id=branch.pk) for branch in branches]
        assert len(created) == 1 + tree.nodes.count() + Branch.objects.filter(node__tree=tree).count()
        assert {(h.history_type, h.history_user.username, h.history_change_reason) for h in created} == {
            ("+", "eddie", "Copied from “demo”")}
        first_node = created[1]
        assert first_node.instance.key == nodes.get(pk=first_node.id).key  # the row as it was written

    def test_the_list_starts_a_blank_tree_or_a_copy(self, editor, tree):
        response = editor.post(reverse("treeeditor:trees"), {"title": "Blank", "slug": "blank", "source": ""})
        assert response["Location"] == "/editor/trees/blank/"
        assert list(Node.objects.filter(tree__slug="blank").values_list("key", flat=True)) == ["start"]
        editor.post(reverse("treeeditor:trees"), {"title": "Copy", "slug": "copy", "source": str(tree.pk)})
        assert Node.objects.filter(tree__slug="copy").count() == tree.nodes.count()
        response = editor.post(reverse("treeeditor:trees"), {"title": "Again", "slug": "copy", "source": ""})
        assert response.status_code == 400 and "exists already" in response.content.decode()


class TestCost:
    def test_a_300_node_tree_costs_at_most_10_queries_per_page(self, editor, django_assert_max_num_queries):
        tree = make_chain_tree(300)
        editor.get(graph_url(tree))  # draws once; the drawing is then cached
        with django_assert_max_num_queries(10):
            assert editor.get(graph_url(tree)).status_code == 200
        with django_assert_max_num_queries(10):
            assert editor.get(node_url(tree, "q120")).status_code == 200
        with django_assert_max_num_queries(10):
            assert editor.get(node_url(tree, "out120")).status_code == 200


def test_the_editor_pages_are_valid_html(editor, tree):
    for url in (reverse("treeeditor:trees"), graph_url(tree), node_url(tree, "status"), node_url(tree, "wait"),
                node_url(tree, "out-fine")):
        assert problems(editor.get(url).content.decode()) == [], url


def test_untouched_ways_out_are_kept_and_empty_ones_ignored_as_a_browser_posts_them(editor, tree):
    node = Node.objects.get(tree=tree, key="status")
    blank = {"label": "", "key": "", "target_choice": "", "other_target": "", "new_kind": "", "ORDER": ""}
    unchanged = [{"label": b.label, "key": b.key, "target_choice": b.target.key, "other_target": "", "new_kind": "",
                  "ORDER": str(i + 1)} for i, b in enumerate(node.branches.all())]
    data = question_post(node, [*unchanged, {**blank, "label": "Later", "target_choice": "out-help"}, blank])
    assert editor.post(node_url(tree, "status"), data).status_code == 302
    assert [(b.key, b.target.key) for b in node.branches.all()] == [
        ("failed", "wait"), ("ok", "remarks"), ("later", "out-help")]


def test_renaming_the_start_moves_the_start_and_a_taken_key_is_refused(editor, tree):
    node = Node.objects.get(tree=tree, key="status")
    ways = [{"label": b.label, "key": b.key, "target_choice": b.target.key} for b in node.branches.all()]
    response = editor.post(node_url(tree, "status"), question_post(node, ways, key="wait"))
    assert response.status_code == 400 and "Another step of this tree has this key" in response.content.decode()
    assert editor.post(node_url(tree, "status"), question_post(node, ways, key="first")).status_code == 302
    tree.refresh_from_db()
    assert tree.start_key == "first"
