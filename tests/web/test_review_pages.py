"""The review inbox, a submission's page and its steps, and the plan page's preview."""

import pytest

from stratmon.facts.models import MemberStatus
from stratmon.submissions import services
from stratmon.submissions.models import Submission

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"


def send(user, effective="2026-01-05", topic="rkc"):
    rows = {"member_statuses": [{"topic": topic, "status": "achieved", "effective": effective}]}
    return services.submit(user, services.save_draft(user, user.role.member, "status", rows))


def test_the_inbox_lists_waiting_submissions_with_filters(
    client, builtin, focal_point, secretariat_officer
):
    one = send(focal_point)
    two = send(focal_point, topic="trs")
    client.force_login(secretariat_officer)
    html = client.get("/review/").content.decode()
    assert f"submission-{one.pk}" in html and f"submission-{two.pk}" in html
    assert 'id="nav-review">Review inbox <span class="count">2</span>' in html
    html = client.get("/review/?topic=trs").content.decode()
    assert f"submission-{one.pk}" not in html and f"submission-{two.pk}" in html
    html = client.get("/review/?older_than=30").content.decode()
    assert "Nothing is waiting for review with these filters" in html


def test_the_inbox_costs_the_same_queries_whatever_is_waiting(
    client, builtin, focal_point, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    send(focal_point)
    # session and user; nav count; the page count and page; Members; topics
    with django_assert_num_queries(2 + 1 + 2 + 2):
        client.get("/review/")
    for n in range(2, 30):
        send(focal_point, effective=f"2026-01-{n:02d}")
    with django_assert_num_queries(2 + 1 + 2 + 2):
        client.get("/review/")


def test_bulk_approve_writes_each(client, builtin, focal_point, secretariat_officer):
    sent = [send(focal_point), send(focal_point, topic="trs")]
    client.force_login(secretariat_officer)
    response = client.post("/review/approve/", {"ids": [s.pk for s in sent]}, follow=True)
    assert "Approved 2" in response.content.decode()
    assert MemberStatus.objects.count() == 2
    assert not Submission.objects.filter(state="submitted").exists()


def test_return_needs_a_comment_then_the_focal_point_reads_it(
    client, builtin, focal_point, secretariat_officer
):
    sent = send(focal_point)
    client.force_login(secretariat_officer)
    path = f"/submissions/{sent.pk}/return/"
    response = client.post(path, {"version": sent.version, "comment": ""})
    assert response.status_code == 409
    assert "Say why you return it" in response.content.decode()
    client.post(path, {"version": sent.version, "comment": "Attach the gazette"})
    client.force_login(focal_point)
    html = client.get("/submissions/").content.decode()
    assert "Attach the gazette" in html and "Returned for correction" in html
    assert 'id="nav-submissions">My submissions <span class="count">1</span>' in html


def test_a_stale_approval_is_refused(client, builtin, focal_point, secretariat_officer):
    sent = send(focal_point)
    services.withdraw(focal_point, sent)
    client.force_login(secretariat_officer)
    response = client.post(f"/submissions/{sent.pk}/approve/", {"version": sent.version})
    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert not MemberStatus.objects.exists()


def test_the_plan_page_previews_pending_submissions_without_counting_them(
    client, builtin, focal_point, secretariat_officer
):
    sent = send(focal_point, effective="2023-01-05")
    client.force_login(secretariat_officer)
    page = client.get(f"/plans/{ROCB}/?as_of=2024-06-30").content.decode()
    assert "1 submission from Members is waiting" in page
    assert "With pending submissions:" not in page
    preview = client.get(f"/plans/{ROCB}/?as_of=2024-06-30&pending=1").content.decode()
    assert "with the 1 pending submission approved" in preview
    assert "With pending submissions:" in preview
    assert not MemberStatus.objects.exists()  # nothing was kept
    assert Submission.objects.get(pk=sent.pk).state == "submitted"
    # Viewers and focal points see neither the count nor the preview.
    client.force_login(focal_point)
    assert "pending-toggle" not in client.get(f"/plans/{ROCB}/?pending=1").content.decode()
