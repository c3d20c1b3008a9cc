"""The history's move from the facts app keeps every entry, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("facts", "0004_topic_name_fix"), ("history", None)]


def migrate(targets):
    """Migrate to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    state = [t for t in targets if t[1] is not None]
    return executor.loader.project_state(state).apps


@pytest.mark.django_db(transaction=True)
def test_an_entry_recorded_in_facts_is_in_the_history_after_the_move(reference):
    # given the database as it was before the history app, with an entry in facts_change
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    assert "facts_change" in connection.introspection.table_names()
    Change = old.get_model("facts", "Change")
    entry = Change.objects.create(
        via="workbook",
        source="data.xlsx",
        model="participation",
        verb="created",
        refs=["P-1", "P-2"],
        details={"P-1": {"member": "FJI", "activity": "ACT-1"}, "P-2": {"member": "COK"}},
    )
    # when the migrations run to the end
    new = migrate(leaves)
    # then the entry is the history app's, with the same id and values, indexed by record
    tables = connection.introspection.table_names()
    assert "facts_change" not in tables and "history_change" in tables
    moved = new.get_model("history", "Change").objects.get(pk=entry.pk)
    assert (moved.via, moved.refs, moved.reason) == ("workbook", ["P-1", "P-2"], "")
    assert moved.details["P-1"] == {"member": "FJI", "activity": "ACT-1"}
    assert sorted(moved.members.values_list("iso3", flat=True)) == ["COK", "FJI"]
    assert moved.record_members == {"P-1": ["FJI"], "P-2": ["COK"]}
    refs = new.get_model("history", "ChangeRef").objects.filter(change_id=entry.pk)
    assert sorted(refs.values_list("model", "ref")) == [
        ("participation", "P-1"),
        ("participation", "P-2"),
    ]
    # and a new entry gets the next id (the sequence moved with the table)
    later = new.get_model("history", "Change").objects.create(
        via="admin", model="topic", verb="created", refs=["t"]
    )
    assert later.pk > entry.pk


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone(reference):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE)
    tables = connection.introspection.table_names()
    assert "facts_change" in tables and "history_change" not in tables
    migrate(leaves)
    assert "history_change" in connection.introspection.table_names()
