"""Moving Ticket and TicketEvent into the tickets app changes their owner, never their rows."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tickets.models import Ticket, TicketEvent
from troubleshooter.roles import AGENTS

BEFORE_THE_MOVE = [("troubleshooter", "0005_branch_carry")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_tickets_and_their_events_survive_the_move_to_the_tickets_app():
    leaves = latest()
    executor = migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE).apps
    OldTree = old_apps.get_model("troubleshooter", "Tree")
    OldSession = old_apps.get_model("troubleshooter", "Session")
    OldTicket = old_apps.get_model("troubleshooter", "Ticket")
    OldTicketEvent = old_apps.get_model("troubleshooter", "TicketEvent")
    tree = OldTree.objects.create(slug="sms", title="SMS", start_key="start")
    session = OldSession.objects.create(tree=tree, code="ACDEFG")
    old = OldTicket.objects.create(
        reference="WP-ACDEFG", access_token="token-1", name="Ana", email="ana@example.com",
        subject="No SMS", description="Nothing arrived.", session=session, tree_slug="sms",
        transcript=[{"node_key": "start", "answer_label": "No"}], status="open",
    )
    OldTicketEvent.objects.create(ticket=old, kind="status", old_status="new", new_status="open")
    OldTicketEvent.objects.create(ticket=old, kind="note", text="Called the customer.")

    migrate(leaves)

    ticket = Ticket.objects.get(reference="WP-ACDEFG")
    assert (ticket.pk, ticket.access_token, ticket.name, ticket.status) == (old.pk, "token-1", "Ana", "open")
    assert ticket.session_id == session.pk and ticket.transcript == [{"node_key": "start", "answer_label": "No"}]
    events = list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", "new_status", "text"))
    assert events == [("status", "open", ""), ("note", "", "Called the customer.")]


def test_the_agents_keep_their_ticket_permissions_through_the_move():
    leaves = latest()
    executor = migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE).apps
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    OldPermission = old_apps.get_model("auth", "Permission")
    OldGroup = old_apps.get_model("auth", "Group")
    content_type, _ = OldContentType.objects.get_or_create(app_label="troubleshooter", model="ticket")
    console, _ = OldPermission.objects.get_or_create(
        content_type=content_type, codename="use_agent_console", defaults={"name": "Can use the agent console"}
    )
    OldGroup.objects.get_or_create(name=AGENTS)[0].permissions.add(console)

    migrate(leaves)

    ContentType.objects.clear_cache()
    assert not ContentType.objects.filter(app_label="troubleshooter", model__in=["ticket", "ticketevent"]).exists()
    moved = Permission.objects.get(content_type__app_label="tickets", codename="use_agent_console")
    assert moved.pk == console.pk
    assert Group.objects.get(name=AGENTS).permissions.filter(pk=moved.pk).exists()
