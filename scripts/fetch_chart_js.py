"""Fetch the chart scripts and htmx from the npm registry into stratmon/web/static/web/vendor/.

Third-party front-end files come from a registry at install time, never from the repository
(STYLE.md): `make install` runs this. It needs `npm` (Debian's package of that name). Each
package is fetched at its pinned version with `npm pack`, and only its browser build and
licence are kept. Running it again with the files in place does nothing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "stratmon" / "web" / "static" / "web" / "vendor"
# package, version, the file kept from its tarball, the name it is served as
PACKAGES = (
    ("vega", "6.4.0", "build/vega.min.js", "vega.min.js"),
    ("vega-lite", "6.4.3", "build/vega-lite.min.js", "vega-lite.min.js"),
    ("vega-embed", "7.3.0", "build/vega-embed.min.js", "vega-embed.min.js"),
    ("vega-interpreter", "2.3.2", "build/vega-interpreter.js", "vega-interpreter.js"),
    # Filters and partial page updates on the dashboards (2.x: no eval with allowEval off).
    ("htmx.org", "2.0.11", "dist/htmx.min.js", "htmx.min.js"),
)
STAMP = VENDOR / ".fetched"
SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


def wanted() -> str:
    return "\n".join(f"{name}@{version}" for name, version, _, _ in PACKAGES) + "\n"


def main() -> int:
    if STAMP.exists() and STAMP.read_text() == wanted():
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print("fetch_chart_js: npm is needed (Debian: apt-get install npm)", file=sys.stderr)
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, member, served in PACKAGES:
            out = subprocess.run(
                [npm, "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()[-1]
            with tarfile.open(Path(tmp) / out) as tar:
                code = _read(tar, f"package/{member}")
                licence = _read(tar, "package/LICENSE")
            code = SOURCE_MAP.sub("\n", code)
            if name == "vega-interpreter":
                code = _as_classic_script(code)
            (VENDOR / served).write_text(code, encoding="utf-8")
            (VENDOR / f"{name}.LICENSE.txt").write_text(licence, encoding="utf-8")
    STAMP.write_text(wanted())
    return 0


def _read(tar: tarfile.TarFile, member: str) -> str:
    found = tar.extractfile(member)
    if found is None:
        raise SystemExit(f"fetch_chart_js: {member} is missing from its package")
    return io.TextIOWrapper(found, encoding="utf-8").read()


def _as_classic_script(module: str) -> str:
    """vega-interpreter ships only as an ES module importing three names from vega-util: take
    them from the `vega` global instead and publish the interpreter on it."""
    lines = module.rstrip("\n").split("\n")
    if not lines[0].startswith("import ") or not lines[-1].startswith("export "):
        raise SystemExit("fetch_chart_js: vega-interpreter's build changed; see vendor/README.md")
    body = "\n".join(lines[1:-1])
    return (
        "(function (vega) {\n"
        "const { ascending, isString, DisallowedObjectProperties } = vega;\n"
        f"{body}\n"
        "vega.expressionInterpreter = expression;\n"
        "})(window.vega);\n"
    )


if __name__ == "__main__":
    sys.exit(main())
