"""The Secretariat's survey pages: the list, the form builder (versions made through the page),
a new survey per purpose, a survey's links, e-mails and window. Counts include the two
queries of a signed-in request (costs.SIGNED_IN) and the navigation's count (NAV_COUNT)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stratmon.facts.models import Participation
from stratmon.history.models import Change
from stratmon.surveys import links, services
from stratmon.surveys.models import Form, Invitation, Survey
from tests.surveys.conftest import evaluation_survey
from tests.web.costs import NAV_COUNT, SIGNED_IN

pytestmark = pytest.mark.django_db
BASE = SIGNED_IN + NAV_COUNT


def evaluation_form(rocb):
    return Form.objects.get(organisation=rocb, code="participant-evaluation")


def rows_post(form, **extra):
    """What the builder page posts for `form`'s questions as they are."""
    from stratmon.surveys.views.builder import rows_of

    data = {"title": form.title, "intro": form.intro, "rows": str(len(form.questions))}
    for n, row in enumerate(rows_of(form.questions)):
        for key, value in row.items():
            if key == "required":
                if value:
                    data[f"q{n}-required"] = "on"
            else:
                data[f"q{n}-{key}"] = value
    return data | extra


def answer(survey, **answers):
    posted = {f"q-{k}": [str(v)] for k, v in answers.items()}
    response, checked = services.submit(survey, None, posted)
    assert response is not None, checked.errors
    return response


# The list


def test_the_list_shows_each_survey_with_its_status_and_counts(
    client, rocb, workshop, secretariat_officer, django_assert_num_queries
):
    survey = evaluation_survey(rocb, workshop)
    answer(survey, overall=4, relevance=5)
    later = evaluation_survey(
        rocb,
        workshop,
        opens=timezone.now() + datetime.timedelta(days=3),
        closes=timezone.now() + datetime.timedelta(days=9),
    )
    services.invite(later, [services.Invitee(name="A"), services.Invitee(name="B")], user=None)
    client.force_login(secretariat_officer)
    with django_assert_num_queries(BASE + 1):
        response = client.get("/surveys/")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="nav-surveys"' in body
    row = body[body.index(f'id="survey-{survey.pk}"') :].split("</tr>")[0]
    assert "open" in row and "Participants&#x27; evaluation" in row and workshop.ref in row
    assert '<td class="num">1</td>' in row and '<td class="num">0</td>' in row
    other = body[body.index(f'id="survey-{later.pk}"') :].split("</tr>")[0]
    assert "not yet open" in other and '<td class="num">2</td>' in other


def test_the_navigation_flag_costs_no_query_and_shows_for_the_secretariat_only(
    client, rocb, focal_point, viewer, secretariat_admin
):
    for user, shown in ((secretariat_admin, True), (focal_point, False), (viewer, False)):
        client.force_login(user)
        assert ('id="nav-surveys"' in client.get("/").content.decode()) is shown


# The form builder


def test_the_form_list_shows_the_latest_version_with_its_versions(
    client, rocb, workshop, secretariat_officer, django_assert_num_queries
):
    form = evaluation_form(rocb)
    answer(evaluation_survey(rocb, workshop), overall=4, relevance=4)
    newer = services.save_form(
        form, title=form.title, intro="New intro", questions=form.questions, user=None
    )
    client.force_login(secretariat_officer)
    with django_assert_num_queries(BASE + 1):
        response = client.get("/surveys/forms/")
    body = response.content.decode()
    row = body[body.index('id="form-rocb-ap-participant-evaluation"') :].split("</tr>")[0]
    assert f"/surveys/forms/{newer.pk}/" in row and "v2</span>" in row
    assert "v1</a> (1)" in row and "v2</a> (0)" in row
    assert 'id="form-rocb-ap-training-needs"' in body


