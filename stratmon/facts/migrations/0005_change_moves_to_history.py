"""The change history is the history app's now (history 0001 adopts the table and its rows):
the facts app forgets the model, and leaves the database alone."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("facts", "0004_topic_name_fix"),
        ("history", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Change")],
            database_operations=[],
        ),
    ]
