"""A submission's life: drafted, checked, sent, returned, corrected, approved or rejected."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from stratmon.facts.models import Activity, MemberStatus, Participation
from stratmon.facts.services import load_topics
from stratmon.facts.workbook import WorkbookError
from stratmon.history.models import Change
from stratmon.plans.models import Member
from stratmon.submissions import services
from stratmon.submissions.models import Submission

pytestmark = pytest.mark.django_db
State = Submission.State


@pytest.fixture
def fiji(reference):
    load_topics()
    return Member.objects.get(iso3="FJI")


def rkc(**values):
    row = {"topic": "rkc", "status": "achieved", "effective": "2026-03-12", "evidence": "gazette"}
    return {"member_statuses": [{**row, **values}]}


def test_a_status_goes_from_draft_to_approved_and_only_then_counts(
    fiji, focal_point, secretariat_officer
):
    draft = services.save_draft(focal_point, fiji, "status", rkc(member="COK"))
    # The sending Member is pinned, whatever the form said.
    assert draft.rows["member_statuses"][0]["member"] == "FJI"
    assert draft.title.endswith("achieved from 2026-03-12")
    sent = services.submit(focal_point, draft, version=draft.version)
    assert sent.state == State.SUBMITTED and sent.submitted_at
    assert not MemberStatus.objects.exists()
    done = services.approve(secretariat_officer, sent, version=sent.version)
    assert done.state == State.APPROVED and done.reviewed_by == secretariat_officer
    saved = MemberStatus.objects.get()
    assert (saved.member.iso3, saved.status, saved.effective) == (
        "FJI",
        "achieved",
        datetime.date(2026, 3, 12),
    )
    assert done.applied == {"member_statuses": [saved.ref]}
    steps = Change.objects.filter(model="submission").order_by("pk")
    assert [(c.verb, c.user.username) for c in steps] == [
        ("created", "fp-fiji"),
        ("updated", "fp-fiji"),
        ("updated", "sec-officer"),
    ]
    written = Change.objects.get(model="memberstatus")
    assert (written.via, written.user) == ("review", secretariat_officer)


def test_a_submission_that_fails_the_workbook_checks_cannot_be_sent(fiji, focal_point):
    draft = services.save_draft(focal_point, fiji, "status", rkc(effective="12 March"))
    with pytest.raises(WorkbookError) as caught:
        services.submit(focal_point, draft)
    assert [(p.sheet, p.column) for p in caught.value.problems] == [
        ("member_statuses", "effective")
    ]
    assert Submission.objects.get().state == State.DRAFT


def test_returned_corrected_and_resubmitted(fiji, focal_point, secretariat_officer):
    sent = services.submit(focal_point, services.save_draft(focal_point, fiji, "status", rkc()))
    with pytest.raises(services.SubmissionError, match="Say why"):
        services.return_(secretariat_officer, sent, "  ")
    back = services.return_(secretariat_officer, sent, "Attach the instrument of accession")
    assert (back.state, back.comment) == (State.RETURNED, "Attach the instrument of accession")
    fixed = services.save_draft(
        focal_point,
        fiji,
        "status",
        rkc(evidence="instrument"),
        submission=back,
        version=back.version,
    )
    assert fixed.state == State.RETURNED
    again = services.submit(focal_point, fixed)
    assert again.state == State.SUBMITTED
    services.approve(secretariat_officer, again)
    assert MemberStatus.objects.get().evidence == "instrument"


def test_a_stale_step_is_refused(fiji, focal_point, secretariat_officer, secretariat_admin):
    sent = services.submit(focal_point, services.save_draft(focal_point, fiji, "status", rkc()))
    seen = sent.version
    services.reject(secretariat_admin, sent, "Duplicate of an earlier report", version=seen)
    with pytest.raises(services.SubmissionError, match="changed since you opened it"):
        services.approve(secretariat_officer, sent, version=seen)
    with pytest.raises(services.SubmissionError, match="it is rejected by sec-admin"):
        services.approve(secretariat_officer, sent)
    assert not MemberStatus.objects.exists()


def test_who_may_take_which_step(
    fiji, focal_point, other_focal_point, secretariat_officer, viewer, other_viewer
):
    with pytest.raises(PermissionDenied):
        services.save_draft(other_focal_point, fiji, "status", rkc())
    with pytest.raises(PermissionDenied):
        services.save_draft(secretariat_officer, fiji, "status", rkc())
    draft = services.save_draft(focal_point, fiji, "status", rkc())
    with pytest.raises(PermissionDenied):
        services.submit(other_focal_point, draft)
    sent = services.submit(focal_point, draft)
    for who in (focal_point, viewer, other_focal_point):
        with pytest.raises(PermissionDenied):
            services.approve(who, sent)


def test_an_oco_secretariat_reviews_fiji_but_not_a_non_member(fiji, reference):
    from tests.conftest import make_user

    oco = make_user("oco-officer", "secretariat_officer", org="oco")
    fp = make_user("fp-sgp", "focal_point", member="SGP")
    sgp = Member.objects.get(iso3="SGP")
    sent = services.submit(fp, services.save_draft(fp, sgp, "status", rkc()))
    with pytest.raises(PermissionDenied):
        services.approve(oco, sent)


def test_an_activity_with_participants_is_approved_in_one_write(
    fiji, focal_point, secretariat_officer
):
    rows = {
        "activities": [
            {
                "kind": "workshop",
                "title": "National RKC workshop",
                "start": "2026-05-04",
                "end": "2026-05-06",
                "place": "Suva",
            }
        ],
        "participations": [
            {"person": f"Officer {i}", "gender": "female" if i % 2 else "male"} for i in range(30)
        ],
    }
    sent = services.submit(focal_point, services.save_draft(focal_point, fiji, "activity", rows))
    assert sent.title == "National RKC workshop (30 participants)"
    services.approve(secretariat_officer, sent)
    activity = Activity.objects.get()
    assert activity.host.iso3 == "FJI"
    assert Participation.objects.filter(activity=activity, member__iso3="FJI").count() == 30


def test_bulk_approve_leaves_a_failing_one_waiting(fiji, focal_point, secretariat_officer):
    one = services.submit(focal_point, services.save_draft(focal_point, fiji, "status", rkc()))
    two = services.submit(
        focal_point,
        services.save_draft(focal_point, fiji, "status", rkc(effective="2026-04-01")),
    )
    # Recorded by the Secretariat meanwhile: the second now collides with it.
    MemberStatus.objects.create(
        ref="ST-X",
        member=fiji,
        topic_id=two.topic_id,
        status="achieved",
        effective=datetime.date(2026, 4, 1),
    )
    result = services.bulk_approve(secretariat_officer, [one, two])
    assert [s.pk for s in result.approved] == [one.pk]
    ((refused, why),) = result.refused
    assert refused.pk == two.pk and "already recorded" in why
    assert Submission.objects.get(pk=two.pk).state == State.SUBMITTED