def test_editing_a_form_with_answers_makes_a_new_version_and_says_so_first(
    client, rocb, workshop, secretariat_officer, django_assert_num_queries
):
    form = evaluation_form(rocb)
    answer(evaluation_survey(rocb, workshop), overall=5, relevance=4)
    client.force_login(secretariat_officer)
    with django_assert_num_queries(BASE + 3):  # the form, its responses, its latest version
        page = client.get(f"/surveys/forms/{form.pk}/")
    assert "Saving a change makes version 2" in page.content.decode()
    data = rows_post(form, **{"q0-label": "Overall, how was it?"})
    response = client.post(f"/surveys/forms/{form.pk}/", data)
    newer = Form.objects.get(organisation=rocb, code=form.code, version=2)
    assert response.status_code == 302 and response["Location"] == f"/surveys/forms/{newer.pk}/"
    assert newer.questions[0]["label"] == "Overall, how was it?"
    form.refresh_from_db()
    assert form.questions[0]["label"] == "Overall, how would you rate this activity?"
    assert Change.objects.filter(refs=["rocb-ap/participant-evaluation/v2"]).exists()


def test_a_form_without_answers_is_changed_in_place(client, rocb, secretariat_officer):
    form = Form.objects.get(organisation=rocb, code="training-needs")
    client.force_login(secretariat_officer)
    data = rows_post(form, title="TNA 2027", **{"q4-options": "English\nFrench"})
    assert client.post(f"/surveys/forms/{form.pk}/", data).status_code == 302
    form.refresh_from_db()
    assert (form.version, form.title, form.questions[4]["options"]) == (
        1,
        "TNA 2027",
        ["English", "French"],
    )


def test_adding_moving_and_removing_rows_changes_only_the_page(client, rocb, secretariat_officer):
    form = Form.objects.get(organisation=rocb, code="impact-follow-up")
    client.force_login(secretariat_officer)
    added = client.post(
        f"/surveys/forms/{form.pk}/", rows_post(form, action="add", **{"add-type": "topic_grid"})
    )
    body = added.content.decode()
    assert added.status_code == 200 and 'name="rows" value="7"' in body
    assert 'id="q6-id" name="q6-id" value="q7"' in body
    moved = client.post(f"/surveys/forms/{form.pk}/", rows_post(form, action="down-0"))
    body = moved.content.decode()
    assert 'name="q0-id" value="changed"' in body and 'name="q1-id" value="member"' in body
    removed = client.post(f"/surveys/forms/{form.pk}/", rows_post(form, action="remove-5"))
    assert 'name="rows" value="5"' in removed.content.decode()
    assert Form.objects.get(pk=form.pk).questions == form.questions


def test_a_question_of_each_type_can_be_added_and_saved(client, rocb, secretariat_officer):
    form = Form.objects.get(organisation=rocb, code="impact-follow-up")
    client.force_login(secretariat_officer)
    data = rows_post(form)
    extra = [
        {"id": "cost", "type": "number", "label": "Cost", "min": "0", "max": "1000"},
        {"id": "areas", "type": "multi", "label": "Areas", "options": "A\nB\nC"},
        {"id": "topic", "type": "topic", "label": "Topic"},
        {"id": "grid", "type": "topic_grid", "label": "Rate", "scale": "10", "topics": "rkc"},
        {"id": "when", "type": "date", "label": "When", "show_if": "result", "show_values": "Yes"},
        {"id": "short", "type": "text", "label": "In a word"},
    ]
    n = int(data["rows"])
    for i, row in enumerate(extra):
        data |= {f"q{n + i}-{k}": v for k, v in row.items()}
    data["rows"] = str(n + len(extra))
    assert client.post(f"/surveys/forms/{form.pk}/", data).status_code == 302
    saved = Form.objects.get(pk=form.pk).questions[n:]
    assert saved[0] == {"id": "cost", "type": "number", "label": "Cost", "min": 0, "max": 1000}
    assert saved[1]["options"] == ["A", "B", "C"]
    assert saved[3] == {
        "id": "grid", "type": "topic_grid", "label": "Rate", "scale": 10, "topics": ["rkc"]
    }  # fmt: skip
    assert saved[4]["show_if"] == {"question": "result", "in": ["Yes"]}


