"""The desk's figures (/requests/figures/ and its CSV): open requests by age, the median days
to answer and to deliver by sub-region, the experts' load; medians on values; who reads them;
a query count that does not grow with the data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from stratmon.desk import services
from stratmon.desk.figures import band_of, median
from stratmon.desk.models import Kind, State, Step
from stratmon.facts.models import Activity, ExpertAssignment
from stratmon.plans.models import Member, Organisation

from .conftest import TODAY, make_expert

DAY = datetime.timedelta(days=1)
URL = "/requests/figures/"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([7], Decimal(7)),
        ([9, 1, 5], Decimal(5)),
        ([4, 1], Decimal("2.5")),
        ([10, 2, 4, 30], Decimal(7)),
        ([0, 0, 0, 1], Decimal(0)),
    ],
)
def test_median_of_odd_even_and_no_values(values, expected):
    assert median(values) == expected


@pytest.mark.parametrize(
    ("days", "band"), [(0, 0), (30, 0), (31, 1), (90, 1), (91, 2), (180, 2), (181, 3), (999, 3)]
)
def test_age_bands_include_their_edges(days, band):
    assert band_of(days) == band


def file(user, iso3: str, received: datetime.date, org: str = "rocb-ap"):
    from stratmon.desk.services import Filing, file_request

    filing = Filing(
        organisation=Organisation.objects.get(code=org),
        member=Member.objects.get(iso3=iso3),
        subject=f"Advice for {iso3}",
        kind=Kind.OTHER,
        received_on=received,
    )
    return file_request(filing, user=user)


def delivered(case, on: datetime.date) -> None:
    """Mark `case` delivered on `on` without the activity (the figures read the step)."""
    Step.objects.create(case=case, state=State.DELIVERED, on=on)
    type(case).objects.filter(pk=case.pk).update(state=State.DELIVERED)


@pytest.fixture
def desk(builtin, secretariat_officer):
    """Requests of WCO A/P: Fiji and Australia (Oceania), Japan (Far East), in several states
    and ages, and one of OCO that must not count."""
    o = secretariat_officer
    fresh = file(o, "FJI", TODAY - 10 * DAY)  # received, 0–30
    old = file(o, "JPN", TODAY - 200 * DAY)
    services.accept(old, user=o, on=TODAY - 196 * DAY)  # accepted after 4 days, >180
    mid = file(o, "AUS", TODAY - 100 * DAY)
    services.accept(mid, user=o, on=TODAY - 90 * DAY)  # 10 days, accepted, 91–180
    no = file(o, "FJI", TODAY - 60 * DAY)
    services.decline(no, "Out of scope", user=o, on=TODAY - 59 * DAY)  # 1 day, closed
    done = file(o, "AUS", TODAY - 120 * DAY)
    services.accept(done, user=o, on=TODAY - 118 * DAY)  # 2 days
    delivered(done, TODAY - 20 * DAY)  # delivered after 100 days
    file(o, "COK", TODAY - 5 * DAY, org="oco")
    return {"fresh": fresh, "old": old, "mid": mid, "no": no, "done": done}


@pytest.fixture
def load(builtin):
    """Two experts' assignments to WCO A/P's activities in 2025, one cancelled, one of OCO."""
    aiko, ben = make_expert("EXP-A", "Aiko Tanaka"), make_expert("EXP-B", "Ben Lee")
    rocb, oco = Organisation.objects.get(code="rocb-ap"), Organisation.objects.get(code="oco")
    D = datetime.date

    def assign(n, expert, start, end, organiser=rocb, status="held"):
        activity = Activity.objects.create(
            ref=f"ACT-{n}",
            kind="mission",
            title=f"Mission {n}",
            start=start,
            end=end,
            organiser=organiser,
            status=status,
        )
        ExpertAssignment.objects.create(ref=f"EA-{n}", activity=activity, expert=expert)

    assign(1, aiko, D(2025, 3, 3), D(2025, 3, 7))
    assign(2, aiko, D(2025, 3, 20), D(2025, 3, 21))
    assign(3, aiko, D(2024, 12, 30), D(2025, 1, 2))  # 2 of its days in 2025, counted in Jan
    assign(4, ben, D(2025, 11, 10), D(2025, 11, 10))
    assign(5, ben, D(2025, 6, 1), D(2025, 6, 5), status="cancelled")
    assign(6, ben, D(2025, 6, 1), D(2025, 6, 5), organiser=oco)


def test_open_requests_by_age_and_state(client, desk, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(URL)
    assert response.status_code == 200
    f = response.context["f"]
    rows = {r.state: r.counts for r in f.ages}
    assert rows["received"] == (1, 0, 0, 0)
    assert rows["accepted"] == (0, 0, 1, 1)
    assert f.age_totals == (1, 0, 1, 1) and f.open_total == 3
    page = response.content.decode()
    assert 'id="age-all"' in page and "over 180 days" in page


def test_median_days_to_answer_and_deliver_by_subregion(client, desk, secretariat_officer):
    client.force_login(secretariat_officer)
    timings = {t.subregion: t for t in client.get(URL).context["f"].timings}
    oceania = timings["Australasia / Oceania"]
    assert (oceania.answered, oceania.answer_median) == (3, Decimal(2))  # 10, 1, 2 days
    assert (oceania.delivered, oceania.deliver_median) == (1, Decimal(100))
    far_east = timings["Far East"]
    assert (far_east.answered, far_east.answer_median, far_east.delivered) == (1, 4, 0)
    assert far_east.deliver_median is None
    every = timings["all"]
    assert (every.answered, every.answer_median) == (4, Decimal(3))  # 1, 2, 4, 10
    assert list(timings)[-1] == "all"


def test_experts_load_over_the_year(client, load, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(URL + "?year=2025")
    f = response.context["f"]
    aiko, ben = f.load
    assert aiko.key == "EXP-A" and aiko.months[0] == 1 and aiko.months[2] == 2
    assert (aiko.activities, aiko.days) == (3, 5 + 2 + 2)
    assert (ben.activities, ben.days, ben.months[10]) == (1, 1, 1)
    assert f.month_totals[2] == 2 and sum(f.month_totals) == 4
    page = response.content.decode()
    assert 'id="load-EXP-A"' in page and "<meter" in page and "style=" not in page


def test_a_year_without_assignments_says_so(client, load, secretariat_officer):
    client.force_login(secretariat_officer)
    page = client.get(URL + "?year=2019").content.decode()
    assert 'id="no-load"' in page


@pytest.mark.parametrize("year", ["20x5", "99", "0000"])
def test_a_bad_year_says_so_and_shows_this_year(client, builtin, secretariat_officer, year):
    client.force_login(secretariat_officer)
    response = client.get(URL + f"?year={year}")
    assert response.status_code == 200 and response.context["f"].year == TODAY.year
    assert "is not a year" in response.content.decode()
    assert client.get(f"/requests/figures.csv?year={year}").status_code == 400


def test_the_csv_holds_the_same_figures(client, desk, load, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get("/requests/figures.csv?year=2025")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "all open,1,0,1,1,3" in text
    assert "Australasia / Oceania,3,2,1,100" in text
    assert "Aiko Tanaka,EXP-A,1,0,2,0,0,0,0,0,0,0,0,0,3,9" in text


def test_the_superuser_chooses_the_organisation(client, desk, superuser):
    client.force_login(superuser)
    response = client.get(URL + "?org=oco")
    assert response.context["org"].code == "oco" and response.context["f"].open_total == 1
    response = client.get(URL + "?org=nowhere")
    assert "No organisation" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status", "org"),
    [
        ("superuser", 200, "oco"),  # the first by short name
        ("secretariat_admin", 200, "rocb-ap"),
        ("secretariat_officer", 200, "rocb-ap"),
        ("viewer", 200, "rocb-ap"),
        ("other_viewer", 200, "oco"),
        ("focal_point", 403, None),
        ("other_focal_point", 403, None),
    ],
)
def test_the_secretariat_and_viewers_read_their_organisations_figures(
    client, builtin, request, role, status, org
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL + "?org=rocb-ap")
    assert response.status_code == status
    assert client.get("/requests/figures.csv").status_code == status
    if org is not None and role != "superuser":
        assert response.context["org"].code == org


def test_a_visitor_is_sent_to_sign_in(client, builtin):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("copies", [1, 4])
def test_the_page_reads_in_the_same_queries_whatever_the_data(
    client, desk, load, secretariat_officer, django_assert_num_queries, copies
):
    for i in range(copies - 1):
        file(secretariat_officer, "JPN", TODAY - (i + 40) * DAY)
        activity = Activity.objects.create(
            ref=f"ACT-C{i}",
            kind="training",
            title="t",
            start=datetime.date(2025, 5, 5),
            end=datetime.date(2025, 5, 6),
            organiser=Organisation.objects.get(code="rocb-ap"),
        )
        expert = make_expert(f"EXP-C{i}", f"Chen {i}")
        ExpertAssignment.objects.create(ref=f"EA-C{i}", activity=activity, expert=expert)
    client.force_login(secretariat_officer)
    client.get(URL)
    # session, user, organisations; ages, sub-regions, answered, delivered, load; the nav
    with django_assert_num_queries(9):
        assert client.get(URL + "?year=2025").status_code == 200
