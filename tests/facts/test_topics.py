"""The built-in topics: each entry whole, as a person would read its name."""

import pytest
import yaml

from stratmon.facts.services import BUILTIN


def test_every_builtin_topic_has_a_code_and_a_whole_name():
    entries = yaml.safe_load((BUILTIN / "topics.yaml").read_text(encoding="utf-8"))
    for entry in entries:
        # an unquoted comma in a YAML flow mapping splits the name into stray keys
        assert set(entry) <= {"code", "name", "synonyms"} and {"code", "name"} <= set(entry)
        assert all(isinstance(s, str) and s.strip() for s in entry.get("synonyms", [])), entry
        assert entry["name"].count("(") == entry["name"].count(")"), entry
    names = {e["code"]: e["name"] for e in entries}
    assert names["advance-ruling"] == "Advance ruling system (classification, origin, valuation)"


@pytest.mark.django_db
def test_loading_gives_builtin_topics_their_synonyms_but_keeps_a_persons_edits():
    from stratmon.facts.models import Topic
    from stratmon.facts.services import load_topics

    load_topics()
    rkc = Topic.objects.get(code="rkc")
    assert "Revised Kyoto Convention" in rkc.synonyms
    Topic.objects.filter(code="rkc").update(synonyms=["Kyoto"])
    Topic.objects.filter(code="trs").update(synonyms=[])
    assert load_topics() == 0
    assert Topic.objects.get(code="rkc").synonyms == ["Kyoto"]
    assert "TRS" in Topic.objects.get(code="trs").synonyms
