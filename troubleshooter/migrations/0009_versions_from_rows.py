"""Version 1 of every tree from its rows, and every session and step pinned to a version.

A tree published before versions gets version 1, made live. A tree still in draft gets a version
only when sessions need one (not live: an editor never published it). Sessions keep their node by
key in that version; steps keep the version of the tree they were answered in. The snapshot is
built here from the historical rows, not by the app's code, so this migration never changes later.
"""
from django.db import migrations

NOTE = "version 1: the tree as it was when versions were introduced"


def _node_spec(tree, node):  # noqa: C901
    spec = {"key": node.key, "kind": node.kind, "prompt": node.prompt}
    if node.help:
        spec["help"] = node.help
    if node.kind == "input":
        spec["input"] = {"type": node.input_type, "label": node.input_label}
        if node.input_example:
            spec["input"]["example"] = node.input_example
    if node.kind == "check":
        spec["checker"] = node.checker
        if node.input_example:
            spec["input"] = {"example": node.input_example}
    if node.kind == "outcome":
        spec["title"] = node.title
        spec["resolution"] = node.resolution
    articles = list(node.articles.order_by("pk"))
    if articles:
        spec["articles"] = [article.slug for article in articles]
    ways = []
    for branch in node.branches.order_by("position", "pk"):
        target = branch.target
        nxt = target.key if target.tree_id == tree.pk else f"{target.tree.slug}:{target.key}"
        if node.kind == "question":
            ways.append({"key": branch.key, "label": branch.label, "next": nxt})
        else:
            rule = {"op": branch.operator}
            if branch.value:
                rule["value"] = branch.value
            if branch.label:
                rule["label"] = branch.label
            if branch.carry:
                rule["carry"] = branch.carry
            rule["next"] = nxt
            ways.append(rule)
    if ways:
        spec["choices" if node.kind == "question" else "rules"] = ways
    spec["prompt_html"] = node.prompt_html
    spec["article_ids"] = [article.pk for article in articles]
    return spec


def forwards(apps, schema_editor):
    Tree = apps.get_model("troubleshooter", "Tree")
    TreeVersion = apps.get_model("troubleshooter", "TreeVersion")
    Session = apps.get_model("troubleshooter", "Session")
    Step = apps.get_model("troubleshooter", "Step")
    versions = {}

    def version_of(tree):
        if tree.pk not in versions:
            nodes = tree.nodes.order_by("position", "key")
            snapshot = {
                "slug": tree.slug, "title": tree.title, "description": tree.description, "position": tree.position,
                "start": tree.start_key, "nodes": [_node_spec(tree, node) for node in nodes],
            }
            versions[tree.pk] = TreeVersion.objects.create(tree=tree, number=1, note=NOTE, snapshot=snapshot)
        return versions[tree.pk]

    for tree in Tree.objects.filter(status="published"):
        tree.live_version = version_of(tree)
        tree.save(update_fields=["live_version"])
    trees = {tree.pk: tree for tree in Tree.objects.all()}
    by_slug = {tree.slug: tree for tree in trees.values()}
    for session in Session.objects.select_related("current_node"):
        session.version = version_of(trees[session.tree_id])
        node = session.current_node
        if node is not None:
            session.current_version = version_of(trees[node.tree_id])
            session.current_key = node.key
        session.save(update_fields=["version", "current_version", "current_key"])
    for step in Step.objects.select_related("node"):
        tree = trees.get(step.node.tree_id) if step.node_id else by_slug.get(step.tree_slug)
        if tree is not None:
            step.version = version_of(tree)
            step.save(update_fields=["version"])


def backwards(apps, schema_editor):
    Session = apps.get_model("troubleshooter", "Session")
    Step = apps.get_model("troubleshooter", "Step")
    Node = apps.get_model("troubleshooter", "Node")
    for session in Session.objects.all():
        if session.current_version_id:
            tree_id = session.current_version.tree_id
            session.current_node = Node.objects.filter(tree_id=tree_id, key=session.current_key).first()
            session.save(update_fields=["current_node"])
    for step in Step.objects.exclude(version=None):
        step.node = Node.objects.filter(tree_id=step.version.tree_id, key=step.node_key).first()
        step.save(update_fields=["node"])


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0008_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
