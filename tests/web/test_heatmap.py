"""The Member × topic heat map: its cells against the KPI evaluations, its order, its htmx
partial, its workbook (read back, and through LibreOffice), and fixed query counts.

Every count includes the two queries of a signed-in request: its session, and its user with
the user's role.
"""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from stratmon.facts import sample
from stratmon.facts.models import MemberStatus, Participation
from stratmon.kpis.heatmap import build_heatmap
from stratmon.kpis.live import plan_evaluations
from stratmon.kpis.member_counts import member_count_kpis
from stratmon.plans.models import Member, Organisation, Plan
from stratmon.web.heatmap_xlsx import COLOURS
from tests.facts.test_workbook_libreoffice import SOFFICE, resave

pytestmark = pytest.mark.django_db
D = datetime.date
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
URL = f"/plans/{ROCB}/heatmap/"
XLSX = f"/plans/{ROCB}/heatmap.xlsx"
AS_OF = D(2024, 6, 30)


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


def rows_of(html):
    """{ISO3: [cell state, …]} in page order."""
    found = {}
    for iso3, row in re.findall(r'<tr id="member-(\w+)">(.*?)</tr>', html, re.S):
        found[iso3] = re.findall(r'<td class="hm hm-(\w+)"', row)
    return found


def test_each_column_counts_as_many_members_as_its_kpi(client, sampled, viewer):
    client.force_login(viewer)
    plan = Plan.objects.current().get(code=ROCB)
    for as_of in (D(2022, 12, 31), D(2023, 6, 30), AS_OF):
        kpis = member_count_kpis(
            plan.kpis.select_related("action", "plan").order_by("order"), "member_statuses"
        )
        evaluations = plan_evaluations(plan, as_of, kpis)
        html = client.get(f"{URL}?as_of={as_of}").content.decode()
        rows = rows_of(html)
        # the Members of WCO A/P on the date: 33, then Solomon Islands (2023), Palau (2024)
        assert len(rows) == Member.objects.of(plan.organisation, as_of).count()
        assert len(rows) == {D(2022, 12, 31): 33, D(2023, 6, 30): 34, AS_OF: 35}[as_of]
        # then a column's "in" cells are as many as its KPI's actual, as its footer says
        totals = re.search(r'<tr class="hm-totals">(.*?)</tr>', html, re.S).group(1)
        footer = [int(n) for n in re.findall(r"<td>(\d+)</td>", totals)]
        ins = [sum(cells[i] == "in" for cells in rows.values()) for i in range(len(kpis))]
        assert ins == footer == [int(e.result.actual or 0) for e in evaluations]
        assert sum(ins) > 300


def test_cells_say_the_members_status_and_when_it_got_there(client, sampled, viewer):
    client.force_login(viewer)
    h = build_heatmap(Plan.objects.current().get(code=ROCB), AS_OF, "subregion")
    codes = [c.topic.code for c in h.columns]
    for row in h.rows:
        statuses = {
            s.topic.code: s
            for s in MemberStatus.objects.current(AS_OF)
            .filter(member=row.member)
            .select_related("topic")
        }
        for code, cell, column in zip(codes, row.cells, h.columns, strict=True):
            s = statuses.get(code)
            assert cell.status == (s.status if s else "")
            if cell.state == "in" and not column.new_adopters:
                assert cell.counted_on == s.effective and s.status == "achieved"
            assert (cell.state == "none") == (s is None)
        assert row.achieved == sum(
            1 for c in codes if c in statuses and statuses[c].status == "achieved"
        )
    # a new-adopter column counts only Members that got there within the plan
    new = next(i for i, c in enumerate(h.columns) if c.new_adopters)
    before = [
        r for r in h.rows if r.cells[new].status == "achieved" and r.cells[new].state == "out"
    ]
    assert before and all(r.cells[new].since < D(2022, 7, 1) for r in before)


