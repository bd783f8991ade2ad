"""The Editors and Agents groups: created by migration, with the permissions their jobs need."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal

from tests.factories import make_agent, make_article, make_editor
from tests.tickets.factories import make_ticket
from troubleshooter.roles import ROLE_PERMISSIONS, sync_role_permissions

pytestmark = pytest.mark.django_db


def codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_the_migration_creates_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Agents"}


def test_editors_manage_articles_categories_and_trees_but_not_tickets():
    perms = codenames("Editors")
    assert {"add_article", "change_article", "delete_category", "change_tree", "add_node", "change_branch"} <= perms
    assert {"add_synonym", "change_synonym", "delete_synonym", "view_synonym"} <= perms
    assert not {p for p in perms if "ticket" in p}


def test_agents_work_tickets_and_sessions_but_do_not_edit_content():
    perms = codenames("Agents")
    assert {"view_ticket", "change_ticket", "use_agent_console", "view_session", "view_step", "add_ticketevent"} <= perms
    assert not {"change_article", "add_article", "change_tree", "delete_ticket"} & perms


def test_syncing_again_is_idempotent_and_keeps_additions(django_user_model):
    from django.apps import apps
    from django.contrib.auth.models import Permission

    extra = Permission.objects.get(codename="delete_ticket")
    Group.objects.get(name="Agents").permissions.add(extra)
    sync_role_permissions(apps)
    sync_role_permissions(apps)
    assert Group.objects.filter(name__in=ROLE_PERMISSIONS).count() == 2
    assert "delete_ticket" in codenames("Agents")


class TestTheAdmin:
    def test_an_editor_edits_articles_but_cannot_see_tickets(self, client):
        article = make_article()
        client.force_login(make_editor())
        assert client.get(f"/admin/faq/article/{article.pk}/change/").status_code == 200
        assert client.get("/admin/tickets/ticket/").status_code == 403

    def test_an_agent_sees_tickets_but_cannot_edit_articles(self, client):
        client.force_login(make_agent())
        assert client.get("/admin/tickets/ticket/").status_code == 200
        assert client.get("/admin/faq/article/add/").status_code == 403

    def test_the_ticket_list_filters_and_searches(self, client):
        make_ticket(subject="Find this one", status="open")
        make_ticket(subject="Not this", status="closed")
        client.force_login(make_agent())
        html = client.get("/admin/tickets/ticket/", {"q": "find this", "status__exact": "open"}).content.decode()
        assert "Find this one" in html and "Not this" not in html
        html = client.get("/admin/tickets/ticket/", {"age": "day"}).content.decode()
        assert "Find this one" in html and "Not this" in html

    def test_the_ticket_change_page_shows_the_transcript_escaped(self, client):
        ticket = make_ticket(transcript=[{"prompt": "<b>Q</b>", "answer_label": "A"}])
        client.force_login(make_agent())
        html = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
        assert "&lt;b&gt;Q&lt;/b&gt;" in html


class TestTheAgentConsoleLink:
    def test_agents_see_it_in_the_header(self, client):
        client.force_login(make_agent())
        assert b'href="/agent/">Agent console' in client.get("/").content

    def test_editors_do_not_see_a_link_they_could_not_follow(self, client):
        client.force_login(make_editor())
        assert b'href="/agent/">Agent console' not in client.get("/").content


def test_every_migrate_tops_the_roles_up_with_permissions_of_apps_that_come_later():
    # After a flush or a migrate, Django creates each app's permissions in app order; the roles are
    # synced once the tickets app (after the troubleshooter) has its own.
    Group.objects.filter(name="Agents").delete()
    Permission.objects.filter(content_type__app_label="tickets").delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert {"use_agent_console", "change_ticket", "add_ticketevent"} <= codenames("Agents")
