"""Repair a built-in topic name cut at its first comma by an unquoted YAML flow mapping."""

from django.db import migrations

CUT = "Advance ruling system (classification"
WHOLE = "Advance ruling system (classification, origin, valuation)"


def repair(apps, schema_editor):
    Topic = apps.get_model("facts", "Topic")
    Topic.objects.filter(code="advance-ruling", name=CUT).update(name=WHOLE)


class Migration(migrations.Migration):
    dependencies = [("facts", "0003_milestone_updates")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
