"""Limits of a plan file's values: column sizes, the years of a date, characters."""

from __future__ import annotations

import datetime
import re

# The database's column sizes, checked here so that SQLite (which does not enforce them)
# and PostgreSQL (which does) refuse the same files, with a message naming the place.
CODE_LENGTHS = {
    "plan": 80,
    "organisation": 40,
    "pillar": 20,
    "objective": 20,
    "action": 20,
    "kpi": 24,
}
TITLE_LENGTH, LABEL_LENGTH, REFERENCE_LABEL_LENGTH = 300, 60, 200
# Dates outside these years are slips (9999-12-31), and would break every evaluation.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
# C0 controls but tab and newline, DEL and the XML non-characters: no plan text holds them,
# and exports (YAML, XLSX, PDF) would choke on them later.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
