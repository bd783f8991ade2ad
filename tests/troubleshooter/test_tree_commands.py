from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from troubleshooter.models import Node, Tree
from troubleshooter.treefiles import read_tree_file, tree_paths

from .tree_factories import make_fixed_articles


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_trees_loads_the_shipped_trees_and_is_idempotent(db):
    make_fixed_articles()
    assert run("load_trees") == "Trees: created 4, updated 0, unchanged 0\n"
    assert run("load_trees") == "Trees: created 0, updated 0, unchanged 4\n"
    assert Tree.objects.filter(status="published").count() == 4


def test_export_then_load_round_trips_an_admin_edit(db, tmp_path):
    make_fixed_articles()
    run("load_trees")
    node = Node.objects.get(tree__slug="slow-api-calls", key="idle-connections")
    node.prompt = "Do connections stay idle for **90 seconds** or longer?"
    node.save()
    run("export_trees", "--out", str(tmp_path))
    exported = {path.name for path in tmp_path.iterdir()}
    assert exported == {"1-sms-not-received.yaml", "2-slow-api-calls.yaml", "3-sms-arrives-late.yaml",
                        "4-api-error-code.yaml"}
    spec = read_tree_file(tmp_path / "2-slow-api-calls.yaml")
    assert next(n for n in spec["nodes"] if n["key"] == "idle-connections")["prompt"].startswith("Do connections stay")
    # The export of the shipped trees says the same as the shipped files.
    for path in tree_paths():
        if path.name != "2-slow-api-calls.yaml":
            assert _normalised(read_tree_file(tmp_path / path.name))["nodes"] == _normalised(read_tree_file(path))["nodes"]
    # The edit was only in the draft; loading the file that holds it publishes it as version 2.
    assert run("load_trees", str(tmp_path)) == "Trees: created 0, updated 1, unchanged 3\n"
    assert Tree.objects.get(slug="slow-api-calls").live_version.number == 2


def _normalised(spec):
    """A spec as the database keeps it: prompts stripped, examples as text, articles in any order."""
    for node in spec["nodes"]:
        if "articles" in node:
            node["articles"] = sorted(node["articles"])
        for field in ("prompt", "help"):
            if field in node:
                node[field] = node[field].strip()
        if node["kind"] == "input":
            node["input"] = {k: str(v) for k, v in node["input"].items()}
    return spec


def test_export_to_standard_output_is_yaml(db):
    make_fixed_articles()
    run("load_trees")
    documents = list(yaml.safe_load_all(run("export_trees", "sms-arrives-late")))
    assert [d["slug"] for d in documents] == ["sms-arrives-late"]


def test_a_broken_tree_file_is_refused_with_its_problems(db, tmp_path):
    (tmp_path / "broken.yaml").write_text("slug: broken\ntitle: Broken\nstart: nowhere\nnodes: []\n")
    with pytest.raises(CommandError, match="start node “nowhere” does not exist"):
        run("load_trees", str(tmp_path / "broken.yaml"))
    with pytest.raises(CommandError, match="No such file"):
        run("load_trees", str(tmp_path / "missing.yaml"))
    (tmp_path / "junk.yaml").write_text("- just\n- a list\n")
    with pytest.raises(CommandError, match="holds one mapping"):
        run("load_trees", str(tmp_path / "junk.yaml"))
    assert not Tree.objects.exists()


def test_exporting_an_unknown_tree_is_an_error(db):
    with pytest.raises(CommandError, match="No tree with slug: nope"):
        run("export_trees", "nope")


def test_a_draft_loaded_from_a_file_goes_live_only_when_published(db, tmp_path):
    make_fixed_articles()
    run("load_trees")
    run("export_trees", "slow-api-calls", "--out", str(tmp_path))
    path = tmp_path / "2-slow-api-calls.yaml"
    path.write_text(path.read_text().replace("Do connections sit idle", "Do the connections sit idle"))
    assert run("load_trees", "--draft", str(path)) == "Trees: created 0, updated 1, unchanged 0\n"
    tree = Tree.objects.get(slug="slow-api-calls")
    assert tree.live_version.number == 1
    assert "Do connections sit idle" in run("export_trees", "slow-api-calls", "--tree-version", "live")
    assert run("publish_tree", "slow-api-calls", "--note", "wording") == "Published slow-api-calls version 2.\n"
    assert "Do the connections sit idle" in run("export_trees", "slow-api-calls", "--tree-version", "2")
    assert run("publish_tree", "slow-api-calls", "--rollback-to", "1") == "Published slow-api-calls version 3.\n"
    assert run("tree_scenarios", "slow-api-calls").endswith("25 of 25 scenarios pass.\n")