def test_rows_are_grouped_by_subregion_or_sorted(client, sampled, viewer):
    client.force_login(viewer)
    html = client.get(f"{URL}?as_of={AS_OF}").content.decode()
    groups = re.findall(r'<th scope="rowgroup"[^>]*>([^<]+) <span', html)
    assert groups == ["ASEAN", "Australasia / Oceania", "Far East", "Sub-Continent"]
    fiji = html.index('id="member-FJI"')
    assert html.index(">Australasia / Oceania <") < fiji < html.index(">Far East <")
    by_name = rows_of(client.get(f"{URL}?as_of={AS_OF}&sort=name").content.decode())
    names = dict(Member.objects.values_list("iso3", "name"))
    assert [names[i] for i in by_name] == sorted(names[i] for i in by_name)
    h = build_heatmap(Plan.objects.current().get(code=ROCB), AS_OF, "achieved")
    achieved = [r.achieved for r in h.rows]
    assert achieved == sorted(achieved, reverse=True) and achieved[0] > achieved[-1]
    html = client.get(f"{URL}?as_of={AS_OF}&sort=achieved").content.decode()
    assert list(rows_of(html)) == [r.member.iso3 for r in h.rows]
    assert 'aria-sort="descending"' in html and "rowgroup" not in html


def test_htmx_gets_the_heat_map_alone(client, builtin, viewer):
    client.force_login(viewer)
    response = client.get(f"{URL}?sort=name", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="heatmap"') and "<html" not in html
    assert "HX-Request" in response["Vary"]
    # a page htmx restores from history is a whole page
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get(URL, headers=restore).content.decode()
    full = client.get(f"{URL}?sort=name").content.decode()
    assert '<div id="heatmap"' in full and 'hx-push-url="true"' in full and "<html" in full


def test_bad_input_says_so(client, builtin, viewer):
    client.force_login(viewer)
    html = client.get(f"{URL}?as_of=2024-13-01&sort=colour").content.decode()
    assert "&#x27;2024-13-01&#x27; is not a date (YYYY-MM-DD); showing today." in html
    assert "&#x27;colour&#x27; is not a way to sort (subregion, name, achieved)" in html
    response = client.get(f"{XLSX}?as_of=2024-13-01")
    assert response.status_code == 400 and b"is not a date" in response.content
    assert client.get(f"{XLSX}?sort=colour").status_code == 400
    assert client.get("/plans/nope/heatmap/").status_code == 404


def test_cells_link_to_profiles_the_user_may_read(client, builtin, viewer, focal_point):
    client.force_login(viewer)
    assert "/members/" not in client.get(URL).content.decode()  # profiles not shared
    client.force_login(focal_point)
    html = client.get(URL).content.decode()
    assert set(re.findall(r'href="/members/(\w+)/', html)) == {"FJI"}  # its own only
    Organisation.objects.filter(code="rocb-ap").update(share_member_profiles=True)
    client.force_login(viewer)
    html = client.get(f"{URL}?as_of={AS_OF}").content.decode()
    assert len(set(re.findall(r'href="/members/(\w+)/', html))) == 35
    assert f'href="/members/FJI/?as_of={AS_OF}#topic-rkc"' in html


def test_a_plan_without_subregions_groups_its_members_under_one_heading(
    client, builtin, other_viewer
):
    client.force_login(other_viewer)
    html = client.get(f"/plans/{OCO}/heatmap/?as_of=2024-06-30").content.decode()
    assert re.findall(r'<th scope="rowgroup"[^>]*>([^<]+) <span', html) == [
        "No sub-region recorded"
    ]
    assert html.count('<th scope="col" class="hm-col"') == 1  # 3.1.1.n, new RKC adopters
    assert len(rows_of(html)) == 23


def test_the_workbook_holds_the_same_cells_in_the_same_order(client, sampled, viewer):
    client.force_login(viewer)
    response = client.get(f"{XLSX}?as_of={AS_OF}&sort=achieved")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="heatmap-{ROCB}-{AS_OF}.xlsx"'
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    check_workbook(book, build_heatmap(Plan.objects.current().get(code=ROCB), AS_OF, "achieved"))


def check_workbook(book, h, frozen=True):
    assert book.sheetnames == ["Heat map", "Legend"]
    ws = book["Heat map"]
    if frozen:
        assert ws.freeze_panes == "E4"
    header = [c.value for c in ws[3]]
    assert header[:4] == ["Sub-region", "Member", "ISO3", "Topics achieved"]
    assert header[4:] == [f"{c.evaluation.kpi.code} {c.title}" for c in h.columns]
    lines = list(ws.iter_rows(min_row=4, max_row=3 + len(h.rows)))
    assert [line[2].value for line in lines] == [r.member.iso3 for r in h.rows]
    for line, row in zip(lines, h.rows, strict=True):
        assert line[3].value == row.achieved
        for xl, cell in zip(line[4:], row.cells, strict=True):
            fill, ink = COLOURS[cell.state]
            assert xl.fill.fgColor.rgb[-6:] == fill and xl.font.color.rgb[-6:] == ink
            assert xl.value.startswith(cell.symbol)
            if cell.state == "in" and cell.counted_on:
                assert cell.counted_on.isoformat() in xl.value
    totals = [c.value for c in ws[4 + len(h.rows)][4:]]
    assert totals == [c.counted for c in h.columns]
    assert [c.counted for c in h.columns] == [
        int(c.evaluation.result.actual or 0) for c in h.columns
    ]
    legend = book["Legend"]
    assert [legend.cell(row=r, column=2).value for r in (2, 3, 4)] == [
        "counted by the KPI",
        "a status in force, not counted",
        "no status recorded",
    ]
    assert legend["A2"].fill.fgColor.rgb[-6:] == COLOURS["in"][0]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; .ci/run installs it")
def test_libreoffice_opens_and_saves_the_workbook_unchanged(client, sampled, viewer, tmp_path):
    client.force_login(viewer)
    response = client.get(f"{XLSX}?as_of={AS_OF}")
    path = tmp_path / "heatmap.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    book = load_workbook(resave(path, tmp_path))
    # Saved without a window (headless), LibreOffice writes no view: the frozen panes go.
    h = build_heatmap(Plan.objects.current().get(code=ROCB), AS_OF, "subregion")
    check_workbook(book, h, frozen=False)


def test_text_that_looks_like_a_formula_stays_text(client, builtin, viewer):
    Member.objects.filter(iso3="FJI").update(name='=HYPERLINK("http://evil.example","x")')
    client.force_login(viewer)
    book = load_workbook(io.BytesIO(b"".join(client.get(XLSX).streaming_content)))
    names = [c.value for c in book["Heat map"]["B"]]
    assert '=HYPERLINK("http://evil.example","x")' in names
    assert all(c.data_type != "f" for row in book["Heat map"].iter_rows() for c in row)


# session and user (2); the plan, its KPIs; the data version (the key of what is kept); the
# KPIs' evaluation: the Members on the date, the status levels (two), the two new-adopter
# KPIs (one each); the statuses in force; the new adopters (one each); the topics; the
# Members; which profiles the user may open. Again with the same data, the evaluation, the
# statuses in force, the new adopters and the plan are kept (stratmon.kpis.live): nine
# queries fewer.
HEATMAP = 2 + 2 + 1 + (1 + 2 + 2) + 1 + 2 + 1 + 1 + 1
KEPT = (1 + 2 + 2) + 1 + 2 + 1


@pytest.mark.parametrize(
    ("user", "path", "queries"),
    [
        ("viewer", URL, HEATMAP),
        ("secretariat_officer", URL, HEATMAP + 1),  # + the navigation's count
        ("viewer", XLSX, HEATMAP - 1),  # no links in the workbook
    ],
)
def test_the_heat_map_costs_the_same_queries_whatever_the_data(
    client, builtin, request, django_assert_num_queries, user, path, queries
):
    client.force_login(request.getfixturevalue(user))
    sizes = []
    for day in (D(2023, 1, 31), D(2026, 11, 22)):
        sample.remove_sample()
        sample.load_sample(day)
        sizes.append(MemberStatus.objects.count() + Participation.objects.count())
        for expected in (queries, queries - KEPT):
            with django_assert_num_queries(expected):
                response = client.get(f"{path}?as_of={AS_OF}")
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
            assert response.status_code == 200 and len(body) > 10_000
    assert sizes[1] > sizes[0] * 1.3


def test_a_write_shows_at_once(client, builtin, viewer):
    # given the heat map seen once (and so kept)
    client.force_login(viewer)
    before = rows_of(client.get(f"{URL}?as_of={AS_OF}").content.decode())
    rkc = [
        c.evaluation.kpi.code
        for c in build_heatmap(Plan.objects.current().get(code=ROCB), AS_OF, "subregion").columns
    ].index("1.g")
    assert before["FJI"][rkc] == "none"
    # when Fiji's accession to the RKC is recorded
    from stratmon.facts.records import save_records

    row = {
        "id": "ST-1",
        "member": "FJI",
        "topic": "rkc",
        "status": "achieved",
        "effective": "2024-03-12",
    }
    save_records({"member_statuses": [row]}, user=None, via="test")
    # then the next view counts it
    after = rows_of(client.get(f"{URL}?as_of={AS_OF}").content.decode())
    assert after["FJI"][rkc] == "in"