def test_problems_are_shown_by_question_and_nothing_is_saved(client, rocb, secretariat_officer):
    form = evaluation_form(rocb)
    client.force_login(secretariat_officer)
    data = rows_post(form, **{"q1-scale": "12", "q0-feeds": "", "q5-options": "Only one"})
    response = client.post(f"/surveys/forms/{form.pk}/", data)
    body = response.content.decode()
    assert response.status_code == 400
    row1 = body[body.index('id="row-1"') :].split("</fieldset>")[0]
    assert "the scale must be a whole number from 2 to 10" in row1
    row5 = body[body.index('id="row-5"') :].split("</fieldset>")[0]
    assert "a choice needs 2 to 50 non-empty options" in row5
    general = body[body.index('id="form-problems"') :].split("</div>")[0]
    assert "the form needs a question that feeds &#x27;score&#x27;" in general
    assert Form.objects.get(pk=form.pk).questions == form.questions


def test_a_new_form_starts_from_its_purposes_template(client, rocb, secretariat_admin):
    client.force_login(secretariat_admin)
    bad = client.post("/surveys/forms/new/", {"purpose": "evaluation", "title": " "})
    assert bad.status_code == 400 and "Title: give the form a title." in bad.content.decode()
    response = client.post("/surveys/forms/new/", {"purpose": "evaluation", "title": "Webinar"})
    form = Form.objects.get(organisation=rocb, code="webinar")
    assert response["Location"] == f"/surveys/forms/{form.pk}/"
    assert form.version == 1 and form.definition().feeding("score") is not None
    client.post("/surveys/forms/new/", {"purpose": "other", "title": "Webinar"})
    other = Form.objects.get(organisation=rocb, code="webinar-2")
    assert other.questions == [{"id": "comments", "type": "longtext", "label": "Your comments"}]
    assert Change.objects.filter(refs=["rocb-ap/webinar/v1"], verb="created").exists()


# New surveys


def test_an_evaluation_survey_defaults_to_now_until_two_weeks_after_the_activity(
    client, rocb, workshop, secretariat_officer
):
    form = evaluation_form(rocb)
    ends = timezone.localdate() + datetime.timedelta(days=5)
    type(workshop).objects.filter(pk=workshop.pk).update(start=ends, end=ends)
    client.force_login(secretariat_officer)
    page = client.get(f"/surveys/new/?form={form.pk}")
    assert workshop.title in page.content.decode()
    assert 'name="open_link" checked>' in page.content.decode()
    missing = client.post("/surveys/new/", {"form": form.pk, "open_link": "on"})
    assert missing.status_code == 400
    assert "Activity: choose the activity" in missing.content.decode()
    before = timezone.now()
    response = client.post(
        "/surveys/new/", {"form": form.pk, "activity": workshop.pk, "open_link": "on"}
    )
    survey = Survey.objects.get()
    assert response["Location"] == f"/surveys/{survey.pk}/"
    assert survey.activity == workshop and survey.open_link and survey.form == form
    assert before - datetime.timedelta(minutes=1) <= survey.opens <= timezone.now()
    assert timezone.localtime(survey.closes).date() == ends + datetime.timedelta(days=14)
    assert survey.title == f"Participants' evaluation: {workshop.title}"


def test_an_impact_follow_up_opens_months_after_the_activity(
    client, rocb, workshop, secretariat_officer
):
    form = Form.objects.get(organisation=rocb, code="impact-follow-up")
    client.force_login(secretariat_officer)
    page = client.get(f"/surveys/new/?form={form.pk}").content.decode()
    assert 'id="f-months" name="months" value="6"' in page
    assert 'name="open_link">' in page  # unchecked: single-use links per participant instead
    data = {"form": form.pk, "activity": workshop.pk, "months": "6", "title": "Six months on"}
    client.post("/surveys/new/", data)
    survey = Survey.objects.get()
    assert timezone.localtime(survey.opens).date() == datetime.date(2027, 5, 4)
    assert survey.closes - survey.opens == datetime.timedelta(days=30)
    assert not survey.open_link


