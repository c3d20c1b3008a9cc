"""Suggested measures: the rules on wordings the seed plans do not use (other plans' words)."""

import pytest

from stratmon.planfiles.measures import parse_measure

from .suggest_cases import suggest


@pytest.mark.parametrize(
    ("action", "indicator", "target", "measure"),
    [
        # Member counts with a topic named by a synonym, an acronym or a spelling
        (
            "Support accession to the Kyoto Convention",
            "Number of Members that have acceded to the Revised Kyoto Convention",
            "At least 30 Members",
            {"source": "member_statuses", "topic": "rkc"},
        ),
        (
            "Promote electronic one-stop clearance",
            "Members with an operational National Single Window",
            "15/20 Members",
            {"source": "member_statuses", "topic": "single-window"},
        ),
        (
            "Help Members adopt the SAFE Framework",
            "Members implementing an Authorised Economic Operator programme",
            "At least 12/20 Members",
            {"source": "member_statuses", "topic": "aeo"},
        ),
        (
            "Roll out passenger data",
            "Members using API/PNR",
            "10 Members",
            {"source": "member_statuses", "topic": "api-pnr"},
        ),
        (
            "Time release",
            "Number of Members with TRS conducted",
            "10 administrations",
            {"source": "member_statuses", "topic": "trs"},
        ),
        # new adopters: "new"/"additional" words, or Members per period
        (
            "Support Members to accede to the HS Convention",
            "New contracting parties to the HS Convention",
            "At least 3 per year",
            {"source": "member_statuses", "topic": "hs-convention", "new_in_period": True},
        ),
        (
            "Promote the Time Release Study",
            "Members undertaking a TRS",
            "At least 2 Members per year",
            {"source": "member_statuses", "topic": "trs", "new_in_period": True},
        ),
        (
            "Promote the Kyoto Convention",
            "Members joining",
            "Adoption by 4 additional members of the RKC",
            {"source": "member_statuses", "topic": "rkc", "new_in_period": True},
        ),
        # Members in agreements, sharing, or taking part
        (
            "Promote mutual recognition",
            "Members who signed a mutual recognition arrangement",
            "12/20 Members",
            {"source": "agreements", "aggregate": "distinct_members", "kinds": ["aeo_mra"]},
        ),
        (
            "Promote peer learning",
            "Members sharing their experiences",
            "At least 6 Members",
            {"source": "outputs", "aggregate": "distinct_members", "kinds": ["experience_sharing"]},
        ),
        (
            "Coach members on audit planning",
            "Number of coached members",
            "At least 6 members",
            {"source": "activities", "aggregate": "distinct_members"},
        ),
        # counts of things
        (
            "Promote mutual recognition",
            "Number of AEO MRAs signed",
            "At least 10",
            {"source": "agreements", "kinds": ["aeo_mra"]},
        ),
        (
            "Report to the Council",
            "Annual report published",
            "Once a year",
            {"source": "outputs", "kinds": ["report"]},
        ),
        (
            "Fight smuggling together",
            "Number of joint operations with partner agencies",
            "At least 2 per year",
            {"source": "activities", "kinds": ["operation"], "with_partners": True},
        ),
        (
            "Convene the heads",
            "Regional meetings of heads of customs",
            "Once a year",
            {"source": "activities", "kinds": ["meeting"]},
        ),
        (
            "Hold webinars",
            "Webinars delivered",
            "At least 4 per year",
            {"source": "activities", "kinds": ["webinar"]},
        ),
        (
            "Run diagnostics",
            "Missions conducted upon request",
            "At least 3 per year",
            {"source": "activities", "kinds": ["mission"]},
        ),
        (
            "Keep Members informed",
            "Newsletter issues published",
            "Quarterly",
            {"source": "outputs", "kinds": ["newsletter_article"]},
        ),
        (
            "Identify needs",
            "Training needs assessments completed",
            "Once a year",
            {"source": "activities", "kinds": ["survey"]},
        ),
        (
            "Show results",
            "Impact",
            "At least 5 success stories",
            {"source": "outputs", "kinds": ["success_story"], "linked": False},
        ),
        (
            "Deliver a course",
            "Officers trained",
            "At least 150 officers",
            {"source": "participations", "linked": True},
        ),
        # shares, means and changes
        (
            "Promote gender equality",
            "Percentage of female participants in training courses",
            "At least 30%",
            {
                "source": "participations",
                "aggregate": "share",
                "activity_kinds": ["seminar", "training", "webinar", "workshop"],
                "numerator": {"genders": ["female"]},
            },
        ),
        (
            "Women in leadership",
            "Proportion of women among heads of delegation at the Council",
            "At least 30%",
            {
                "source": "participations",
                "aggregate": "share",
                "roles": ["head_of_delegation"],
                "numerator": {"genders": ["female"]},
            },
        ),
        (
            "Coordinate technical assistance",
            "Share of requests for technical assistance met within 3 months",
            "At least 80%",
            {"source": "requests", "kinds": ["assistance"], "numerator": {"fulfilled": True}},
        ),
        (
            "Pool experts",
            "Expert missions",
            "Accredited experts for at least 60% of the requested missions",
            {
                "source": "requests",
                "kinds": ["assistance"],
                "activity_kinds": ["mission"],
                "numerator": {"with_accredited_expert": True},
            },
        ),
        (
            "Deliver regional trainings",
            "Participant satisfaction rating",
            "At least 4 out of 5",
            {
                "source": "evaluations",
                "activity_kinds": ["seminar", "training", "webinar", "workshop"],
            },
        ),
        (
            "Promote women",
            "Women heads of delegation at conferences",
            "At least 10% annual growth",
            {
                "source": "participations",
                "aggregate": "change",
                "genders": ["female"],
                "roles": ["head_of_delegation"],
                "activity_kinds": ["meeting"],
            },
        ),
        (
            "Fight smuggling",
            "Members sharing seizure data in the Customs Enforcement Network",
            "At least 20/33 Members",
            {"source": "member_statuses", "topic": "cen-data"},
        ),
        (
            "Communicate",
            "Social media posts published",
            "At least 2 per month",
            {"source": "outputs", "kinds": ["shared_item"]},
        ),
        (
            "Serve Members",
            "Members' satisfaction with the Secretariat's services (survey)",
            "At least 4 out of 5",
            {"source": "evaluations"},
        ),
        # bare targets the grammar leaves unread, read as minimums
        (
            "Promote the RKC",
            "Number of Member administrations that have ratified the RKC",
            "20/24",
            {"source": "member_statuses", "topic": "rkc"},
        ),
        (
            "E-commerce",
            "Number of regional workshops held on e-commerce",
            "2 per year",
            {"source": "activities", "kinds": ["workshop"]},
        ),
        # people named by gender or role are counted as participations
        (
            "Gender",
            "Number of women trained",
            "At least 100 women",
            {"source": "participations", "genders": ["female"], "linked": True},
        ),
        (
            "Conference",
            "Number of heads of delegation attending the annual conference",
            "At least 30",
            {
                "source": "participations",
                "roles": ["head_of_delegation"],
                "activity_kinds": ["meeting"],
                "linked": True,
            },
        ),
        (
            "Workshops",
            "Number of Members participating in regional workshops",
            "At least 20 Members",
            {"source": "activities", "aggregate": "distinct_members", "kinds": ["workshop"]},
        ),
        (
            "Partners",
            "Number of joint training activities with development partners",
            "At least 3 per year",
            {"source": "activities", "kinds": ["training"], "with_partners": True},
        ),
    ],
)
def test_it_suggests_the_measure_the_words_and_target_say(action, indicator, target, measure):
    found = suggest(action, indicator, target)
    assert found.measure == parse_measure(measure), found.reason
    assert found.fit == "good", found.reason


