import pytest

from troubleshooter.models import Branch, Node, Tree

from .tree_factories import make_fixed_articles, make_tree, simple_spec


@pytest.fixture
def tree(db):
    make_fixed_articles()
    return make_tree(simple_spec())


def _tree_form(tree, **changes):
    data = {
        "title": tree.title, "slug": tree.slug, "description": tree.description, "start_key": tree.start_key,
        "status": tree.status, "position": tree.position,
        "nodes-TOTAL_FORMS": "0", "nodes-INITIAL_FORMS": "0", "nodes-MIN_NUM_FORMS": "0", "nodes-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_the_tree_page_shows_nodes_inline_and_validation(admin_client, tree):
    page = admin_client.get(f"/admin/troubleshooter/tree/{tree.pk}/change/").content.decode()
    assert "No problems: this draft can be published." in page
    assert f"/admin/troubleshooter/tree/{tree.pk}/versions/" in page and "Customers get version 1." in page
    assert "nodes-0-prompt" in page


def test_a_valid_edit_stays_published_and_is_kept_in_history(admin_client, tree):
    before = tree.history.count()
    response = admin_client.post(f"/admin/troubleshooter/tree/{tree.pk}/change/", _tree_form(tree, title="Renamed"))
    assert response.status_code == 302
    tree.refresh_from_db()
    assert tree.title == "Renamed" and tree.is_published
    assert tree.history.count() == before + 1


def test_breaking_the_draft_never_takes_the_live_version_offline(admin_client, client, tree):
    response = admin_client.post(
        f"/admin/troubleshooter/tree/{tree.pk}/change/", _tree_form(tree, start_key="nowhere"), follow=True
    )
    tree.refresh_from_db()
    assert tree.start_key == "nowhere" and tree.is_published and tree.live_version.number == 1
    assert "Customers still get the live version, unchanged." in response.content.decode()
    assert client.get("/troubleshoot/demo/").status_code == 200
    assert client.post("/troubleshoot/demo/").status_code == 302


def test_a_node_edit_that_breaks_the_draft_keeps_the_tree_live(admin_client, tree):
    node = Node.objects.get(tree=tree, key="wait")
    branches = list(node.branches.all())
    data = {
        "tree": tree.pk, "key": "wait", "kind": "input", "position": node.position, "prompt": node.prompt, "help": "",
        "input_type": "duration", "input_label": "Delay", "input_example": "5 min", "checker": "", "title": "",
        "resolution": "",
        "branches-TOTAL_FORMS": "2", "branches-INITIAL_FORMS": "2", "branches-MIN_NUM_FORMS": "0",
        "branches-MAX_NUM_FORMS": "1000",
    }
    for i, branch in enumerate(branches):
        data.update({
            f"branches-{i}-id": branch.pk, f"branches-{i}-node": node.pk, f"branches-{i}-position": i,
            f"branches-{i}-key": "", f"branches-{i}-label": branch.label, f"branches-{i}-operator": branch.operator,
            f"branches-{i}-value": "15 min" if i == 1 else branch.value, f"branches-{i}-target": branch.target_id,
        })
    response = admin_client.post(f"/admin/troubleshooter/node/{node.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Branch.objects.get(pk=branches[1].pk).value == "15 min"
    tree.refresh_from_db()
    assert tree.status == Tree.Status.PUBLISHED and tree.live_version.number == 1


def test_the_admin_needs_a_staff_login(client, tree):
    assert client.get(f"/admin/troubleshooter/tree/{tree.pk}/change/").status_code == 302
