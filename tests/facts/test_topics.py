"""The built-in topics: each entry whole, as a person would read its name."""

import yaml

from stratmon.facts.services import BUILTIN


def test_every_builtin_topic_has_a_code_and_a_whole_name():
    entries = yaml.safe_load((BUILTIN / "topics.yaml").read_text(encoding="utf-8"))
    for entry in entries:
        # an unquoted comma in a YAML flow mapping splits the name into stray keys
        assert set(entry) == {"code", "name"}, entry
        assert entry["name"].count("(") == entry["name"].count(")"), entry
    names = {e["code"]: e["name"] for e in entries}
    assert names["advance-ruling"] == "Advance ruling system (classification, origin, valuation)"
