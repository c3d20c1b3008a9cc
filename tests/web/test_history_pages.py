"""The history pages: the Secretariat reads its organisation's entries, in a fixed number of
queries however many there are; nobody else reads them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stratmon.facts.models import MemberStatus
from stratmon.history.models import Change
from stratmon.history.recording import record_change
from stratmon.plans.models import Organisation, Plan

pytestmark = pytest.mark.django_db


def statuses(user, iso3, n, *, reason="", via="admin"):
    """`n` entries, each updating one status of the Member `iso3`."""
    for i in range(n):
        ref = f"MS-{iso3}-{i}"
        record_change(
            user=user,
            via=via,
            model=MemberStatus,
            verb="updated",
            refs=[ref],
            details={ref: {"status": ["in_progress", "achieved"]}},
            values={ref: {"member": iso3}},
            reason=reason,
        )


def test_an_officer_reads_its_organisations_entries_with_their_reasons(client, secretariat_officer):
    # given an entry about Fiji (a Member of WCO A/P) with a reason, and one about the Cook
    # Islands (of OCO only)
    statuses(None, "FJI", 1, reason="as reported at the <b>2024</b> conference")
    statuses(None, "COK", 1)
    client.force_login(secretariat_officer)
    # when the officer opens the history
    response = client.get("/history/")
    # then it reads Fiji's entry, its line and its reason (escaped), not the Cook Islands'
    body = response.content.decode()
    assert response.status_code == 200
    assert "MS-FJI-0" in body and "in_progress → achieved" in body
    assert "Reason: as reported at the &lt;b&gt;2024&lt;/b&gt; conference" in body
    assert "MS-COK-0" not in body


def test_an_entry_of_many_members_shows_only_the_records_of_members_one_may_see(
    client, secretariat_admin
):
    # given one import naming a status of Fiji and one of the Cook Islands
    record_change(
        user=None,
        via="workbook",
        source="data.xlsx",
        model=MemberStatus,
        verb="created",
        refs=["MS-1", "MS-2"],
        details={"MS-1": {"member": "FJI"}, "MS-2": {"member": "COK"}},
    )
    client.force_login(secretariat_admin)
    body = client.get("/history/").content.decode()
    assert "MS-1" in body and "MS-2" not in body and "COK" not in body
    assert "1 record of Members outside your organisation not shown" in body


def test_entries_of_another_organisation_and_by_its_users_are_not_listed(
    client, secretariat_admin, other_viewer, secretariat_officer
):
    # given an entry of OCO, one by OCO's viewer about the Cook Islands (OCO only), and one by
    # WCO A/P's officer about the Cook Islands
    oco = Organisation.objects.get(code="oco")
    record_change(
        user=None, via="web", model=Plan, verb="updated", refs=["oco-x v1"], organisation=oco
    )
    statuses(other_viewer, "COK", 1)
    statuses(secretariat_officer, "COK", 1)
    # when WCO A/P's admin opens the history
    client.force_login(secretariat_admin)
    body = client.get("/history/").content.decode()
    # then only its officer's entry is listed, without the Cook Islands' record
    assert "oco-x v1" not in body and "viewer-oco" not in body
    assert "sec-officer" in body and "MS-COK-0" not in body
    assert "1 record of Members outside your organisation not shown" in body


def test_the_record_member_and_user_pages_list_their_entries(client, secretariat_admin):
    statuses(secretariat_admin, "FJI", 2)
    statuses(None, "AUS", 1)
    client.force_login(secretariat_admin)
    record = client.get("/history/record/memberstatus/MS-FJI-1/").content.decode()
    assert "MS-FJI-1" in record and "MS-FJI-0" not in record
    member = client.get("/history/member/fji/").content.decode()
    assert "MS-FJI-0" in member and "MS-FJI-1" in member and "MS-AUS-0" not in member
    mine = client.get(f"/history/user/{secretariat_admin.pk}/").content.decode()
    assert "MS-FJI-0" in mine and "MS-AUS-0" not in mine


def test_the_list_filters_by_kind_via_user_member_and_date(client, reference, superuser, viewer):
    statuses(viewer, "FJI", 1, via="web")
    statuses(None, "AUS", 1, via="workbook")
    client.force_login(superuser)

    def shown(query):
        body = client.get(f"/history/?{query}").content.decode()
        return {r for r in ("MS-FJI-0", "MS-AUS-0") if r in body}

    assert shown("via=web") == {"MS-FJI-0"}
    assert shown("user=viewer-rocb") == {"MS-FJI-0"}
    assert shown("member=aus") == {"MS-AUS-0"}
    assert shown("model=memberstatus") == {"MS-FJI-0", "MS-AUS-0"}
    assert shown("model=activity") == set()
    assert shown("since=2999-01-01") == set()
    assert shown("until=2999-01-01") == {"MS-FJI-0", "MS-AUS-0"}
    assert "is not a date" in client.get("/history/?since=soon").content.decode()


def test_the_list_pages_fifty_entries_at_a_time(client, reference, superuser):
    statuses(None, "FJI", 51)
    client.force_login(superuser)
    first = client.get("/history/").content.decode()
    assert "MS-FJI-50" in first and "MS-FJI-0" not in first and "page=2" in first
    assert "MS-FJI-0" in client.get("/history/?page=2").content.decode()


def test_a_large_entry_lists_its_first_records_and_counts_the_others(client, reference, superuser):
    refs = [f"MS-{i:03}" for i in range(30)]
    record_change(
        user=None,
        via="workbook",
        model=MemberStatus,
        verb="created",
        refs=refs,
        details={r: {"member": "FJI"} for r in refs},
    )
    client.force_login(superuser)
    body = client.get("/history/").content.decode()
    assert "MS-004" in body and "MS-005" not in body and "… and 25 more records" in body


@pytest.mark.parametrize(
    ("path", "status"),
    [("/history/member/COK/", 404), ("/history/member/XXX/", 404), ("/history/user/999/", 404)],
)
def test_members_and_users_outside_the_organisation_do_not_exist_here(
    client, secretariat_officer, path, status
):
    client.force_login(secretariat_officer)
    assert client.get(path).status_code == status


@pytest.mark.parametrize("role", ["focal_point", "viewer"])
def test_focal_points_and_viewers_may_not_read_the_history(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/history/").status_code == 403
    assert "/history/" not in client.get("/").content.decode()


def test_the_secretariat_has_the_history_in_its_navigation(client, secretariat_officer):
    client.force_login(secretariat_officer)
    assert 'href="/history/"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "path",
    ["/history/", "/history/record/memberstatus/MS-FJI-0/", "/history/member/FJI/", "USER"],
)
@pytest.mark.parametrize("role", ["superuser", "secretariat_admin"])
def test_each_page_costs_the_same_queries_for_3_or_30_entries(
    client, request, reference, path, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    path = f"/history/user/{user.pk}/" if path == "USER" else path
    counts = []
    for n in (3, 27):  # 3 entries, then 30
        statuses(user, "FJI", n)
        statuses(user, "COK", 1)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == PAGE_QUERIES[role, path.split("/")[2] or "list"]
    assert Change.objects.count() == 32


# Session and user (with its role), the navigation's count of submissions waiting (NAV),
# the page's count and entries; for those not superusers,
# the Members and users they may see; the Member or user the page is about.
NAV = 1
PAGE_QUERIES = {
    ("superuser", "list"): 4 + NAV,
    ("superuser", "record"): 4 + NAV,
    ("superuser", "member"): 5 + NAV,
    ("superuser", "user"): 5 + NAV,
    ("secretariat_admin", "list"): 6 + NAV,
    ("secretariat_admin", "record"): 6 + NAV,
    ("secretariat_admin", "member"): 7 + NAV,
    ("secretariat_admin", "user"): 7 + NAV,
}
