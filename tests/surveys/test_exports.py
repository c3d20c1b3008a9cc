"""Exports of a survey's responses (/surveys/<pk>/responses.xlsx and .csv): one row per
response, one column per question across form versions, read back with openpyxl and csv;
LibreOffice opens and saves the XLSX with the same cells."""

import csv
import io

import openpyxl
import pytest

from stratmon.facts.models import Topic
from stratmon.plans.models import Organisation
from stratmon.surveys import services
from stratmon.surveys.models import Form
from tests.facts.test_workbook_libreoffice import SOFFICE, resave
from tests.surveys.conftest import evaluation_survey
from tests.web.costs import SIGNED_IN

pytestmark = pytest.mark.django_db
FIXED = ["Submitted at", "Form version", "Link", "Member"]


def cells(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.fixture
def answered(rocb, workshop):
    """An evaluation answered on the open link and on a single-use link, then its form edited
    (a new version without 'trainers', with 'venue') and answered again."""
    survey = evaluation_survey(rocb, workshop)
    services.submit(
        survey,
        None,
        {"q-overall": ["4"], "q-relevance": ["5"], "q-trainers": ["3"], "q-member": ["FJI"]},
    )
    [link] = services.invite(survey, [services.Invitee(name="Ana")], user=None)
    services.submit(
        survey, link, {"q-overall": ["5"], "q-relevance": ["4"], "q-improve": ["=1+2 more coffee"]}
    )
    form = survey.form
    questions = [q for q in form.questions if q["id"] != "trainers"]
    questions.insert(3, {"id": "venue", "type": "rating", "scale": 5, "label": "The venue?"})
    newer = services.save_form(form, title=form.title, intro="", questions=questions, user=None)
    survey.form = newer
    survey.save(update_fields=["form"])
    services.submit(survey, None, {"q-overall": ["2"], "q-relevance": ["2"], "q-venue": ["1"]})
    return survey


def test_the_csv_has_a_row_per_response_and_the_union_of_the_versions_questions(
    client, answered, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    # the survey; the responses with their forms and Members; the topics' names (a download
    # has no navigation, so no navigation count)
    with django_assert_num_queries(SIGNED_IN + 3):
        response = client.get(f"/surveys/{answered.pk}/responses.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"survey-{answered.pk}-responses.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    labels = [q["label"] for q in Form.objects.get(pk=answered.form_id).questions]
    trainers = "How would you rate the trainers and experts?"
    # v1's order, the question v2 adds after the one it follows there
    assert rows[0] == [*FIXED, *labels[:2], trainers, *labels[2:]]
    assert rows[0][8] == "The venue?"
    first, second, third = rows[1:]
    assert first[1:] == ["1", "open", "FJI", "4", "5", "3", "", "", "", "", "FJI", ""]
    assert second[1:4] == ["1", "single-use", ""] and second[9] == "=1+2 more coffee"
    assert third[1:] == ["2", "open", "", "2", "2", "", "", "1", "", "", "", ""]


def test_the_xlsx_reads_back_the_same_and_keeps_formula_like_text_as_text(
    client, answered, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = client.get(f"/surveys/{answered.pk}/responses.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = cells(book["Responses"])
    assert rows[0][:4] == FIXED and len(rows) == 4
    assert rows[1][1:5] == [1, "open", "FJI", 4] and rows[3][1] == 2
    assert rows[2][9] == "=1+2 more coffee"  # text, not a formula
    sheet = book["Responses"]
    assert sheet.cell(3, 10).data_type == "s"


def test_a_grid_is_a_column_per_topic_and_multiple_choices_are_joined(
    client, rocb, secretariat_officer
):
    Topic.objects.get_or_create(code="rkc", defaults={"name": "Revised Kyoto Convention"})
    form = Form.objects.get(organisation=rocb, code="training-needs")
    survey = services.open_survey(
        services.SurveyPlan(
            form=form,
            title="TNA",
            opens=answered_now(-1),
            closes=answered_now(5),
            year=2026,
        ),
        user=None,
    )
    name = Topic.objects.get(code="rkc").name
    posted = {
        "q-member": ["FJI"],
        "q-needs-rkc": ["5"],
        "q-delivery": ["E-learning", "Expert mission"],
    }
    response, checked = services.submit(survey, None, posted)
    assert response is not None, checked.errors
    client.force_login(secretariat_officer)
    rows = list(csv.reader(io.StringIO(client.get(f"/surveys/{survey.pk}/responses.csv").text)))
    grid = f"How much does your administration need training on each topic?: {name}"
    assert grid in rows[0]
    assert rows[1][rows[0].index(grid)] == "5"
    assert rows[1][rows[0].index("Preferred ways of delivery")] == "E-learning; Expert mission"


def answered_now(days):
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=days)


def test_an_unknown_format_is_not_a_page(client, answered, secretariat_officer):
    client.force_login(secretariat_officer)
    assert client.get(f"/surveys/{answered.pk}/responses.pdf").status_code == 404


def test_another_organisations_export_does_not_exist_for_the_secretariat(
    client, rocb, secretariat_officer
):
    form = Form.objects.get(
        organisation=Organisation.objects.get(code="oco"), code="training-needs"
    )
    plan = services.SurveyPlan(
        form=form, title="TNA", opens=answered_now(-1), closes=answered_now(1)
    )
    survey = services.open_survey(plan, user=None)
    client.force_login(secretariat_officer)
    assert client.get(f"/surveys/{survey.pk}/responses.csv").status_code == 404


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; .ci/run installs it")
def test_libreoffice_opens_and_saves_the_xlsx_with_the_same_cells(
    client, answered, secretariat_officer, tmp_path
):
    client.force_login(secretariat_officer)
    source = tmp_path / "responses.xlsx"
    source.write_bytes(client.get(f"/surveys/{answered.pk}/responses.xlsx").content)
    resaved = resave(source, tmp_path)
    before = cells(openpyxl.load_workbook(source)["Responses"])
    after = cells(openpyxl.load_workbook(resaved)["Responses"])
    assert after == before