def test_a_needs_assessment_gets_one_link_per_member_with_its_focal_points_email(
    client, rocb, secretariat_officer, focal_point
):
    focal_point.email = "fp@customs.gov.fj"
    focal_point.save()
    form = Form.objects.get(organisation=rocb, code="training-needs")
    client.force_login(secretariat_officer)
    bad = client.post("/surveys/new/", {"form": form.pk, "year": "26", "focal_links": "on"})
    assert bad.status_code == 400 and "Year:" in bad.content.decode()
    client.post("/surveys/new/", {"form": form.pk, "year": "2026", "focal_links": "on"})
    survey = Survey.objects.get()
    assert survey.year == 2026 and not survey.open_link
    invitations = Invitation.objects.filter(survey=survey)
    members = rocb.memberships.filter(left__isnull=True).count()
    assert invitations.count() == members > 1
    fiji = invitations.get(member__iso3="FJI")
    assert (fiji.name, fiji.email) == ("Fiji", "fp@customs.gov.fj")


def test_a_window_that_closes_before_it_opens_is_refused(
    client, rocb, workshop, secretariat_officer
):
    form = evaluation_form(rocb)
    client.force_login(secretariat_officer)
    data = {"form": form.pk, "activity": workshop.pk, "open_link": "on"}
    late = client.post(
        "/surveys/new/", data | {"opens": "2026-12-01T09:00", "closes": "2026-11-30T09:00"}
    )
    assert late.status_code == 400 and "Closes: the survey must close" in late.content.decode()
    garbled = client.post("/surveys/new/", data | {"opens": "2026-13-01T09:00"})
    assert garbled.status_code == 400 and "Opens: give a date" in garbled.content.decode()
    assert not Survey.objects.exists()


# One survey


def test_the_survey_page_shows_the_link_and_qr_code_but_no_answers(
    client, rocb, workshop, secretariat_officer, django_assert_num_queries
):
    survey = evaluation_survey(rocb, workshop)
    answer(survey, overall=4, relevance=5, improve="secret-words-here")
    client.force_login(secretariat_officer)
    with django_assert_num_queries(BASE + 4):  # survey, links, responses, participants
        response = client.get(f"/surveys/{survey.pk}/")
    body = response.content.decode()
    url = "http://testserver" + links.url_of(survey.key)
    assert url in body and f'src="/surveys/{survey.pk}/qr.svg"' in body
    assert '<dd id="responses">1</dd>' in body and "secret-words-here" not in body
    qr = client.get(f"/surveys/{survey.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<?xml")
    big = client.get(f"/surveys/{survey.pk}/qr.svg?size=print")
    assert len(big.content) > 0 and b'width="' in big.content
    assert _svg_width(big.content) > 2 * _svg_width(qr.content)


def _svg_width(svg):
    text = svg.decode()
    return int(text.split('width="')[1].split('"')[0])


