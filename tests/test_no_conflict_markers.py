"""No file of the project keeps a merge's conflict markers (a stylesheet once did, and the
browser silently dropped the rules after each marker)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)


def test_no_tracked_text_file_has_conflict_markers():
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in listed:
        path = ROOT / name
        if path.suffix in {".png", ".xlsx", ".pdf", ".gz", ".ico", ".woff2"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{name}: {m.group(0).strip()}" for m in MARKER.finditer(text)]
    assert found == []
