"""Entries written before the index: their records into ChangeRef, and the Members their
values name (as stratmon.history.recording.members_of reads them) into `members`."""

from django.db import migrations

BATCH = 500


def _codes(value):
    if isinstance(value, str):
        return {value} if value else set()
    if isinstance(value, list):
        return set().union(*(_codes(v) for v in value)) if value else set()
    return set()


def index(apps, schema_editor):
    db = schema_editor.connection.alias
    Change = apps.get_model("history", "Change")
    ChangeRef = apps.get_model("history", "ChangeRef")
    Member = apps.get_model("plans", "Member")
    # The fields naming Members, by model name, from the models as they are at this point.
    fields = {
        m._meta.model_name: [
            f.name
            for f in [*m._meta.concrete_fields, *m._meta.many_to_many]
            if f.is_relation and f.related_model._meta.label_lower == "plans.member"
        ]
        for m in apps.get_models()
    }
    members = dict(Member.objects.using(db).values_list("iso3", "pk"))
    Link = Change.members.through
    refs, links = [], []
    for change in Change.objects.using(db).order_by("pk").iterator(chunk_size=BATCH):
        per_record = {}
        for ref in change.refs:
            refs.append(ChangeRef(change_id=change.pk, model=change.model, ref=ref))
            values = change.details.get(ref) if isinstance(change.details, dict) else None
            codes = {ref} if change.model == "member" else set()
            if isinstance(values, dict):
                for name in fields.get(change.model, []):
                    codes |= _codes(values.get(name))
            if codes:
                per_record[ref] = sorted(codes)
        if per_record:
            change.record_members = per_record
            change.save(update_fields=["record_members"])
            found = set().union(*per_record.values())
            links += [Link(change_id=change.pk, member_id=members[c]) for c in found if c in members]
        if len(refs) >= BATCH:
            ChangeRef.objects.using(db).bulk_create(refs)
            refs = []
    ChangeRef.objects.using(db).bulk_create(refs, batch_size=BATCH)
    Link.objects.using(db).bulk_create(links, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("history", "0002_change_reason_and_scope")]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]