def test_links_for_participants_are_added_and_sent_by_email(
    client, rocb, workshop, secretariat_officer
):
    survey = evaluation_survey(rocb, workshop)
    ana = Participation.objects.create(ref="P-1", activity=workshop, person="Ana")
    bo = Participation.objects.create(ref="P-2", activity=workshop, person="Bo")
    client.force_login(secretariat_officer)
    page = f"/surveys/{survey.pk}/"
    bad = client.post(page, {"action": "invite", f"p-{ana.pk}": "on", f"email-{ana.pk}": "nope"})
    assert bad.status_code == 400 and "E-mail of Ana" in bad.content.decode()
    data = {"action": "invite", f"p-{ana.pk}": "on", f"email-{ana.pk}": "ana@example.org"}
    assert client.post(page, data | {f"p-{bo.pk}": "on"}).status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 2
    assert f'name="p-{ana.pk}"' not in client.get(page).content.decode()  # invited already
    client.post(page, {"action": "send"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    invitation = Invitation.objects.get(participation=ana)
    assert f"http://testserver{links.url_of(invitation.key)}" in mail.outbox[0].body
    assert invitation.sent_at is not None
    assert Invitation.objects.get(participation=bo).sent_at is None
    again = client.post(page, {"action": "send"})
    assert again.status_code == 400 and len(mail.outbox) == 1


def test_a_survey_is_extended_and_closed_early(client, rocb, workshop, secretariat_officer):
    survey = evaluation_survey(rocb, workshop)
    client.force_login(secretariat_officer)
    page = f"/surveys/{survey.pk}/"
    client.post(page, {"action": "window", "closes": "2030-01-31T17:00"})
    survey.refresh_from_db()
    assert timezone.localtime(survey.closes).date() == datetime.date(2030, 1, 31)
    early = client.post(page, {"action": "window", "closes": "2000-01-01T00:00"})
    assert early.status_code == 400 and "must close after it opens" in early.content.decode()
    client.post(page, {"action": "close"})
    survey.refresh_from_db()
    assert survey.closes <= timezone.now()
    with pytest.raises(links.LinkError):
        links.find(links.token_of(survey.key))
    assert Change.objects.filter(refs=[f"SRV-{survey.pk}"], verb="updated").count() == 2


def test_another_organisations_survey_does_not_exist_for_the_secretariat(
    client, rocb, secretariat_officer
):
    from stratmon.plans.models import Organisation

    oco = Organisation.objects.get(code="oco")
    form = Form.objects.get(organisation=oco, code="training-needs")
    now = timezone.now()
    plan = services.SurveyPlan(
        form=form, title="TNA", opens=now, closes=now + datetime.timedelta(1)
    )
    survey = services.open_survey(plan, user=None)
    client.force_login(secretariat_officer)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404
    assert client.get(f"/surveys/forms/{form.pk}/").status_code == 404
    assert client.get(f"/surveys/new/?form={form.pk}").status_code == 200  # back to the choice
    assert "TNA" not in client.get("/surveys/").content.decode()


def test_a_mail_server_down_is_said_on_the_page_not_a_500(
    client, rocb, workshop, secretariat_officer, monkeypatch
):
    from stratmon.surveys import managing

    def down(*args):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(managing, "send_mail", down)
    survey = evaluation_survey(rocb, workshop)
    services.invite(survey, [services.Invitee(name="Ana", email="ana@example.org")], user=None)
    client.force_login(secretariat_officer)
    response = client.post(f"/surveys/{survey.pk}/", {"action": "send"})
    assert response.status_code == 400
    assert "Sending stopped: the mail server refused" in response.content.decode()
    assert Invitation.objects.get(survey=survey).sent_at is None


def test_the_new_pages_cost_a_fixed_number_of_queries(
    client, rocb, workshop, secretariat_officer, django_assert_num_queries
):
    form = evaluation_form(rocb)
    client.force_login(secretariat_officer)
    with django_assert_num_queries(BASE + 2):  # the organisation, its latest forms
        assert "choose-training-needs" in client.get("/surveys/new/").content.decode()
    with django_assert_num_queries(BASE + 3):  # the form, its organisation's latest, activities
        assert client.get(f"/surveys/new/?form={form.pk}").status_code == 200
    with django_assert_num_queries(BASE + 1):  # the organisations
        assert client.get("/surveys/forms/new/").status_code == 200


def test_a_new_survey_always_uses_the_latest_version(client, rocb, workshop, secretariat_officer):
    form = evaluation_form(rocb)
    answer(evaluation_survey(rocb, workshop), overall=4, relevance=4)
    newer = services.save_form(
        form, title="Evaluation v2", intro="", questions=form.questions, user=None
    )
    client.force_login(secretariat_officer)
    page = client.get(f"/surveys/new/?form={form.pk}").content.decode()
    assert f'name="form" value="{newer.pk}"' in page and "Evaluation v2" in page
    client.post("/surveys/new/", {"form": form.pk, "activity": workshop.pk, "open_link": "on"})
    assert Survey.objects.latest("pk").form == newer


def test_a_survey_page_leads_to_its_results_and_a_needs_round_to_its_completion(
    client, rocb, secretariat_officer
):
    from stratmon.surveys import rounds
    from tests.surveys.needs import answer, needs_round

    survey = needs_round(rocb, 2023, ["JPN"])
    answer(survey, "JPN", {"aeo": 5})
    client.force_login(secretariat_officer)
    body = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f'href="/surveys/{survey.pk}/results/"' in body
    assert f'href="/surveys/{survey.pk}/complete/"' in body
    assert "/surveys/priorities/?org=rocb-ap&amp;year=2023" in body
    rounds.complete_round(
        survey, on=datetime.date(2023, 5, 1), actions=None, user=secretariat_officer
    )
    body = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"/surveys/{survey.pk}/complete/" not in body
    survey.refresh_from_db()
    assert "completed on 1 May 2023" in body
    assert f'href="/activities/{survey.recorded_activity.ref}/"' in body
