"""Ticket and TicketEvent now belong to the tickets app (its 0001): remove them from this app's state.

State only: the tables stay where they are, under their old names, with every row.
"""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0005_branch_carry"),
        ("tickets", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TicketEvent"),
                migrations.DeleteModel(name="Ticket"),
            ],
        ),
    ]