def test_the_reason_quotes_the_kpi_and_names_the_target_kind_and_the_topic():
    found = suggest(
        "Assist Members undertaking a Time Release Study",
        "Number of Members implementing TRS",
        "27/33 Members",
    )
    assert found.reason.startswith("'Number of Members implementing TRS' and a Member count target")
    assert "“Time Release Study undertaken”" in found.reason


def test_a_compound_action_gives_each_kpi_its_own_part():
    action = "Assist Members with: (1) implementation of HS 2022 (2) adoption of the HS Convention"
    assert (
        suggest(action, "Implementing Members", "27 Members", "1.i.1").measure.get("topic")
        == "hs-2022"
    )
    second = suggest(action, "New contracting Members", "6 new contracting parties", "1.i.2")
    assert second.measure.get("topic") == "hs-convention" and second.measure.get("new_in_period")


@pytest.mark.parametrize(
    ("action", "indicator", "target", "fit", "source"),
    [
        (
            "Host a tariff lookup service",
            "Administrations using the service",
            "8/10 administrations",
            "none",
            "milestone",
        ),
        (
            "Share a model excise law",
            "Members adapting the model",
            "At least 3 members",
            "none",
            "milestone",
        ),
        ("Faster clearance", "Average clearance time", "Less than 24 hours", "none", "milestone"),
        ("Map corridors", "Corridors mapped", "All corridors", "none", "milestone"),
        ("Sign a note", "Note signed", "Signed", "good", "milestone"),
        ("Gender", "Gender Equality Plan developed", "Developed by 2024", "good", "milestone"),
        ("AEO", "% of Members with AEO programmes", "60%", "none", "milestone"),
        (
            "Pilot a profile library",
            "Profiles in the library",
            "At least 40 profiles",
            "closest",
            "outputs",
        ),
        (
            "Set up a peer review",
            "Peer reviews held",
            "At least 2 per year",
            "closest",
            "activities",
        ),
        ("Publish the plan", "Plan published", "Completed", "good", "milestone"),
        ("Promote integrity", "Members with a plan adopted", "75% of Members", "none", "milestone"),
        ("Funding", "Funding mobilised from donors", "USD 2 million", "none", "milestone"),
        ("TRS", "Number of TRS conducted", "At least 3", "closest", "member_statuses"),
    ],
)
def test_where_nothing_fits_well_it_says_so(action, indicator, target, fit, source):
    found = suggest(action, indicator, target)
    assert (found.fit, found.measure.source) == (fit, source), found.reason
    if fit == "none":
        assert "nothing fits well" in found.reason
    if fit == "closest":
        assert "closest only" in found.reason


def test_a_topic_matched_only_in_part_is_the_closest_and_says_check():
    found = suggest(
        "Promote the harmonized commodity coding system convention", "Members", "10/20 Members"
    )
    assert found.fit == "closest" and "check the topic" in found.reason
    assert found.measure.get("topic") == "hs-convention"
