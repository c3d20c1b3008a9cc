"""The engine stays pure: no Django import, in its source or at run time."""

import ast
import subprocess
import sys
from pathlib import Path

import stratmon.engine

ENGINE = Path(stratmon.engine.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_engine_module_imports_django_or_a_third_party_package():
    allowed = set(sys.stdlib_module_names) | {"stratmon"}
    sources = sorted(ENGINE.glob("*.py"))
    assert sources
    for source in sources:
        for name in imported_modules(source):
            root = name.split(".")[0]
            assert root != "django", f"{source.name} imports {name}"
            assert root in allowed, f"{source.name} imports {name}"


def test_importing_the_engine_does_not_load_django():
    code = "import sys, stratmon.engine; print('django' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ENGINE.parent.parent,
        check=True,
    )
    assert done.stdout.strip() == "False"


def test_every_engine_module_is_under_500_lines_with_a_one_line_docstring():
    for source in ENGINE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 500, source.name
        docstring = ast.get_docstring(ast.parse(text))
        assert docstring and "\n" not in docstring, source.name
