# Sessions and steps now point at tree versions (0009 filled those in); the live-row links go.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('troubleshooter', '0009_versions_from_rows'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='session',
            name='current_node',
        ),
        migrations.RemoveField(
            model_name='step',
            name='node',
        ),
        migrations.AlterField(
            model_name='session',
            name='version',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='troubleshooter.treeversion'),
        ),
    ]
