"""The priorities page and its downloads, and the page that completes a round."""

import csv
import io

import pytest
from openpyxl import load_workbook

from stratmon.facts.models import Activity
from stratmon.plans.models import Organisation
from stratmon.surveys.priorities import QUERIES
from tests.surveys.conftest import evaluation_survey
from tests.surveys.needs import answer, needs_round, rescale
from tests.web.costs import NAV_COUNT, SIGNED_IN

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(rocb):
    old = needs_round(rocb, 2024, ["JPN", "IND"])
    answer(old, "JPN", {"aeo": 5, "rkc": 2})
    answer(old, "IND", {"aeo": 4, "rkc": 3})
    new = needs_round(rocb, 2025, ["JPN", "IND", "FJI"], form=rescale(rocb, 10))
    answer(new, "JPN", {"aeo": 2, "rkc": 10})
    answer(new, "IND", {"rkc": 9, "aeo": 1})
    return old, new


def test_the_secretariat_reads_the_newest_round_with_its_comparison(
    client, secretariat_admin, rounds
):
    client.force_login(secretariat_admin)
    page = client.get("/surveys/priorities/").content.decode()
    assert "2 of 3 Members answered" in page
    ranking = page[page.index('id="ranking"') : page.index('id="subregions-title"')]
    assert ranking.index("Revised Kyoto") < ranking.index("AEO programme")
    assert "up 1" in ranking and "down 1" in ranking
    assert 'id="member-JPN"' in page and "10 of 10" in page


def test_an_earlier_round_and_a_bad_year_are_said_plainly(client, viewer, rounds):
    client.force_login(viewer)
    page = client.get("/surveys/priorities/?year=2024").content.decode()
    assert "Ranking 2024" in page and "compared with" not in page
    page = client.get("/surveys/priorities/?year=1999").content.decode()
    assert "No round in 1999; the newest, 2025, is shown." in page
    page = client.get("/surveys/priorities/?year=abc").content.decode()
    assert "&#x27;abc&#x27; is not a year" in page


def test_the_downloads_hold_the_ranking_the_subregions_and_the_members(
    client, secretariat_officer, rounds
):
    client.force_login(secretariat_officer)
    response = client.get("/surveys/priorities.xlsx?year=2025")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Ranking", "By sub-region", "By Member"]
    ranking = list(book["Ranking"].values)
    assert ranking[1][:6] == (1, "rkc", "Revised Kyoto Convention (contracting party)", 4.78, 2, 2)
    assert ranking[1][6:] == (2, 2.5, 1, 2.28)
    members = {(r[2], r[4]): r for r in list(book["By Member"].values)[1:]}
    assert members[("JPN", "rkc")][6:] == (10, 10, 5)
    subregions = {r[0] for r in list(book["By sub-region"].values)[1:]}
    assert subregions == {"Far East", "Sub-Continent"}
    response = client.get("/surveys/priorities.csv?year=2025")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {r["view"] for r in rows} == {"ranking", "sub-region", "Member"}
    first = rows[0]
    assert (first["topic code"], first["mean need (1-5)"], first["previous rank"]) == (
        "rkc",
        "4.78",
        "2",
    )
    assert len([r for r in rows if r["view"] == "Member"]) == 4


def test_a_download_of_an_unknown_organisation_is_refused(client, superuser, rounds):
    client.force_login(superuser)
    response = client.get("/surveys/priorities.csv?org=nowhere")
    assert response.status_code == 400 and b"nowhere" in response.content
    assert client.get("/surveys/priorities.csv?org=oco").status_code == 400  # no round yet


def test_the_superuser_picks_the_organisation(client, superuser, rounds):
    client.force_login(superuser)
    page = client.get("/surveys/priorities/?org=oco").content.decode()
    assert 'name="org"' in page and "OCO has no training-needs assessment round yet" in page


def test_the_priorities_page_costs_a_constant_number_of_queries(
    client, secretariat_admin, rounds, django_assert_num_queries
):
    client.force_login(secretariat_admin)
    # the user's organisations, then the priorities; the navigation's count
    with django_assert_num_queries(SIGNED_IN + 1 + QUERIES + NAV_COUNT):
        client.get("/surveys/priorities/")
    answer(rounds[1], "FJI", {"tfa": 3, "aeo": 9})
    with django_assert_num_queries(SIGNED_IN + 1 + QUERIES + NAV_COUNT):
        client.get("/surveys/priorities/")


@pytest.fixture
def oco_round(builtin):
    from stratmon.surveys import services

    services.load_templates()
    oco = Organisation.objects.get(code="oco")
    survey = needs_round(oco, 2025, ["FJI", "COK"])
    answer(survey, "FJI", {"aeo": 5})
    return survey


@pytest.fixture
def oco_secretariat(oco_round):
    from tests.conftest import make_user

    return make_user("oco-admin", "secretariat_admin", org="oco")


def test_the_complete_page_preselects_the_counting_actions(client, oco_secretariat, oco_round):
    client.force_login(oco_secretariat)
    page = client.get(f"/surveys/{oco_round.pk}/complete/").content.decode()
    assert "1 of 2 Members answered" in page
    assert page.count('name="actions"') == 1 and " checked>" in page


def test_completing_a_round_records_its_activity_once(client, oco_secretariat, oco_round):
    client.force_login(oco_secretariat)
    url = f"/surveys/{oco_round.pk}/complete/"
    action = oco_round.organisation.plans.get().actions.get(code="1.2.1")
    response = client.post(url, {"on": "2025-06-30", "actions": [action.pk]})
    assert response.status_code == 302
    activity = Activity.objects.get(kind="survey")
    assert activity.title == "Training needs assessment 2025: 1 of 2 Members answered"
    assert list(activity.actions.all()) == [action]
    page = client.get(url).content.decode()
    assert activity.ref in page and "completed on 30 June 2025" in page
    again = client.post(url, {"on": "2025-07-01", "actions": [action.pk]})
    assert again.status_code == 409 and Activity.objects.filter(kind="survey").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on": "30/06/2025"}, "is not a date"),
        ({"on": "2025-01-01"}, "on or after the opening"),
        ({"on": "2025-06-30", "actions": ["999999"]}, "choose among the actions listed"),
    ],
)
def test_bad_input_is_named_and_saves_nothing(client, oco_secretariat, oco_round, data, message):
    client.force_login(oco_secretariat)
    response = client.post(f"/surveys/{oco_round.pk}/complete/", data)
    assert response.status_code == 400 and message in response.content.decode()
    oco_round.refresh_from_db()
    assert oco_round.completed_on is None and not Activity.objects.filter(kind="survey").exists()


def test_only_needs_rounds_of_ones_own_organisation_are_completed(
    client, secretariat_admin, oco_round, workshop, rocb
):
    client.force_login(secretariat_admin)
    assert client.get(f"/surveys/{oco_round.pk}/complete/").status_code == 404
    evaluation = evaluation_survey(rocb, workshop)
    assert client.get(f"/surveys/{evaluation.pk}/complete/").status_code == 404


def test_the_complete_page_costs_a_constant_number_of_queries(
    client, oco_secretariat, oco_round, django_assert_num_queries
):
    client.force_login(oco_secretariat)
    # the survey (whether the user manages surveys comes from its role); the plans in use
    # and their KPIs counting activities; who answered and who was invited; the navigation's
    # count
    with django_assert_num_queries(SIGNED_IN + 1 + 2 + 2 + NAV_COUNT):
        client.get(f"/surveys/{oco_round.pk}/complete/")
