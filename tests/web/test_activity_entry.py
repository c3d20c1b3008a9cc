"""The activity form with its participants: typed, pasted, saved with the activity at once."""

import pytest
from django.contrib.auth.models import User

from stratmon.facts.models import Activity, Participation
from stratmon.facts.records import save_records

pytestmark = pytest.mark.django_db

ACTIVITY = {
    "kind": "workshop",
    "title": "Regional AEO workshop",
    "start": "2026-05-04",
    "end": "2026-05-06",
    "host": "FJI",
}


@pytest.fixture
def officer(builtin, secretariat_officer, client):
    client.force_login(secretariat_officer)
    return secretariat_officer


def table(rows, start=0):
    """Posted fields of participant rows (person, member, gender, role) from index `start`."""
    data = {}
    for i, (person, member, gender, role) in enumerate(rows, start=start):
        data |= {
            f"p-{i}-person": person,
            f"p-{i}-member": member,
            f"p-{i}-gender": gender,
            f"p-{i}-role": role,
        }
    return data


def pasted(count):
    lines = ["Name\tMember\tGender\tRole"]
    for n in range(count):
        member = ("FJI", "Australia", "png")[n % 3]
        lines.append(f"Person {n}\t{member}\t{'F' if n % 2 else 'male'}\tparticipant")
    return "\n".join(lines)


def test_the_new_activity_page_has_five_empty_rows_and_the_paste_box(client, officer):
    html = client.get("/data/activities/new/").content.decode()
    assert html.count('<tr class="participant') == 5
    assert 'name="paste"' in html and "Fill the table from the pasted rows" in html
    assert '<script src="/static/web/participants.js"></script>' in html


def test_pasted_rows_fill_the_table_without_saving(client, officer):
    response = client.post(
        "/data/activities/new/", ACTIVITY | {"paste": pasted(30), "step": "fill"}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.person for r in rows[:30]] == [f"Person {n}" for n in range(30)]
    assert (rows[1].member, rows[1].gender, rows[2].member) == ("AUS", "female", "PNG")
    assert not Activity.objects.exists()


def test_thirty_participants_are_saved_with_the_activity_in_one_post(client, officer):
    rows = [(f"Person {n}", ("FJI", "AUS", "PNG")[n % 3], "female", "") for n in range(30)]
    # A blank row in the middle is skipped.
    data = ACTIVITY | table(rows[:10]) | table([("", "", "", "")], 10) | table(rows[10:], 11)
    response = client.post("/data/activities/new/", data, follow=True)
    activity = Activity.objects.get()
    assert f"Saved {activity.ref} and 30 participants." in response.content.decode()
    people = Participation.objects.filter(activity=activity).order_by("pk")
    assert [p.person for p in people] == [f"Person {n}" for n in range(30)]
    assert people[29].member.iso3 == "PNG"


def test_a_bad_participant_row_shows_its_error_on_that_row_and_saves_nothing(client, officer):
    rows = [("Ana", "FJI", "", ""), ("", "", "", ""), ("Ben", "FJX", "", ""), ("Cy", "AUS", "", "")]
    response = client.post("/data/activities/new/", ACTIVITY | table(rows))
    assert response.status_code == 400
    shown = response.context["rows"]
    assert [r.person for r in shown[:3]] == ["Ana", "Ben", "Cy"]
    assert shown[0].errors == [] and shown[2].errors == []
    assert "unknown Member 'FJX'" in shown[1].errors[0]
    assert "Nothing was saved" in response.content.decode()
    assert not Activity.objects.exists() and not Participation.objects.exists()


def test_a_participant_of_another_organisations_member_is_refused(client, officer):
    response = client.post("/data/activities/new/", ACTIVITY | table([("Ana", "COK", "", "")]))
    assert response.status_code == 400
    assert "COK is not a Member of your organisation" in response.context["rows"][0].errors
    assert not Activity.objects.exists()


def test_existing_participants_are_listed_and_changed_with_a_reason(client, officer):
    save_records(
        {
            "activities": [ACTIVITY | {"id": "ACT-1"}],
            "participations": [
                {"id": "P-1", "activity": "ACT-1", "person": "Ana", "member": "FJI"},
                {"id": "P-2", "activity": "ACT-1", "person": "Ben", "member": "AUS"},
            ],
        },
        user=officer,
        via="t",
    )
    page = client.get("/data/activities/ACT-1/")
    rows = page.context["rows"]
    assert [(r.id, r.person) for r in rows[:2]] == [("P-1", "Ana"), ("P-2", "Ben")]
    data = ACTIVITY | {"seen": page.context["form"]["seen"].value()}
    for i, r in enumerate(rows[:2]):
        data |= {f"p-{i}-id": r.id, f"p-{i}-seen": r.seen}
    data |= table([("Ana Tui", "FJI", "female", ""), ("Ben", "AUS", "", "")])
    data |= table([("Cy", "PNG", "", "")], 2)
    refused = client.post("/data/activities/ACT-1/", data)
    assert refused.status_code == 400
    assert "a reason is required" in refused.content.decode()
    assert client.post("/data/activities/ACT-1/", data | {"reason": "names"}).status_code == 302
    people = dict(Participation.objects.values_list("ref", "person"))
    assert people["P-1"] == "Ana Tui" and len(people) == 3


def test_a_participant_changed_by_someone_else_is_refused_on_its_row(client, officer):
    save_records(
        {
            "activities": [ACTIVITY | {"id": "ACT-1"}],
            "participations": [{"id": "P-1", "activity": "ACT-1", "person": "Ana"}],
        },
        user=officer,
        via="t",
    )
    page = client.get("/data/activities/ACT-1/")
    row = page.context["rows"][0]
    other = User.objects.create_superuser("other")
    save_records(
        {"participations": [{"id": "P-1", "activity": "ACT-1", "person": "Ana T."}]},
        user=other,
        via="form",
        reason="spelling",
    )
    data = ACTIVITY | {"seen": page.context["form"]["seen"].value(), "reason": "mine"}
    data |= {"p-0-id": "P-1", "p-0-seen": row.seen} | table([("Ana Tui", "", "", "")])
    response = client.post("/data/activities/ACT-1/", data)
    assert response.status_code == 400
    assert "changed by other" in response.context["rows"][0].errors[0]
    assert Participation.objects.get().person == "Ana T."


def test_more_rows_adds_empty_rows_and_keeps_what_was_typed(client, officer):
    data = ACTIVITY | table([("Ana", "FJI", "", "")]) | {"step": "more"}
    response = client.post("/data/activities/new/", data)
    rows = response.context["rows"]
    assert rows[0].person == "Ana" and len(rows) == 6
    assert not Activity.objects.exists()
