"""Ticket and TicketEvent join this app in Django's state only: their tables already exist.

They were created by troubleshooter's 0003_tickets and keep their names (``db_table``), so nothing
in the database changes; troubleshooter's 0006 removes them from that app's state.
"""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import tickets.models

STATUS_CHOICES = [("new", "New"), ("open", "Open"), ("waiting", "Waiting for customer"), ("closed", "Closed")]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("troubleshooter", "0005_branch_carry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Ticket",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reference", models.CharField(default=tickets.models.new_ticket_reference, editable=False, max_length=12, unique=True)),
                ("access_token", models.CharField(default=tickets.models.new_ticket_token, editable=False, max_length=40, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("email", models.EmailField(max_length=254)),
                ("phone", models.CharField(blank=True, help_text="E.164, e.g. +8613800138000.", max_length=20)),
                ("subject", models.CharField(max_length=200)),
                ("description", models.TextField(max_length=5000)),
                ("tree_slug", models.CharField(blank=True, db_index=True, editable=False, max_length=80)),
                ("transcript", models.JSONField(blank=True, default=list, editable=False)),
                ("outcome", models.CharField(blank=True, editable=False, help_text="The outcome reached, if any.", max_length=200)),
                ("articles", models.JSONField(blank=True, default=list, editable=False, help_text="Articles the customer was shown: [{title, url}].")),
                ("status", models.CharField(choices=STATUS_CHOICES, db_index=True, default="new", max_length=10)),
                ("source", models.CharField(choices=[("web", "Web form"), ("api", "API")], default="web", max_length=5)),
                ("client_hash", models.CharField(blank=True, editable=False, max_length=64)),
                ("customer_notified", models.BooleanField(default=False, editable=False)),
                ("support_notified", models.BooleanField(default=False, editable=False)),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("session", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="tickets", to="troubleshooter.session")),
            ],
            options={
                "ordering": ["-created_at"],
                "permissions": [("use_agent_console", "Can use the agent console")],
                "db_table": "troubleshooter_ticket",
                "indexes": [models.Index(fields=["client_hash", "created_at"], name="ts_ticket_client_recent")],
            },
        ),
        migrations.CreateModel(
            name="TicketEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("note", "Note"), ("status", "Status change")], max_length=10)),
                ("text", models.TextField(blank=True, max_length=5000)),
                ("old_status", models.CharField(blank=True, choices=STATUS_CHOICES, max_length=10)),
                ("new_status", models.CharField(blank=True, choices=STATUS_CHOICES, max_length=10)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("author", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("ticket", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="events", to="tickets.ticket")),
            ],
            options={
                "ordering": ["ticket", "at", "pk"],
                "db_table": "troubleshooter_ticketevent",
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
