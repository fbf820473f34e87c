"""Every third-party package the runtime imports is declared in requirements.txt (issue #10).

A fresh `pip install -r requirements.txt` once crashed five pages with `ModuleNotFoundError: xlwt`:
the dev environment the tests run in had it, so nothing noticed. This reads the imports with `ast`
instead of importing anything, so it also sees imports inside functions that no test happens to run.
`.ci/run` backs it up with a real fresh venv (scripts/smoke_fresh_venv.py).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a runtime install runs: the app, its pages, and the packages behind them. bench/ is included
# because `python -m outreach` imports bench.run to build its parser, so every CLI call reaches it.
# The fresh-venv smoke runs in a requirements.txt-only venv, so it is held to the same rule.
RUNTIME = ("app.py", "pages", "ui", "outreach", "bench", "scripts/smoke_fresh_venv.py")
OWN = frozenset({"outreach", "ui", "pages", "bench"})
# Dev-only packages (requirements-dev.txt) a runtime file may import, and only inside a function
# that the running app never calls: (file, module) → why. An import at module level is never exempt.
LAZY_DEV_ONLY: dict[tuple[str, str], str] = {
    ("outreach/demo.py", "xlwt"): "writes the legacy .xls demo sample; the app reads the committed data/samples/",
}


@dataclass(frozen=True)
class Import:
    path: str  # relative to the scanned root, with forward slashes
    line: int
    module: str  # top-level name: `import a.b` and `from a.b import c` give "a"
    lazy: bool  # inside a function body, so it only runs when that function is called


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): case and `-`/`_`/`.` do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_files(root: Path, parts: tuple[str, ...] = RUNTIME) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        path = root / part
        if path.is_dir():
            files += sorted(path.rglob("*.py"))
        elif path.is_file():
            files.append(path)
    return files


def imports_of(path: Path, root: Path) -> list[Import]:
    """Absolute imports of one file, wherever they are (module level, functions, classes, `if`s)."""
    rel = path.relative_to(root).as_posix()
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend(Import(rel, child.lineno, a.name.split(".")[0], in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append(Import(rel, child.lineno, child.module.split(".")[0], in_function))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=rel), False)
    return found


def declared(requirements: Path) -> set[str]:
    """Canonical names of the distributions a requirements file lists (options and `-r` lines skipped)."""
    names = set()
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-") and (m := re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)):
            names.add(canonical(m.group()))
    return names


@cache
def _distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def undeclared(root: Path, parts: tuple[str, ...] = RUNTIME,
               allowed: dict[tuple[str, str], str] = LAZY_DEV_ONLY) -> list[str]:
    """One message per third-party import in ``parts`` whose distribution ``root``/requirements.txt lacks.

    A module that several distributions provide (a namespace package) passes if one of them is listed.
    A module no installed distribution provides cannot be checked and is reported as well."""
    listed = declared(root / "requirements.txt")
    problems = []
    for path in runtime_files(root, parts):
        for imp in imports_of(path, root):
            if imp.module in sys.stdlib_module_names or imp.module in OWN:
                continue
            if imp.lazy and (imp.path, imp.module) in allowed:
                continue
            dists = _distributions().get(imp.module, [])
            if not any(canonical(d) in listed for d in dists):
                where = f"{imp.path}:{imp.line}"
                if dists:
                    problems.append(f"{where}: `{imp.module}` comes from {', '.join(sorted(set(dists)))}, "
                                    "not in requirements.txt")
                else:
                    problems.append(f"{where}: `{imp.module}` is provided by no installed distribution")
    return problems


def test_every_runtime_import_is_declared_in_requirements_txt():
    assert undeclared(ROOT) == []


def test_the_lazy_exemptions_are_still_lazy_imports_of_those_files():
    # An exemption whose import moved or went away would silently cover a future one.
    lazy = {(i.path, i.module) for p in runtime_files(ROOT) for i in imports_of(p, ROOT) if i.lazy}
    assert set(LAZY_DEV_ONLY) <= lazy


def _fake_repo(tmp_path: Path, app: str) -> Path:
    (tmp_path / "requirements.txt").write_text("# runtime\nStreamlit==1.0 ; python_version >= '3.11'\n"
                                               "python_calamine==0.9.1\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(app, encoding="utf-8")
    return tmp_path


def test_the_checker_flags_a_module_level_import_of_an_undeclared_package(tmp_path):
    root = _fake_repo(tmp_path, "import os\nimport streamlit as st\nfrom outreach import store\nimport xlwt\n")
    problems = undeclared(root, ("app.py",))
    assert len(problems) == 1
    assert problems[0].startswith("app.py:4: `xlwt`")


def test_the_checker_reads_imports_inside_functions_and_allows_only_listed_lazy_ones(tmp_path):
    app = "from . import sibling\nimport python_calamine\n\ndef write():\n    import xlwt\n"
    root = _fake_repo(tmp_path, app)
    assert [p.split(":")[1] for p in undeclared(root, ("app.py",), allowed={})] == ["5"]
    assert undeclared(root, ("app.py",), allowed={("app.py", "xlwt"): "why"}) == []
    # The same package at module level is flagged even though the file may import it lazily.
    root = _fake_repo(tmp_path, "import xlwt\n")
    assert len(undeclared(root, ("app.py",), allowed={("app.py", "xlwt"): "why"})) == 1
