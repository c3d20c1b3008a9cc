"""The Secretariat's survey services (stratmon.surveys.managing): links sent by e-mail, a
window extended or closed early, a new form from a purpose; each in the change history."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stratmon.history.models import Change
from stratmon.plans.models import Member
from stratmon.surveys import links, managing, services
from tests.surveys.conftest import evaluation_survey

pytestmark = pytest.mark.django_db


def test_links_are_sent_to_those_with_an_address_and_not_used(rocb, workshop, secretariat_admin):
    survey = evaluation_survey(rocb, workshop)
    fiji = Member.objects.get(iso3="FJI")
    people = [
        services.Invitee(name="Ana", email="ana@example.org", member=fiji),
        services.Invitee(name="Bo"),
        services.Invitee(name="Cy", email="cy@example.org"),
    ]
    ana, bo, cy = services.invite(survey, people, user=secretariat_admin)
    services.submit(survey, cy, {"q-overall": ["4"], "q-relevance": ["4"]})
    cy.refresh_from_db()

    sent = managing.send_invitations(
        survey, [ana, bo, cy], secretariat_admin, base_url="https://stratmon.example/"
    )

    assert sent == managing.Sent(1) and [m.to for m in mail.outbox] == [["ana@example.org"]]
    message = mail.outbox[0]
    assert f"https://stratmon.example{links.url_of(ana.key)}" in message.body
    assert "Dear Ana" in message.body and workshop.title in message.body
    assert links.find(links.url_of(ana.key).split("/")[2]).invitation == ana
    ana.refresh_from_db()
    bo.refresh_from_db()
    assert ana.sent_at is not None and bo.sent_at is None
    change = Change.objects.get(model="invitation", verb="updated")
    assert change.user == secretariat_admin and change.details["sent by e-mail"] == 1


def test_an_invitation_of_another_survey_is_not_sent(rocb, workshop, secretariat_admin):
    one, other = evaluation_survey(rocb, workshop), evaluation_survey(rocb, workshop)
    [stray] = services.invite(other, [services.Invitee(email="x@example.org")], user=None)
    assert managing.send_invitations(one, [stray], secretariat_admin).count == 0
    assert mail.outbox == []


def test_a_window_is_extended_and_never_reversed(rocb, workshop, secretariat_admin):
    survey = evaluation_survey(rocb, workshop)
    later = survey.closes + datetime.timedelta(days=10)
    managing.change_window(survey, closes=later, user=secretariat_admin)
    survey.refresh_from_db()
    assert survey.closes == later
    with pytest.raises(managing.WindowError):
        managing.change_window(
            survey, closes=survey.opens - datetime.timedelta(hours=1), user=secretariat_admin
        )
    survey.refresh_from_db()
    assert survey.closes == later
    change = Change.objects.get(model="survey", verb="updated")
    assert change.details[f"SRV-{survey.pk}"]["closes"][1] == later.isoformat()


def test_closing_a_survey_not_yet_open_closes_it_too(rocb, workshop, secretariat_admin):
    now = timezone.now()
    survey = evaluation_survey(
        rocb,
        workshop,
        opens=now + datetime.timedelta(days=2),
        closes=now + datetime.timedelta(days=5),
    )
    managing.close_now(survey, user=secretariat_admin)
    survey.refresh_from_db()
    assert survey.opens < survey.closes <= timezone.now()
    with pytest.raises(links.LinkError) as refused:
        links.find(links.token_of(survey.key))
    assert refused.value.status == 410


def test_a_new_form_gets_a_unique_code_and_its_purposes_questions(rocb, secretariat_admin):
    first = managing.create_form(rocb, purpose="needs", title="TNA", user=secretariat_admin)
    second = managing.create_form(rocb, purpose="needs", title="TNA", user=secretariat_admin)
    assert (first.code, second.code) == ("tna", "tna-2")
    assert first.definition().feeding("needs") is not None
    with pytest.raises(ValueError):
        managing.create_form(rocb, purpose="nope", title="X", user=secretariat_admin)


def test_a_failing_mail_server_stops_the_sending_and_keeps_what_was_sent(
    rocb, workshop, secretariat_admin, monkeypatch
):
    import smtplib

    survey = evaluation_survey(rocb, workshop)
    people = [services.Invitee(name=n, email=f"{n}@example.org") for n in ("ana", "bo", "cy")]
    ana, bo, cy = services.invite(survey, people, user=None)
    real = managing.send_mail

    def flaky(subject, body, sender, to):
        if to == ["bo@example.org"]:
            raise smtplib.SMTPRecipientsRefused({to[0]: (550, b"no such user")})
        return real(subject, body, sender, to)

    monkeypatch.setattr(managing, "send_mail", flaky)
    sent = managing.send_invitations(survey, [ana, bo, cy], secretariat_admin)
    assert sent.count == 1 and "bo@example.org" in sent.problem
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    sent_at = dict(survey.invitations.values_list("name", "sent_at"))
    assert sent_at["ana"] is not None and sent_at["bo"] is None and sent_at["cy"] is None


@pytest.mark.parametrize(
    ("role", "any_org", "rocb_ap", "oco"),
    [
        ("superuser", True, True, True),
        ("secretariat_admin", True, True, False),
        ("secretariat_officer", True, True, False),
        ("focal_point", False, False, False),
        ("viewer", False, False, False),
        ("other_viewer", False, False, False),
    ],
)
def test_who_manages_surveys_is_decided_from_the_role_without_a_query(
    request, rocb, role, any_org, rocb_ap, oco, django_assert_num_queries
):
    from stratmon.accounts import access
    from stratmon.plans.models import Organisation

    user = request.getfixturevalue(role)
    other = Organisation.objects.get(code="oco")
    getattr(user, "role", None)  # loaded, as a signed-in request holds it (costs.SIGNED_IN)
    with django_assert_num_queries(0):
        found = (
            access.can_manage_surveys(user),
            access.can_manage_surveys(user, rocb),
            access.can_manage_surveys(user, other),
        )
    assert found == (any_org, rocb_ap, oco)
