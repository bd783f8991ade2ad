# Published tree versions, sessions pinned to them, per-tree scenarios, preview sessions.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('troubleshooter', '0007_article_reads'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaltree',
            name='scenarios',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='session',
            name='current_key',
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name='session',
            name='preview',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='tree',
            name='scenarios',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name='historicaltree',
            name='status',
            field=models.CharField(choices=[('draft', 'Offline (unpublished by an editor)'), ('published', 'Live (customers get its live version)')], default='draft', max_length=10),
        ),
        migrations.AlterField(
            model_name='tree',
            name='status',
            field=models.CharField(choices=[('draft', 'Offline (unpublished by an editor)'), ('published', 'Live (customers get its live version)')], default='draft', max_length=10),
        ),
        migrations.CreateModel(
            name='TreeVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('note', models.CharField(blank=True, max_length=300)),
                ('snapshot', models.JSONField()),
                ('preview', models.BooleanField(default=False)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('tree', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='troubleshooter.tree')),
            ],
            options={
                'ordering': ['tree', '-number'],
            },
        ),
        migrations.AddField(
            model_name='historicaltree',
            name='live_version',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The published version customers get; changed only by publishing or rolling back.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='troubleshooter.treeversion'),
        ),
        migrations.AddField(
            model_name='session',
            name='current_version',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='troubleshooter.treeversion'),
        ),
        migrations.AddField(
            model_name='session',
            name='version',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='troubleshooter.treeversion'),
        ),
        migrations.AddField(
            model_name='step',
            name='version',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='troubleshooter.treeversion'),
        ),
        migrations.AddField(
            model_name='tree',
            name='live_version',
            field=models.ForeignKey(blank=True, help_text='The published version customers get; changed only by publishing or rolling back.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='troubleshooter.treeversion'),
        ),
        migrations.AddConstraint(
            model_name='treeversion',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('tree', 'number'), name='ts_version_number_unique'),
        ),
    ]
