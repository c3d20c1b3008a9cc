"""The change history moves from the facts app to its own: the table `facts_change` and its
rows are kept, renamed `history_change` (facts 0005 forgets the model on its side)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def adopt_content_type(apps, schema_editor):
    """Keep the model's content type (and so its permissions) under its new app label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label="history", model="change").exists():
        types.filter(app_label="facts", model="change").update(app_label="history")


def return_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label="facts", model="change").exists():
        types.filter(app_label="history", model="change").update(app_label="facts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("facts", "0004_topic_name_fix"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The model as facts 0002 created it, on the table that already holds its rows.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Change",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("via", models.CharField(help_text="admin, workbook, …", max_length=20)),
                        ("source", models.CharField(blank=True, help_text="e.g. the workbook's name", max_length=300)),
                        ("model", models.CharField(help_text="what kind of record, e.g. activity", max_length=40)),
                        ("verb", models.CharField(choices=[("created", "Created"), ("updated", "Updated"), ("deleted", "Deleted")], max_length=8)),
                        ("refs", models.JSONField(default=list, help_text="the ids of the records")),
                        ("details", models.JSONField(blank=True, default=dict)),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-at", "-pk"], "db_table": "facts_change"},
                ),
            ],
        ),
        # Then the table takes the app's name: ALTER TABLE … RENAME, rows untouched.
        migrations.AlterModelTable(name="change", table=None),
        migrations.RunPython(adopt_content_type, return_content_type),
    ]
