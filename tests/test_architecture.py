"""The layers of generator/ point one way: import-linter's contract holds, bites when crossed, and no module cycles."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# Modules allowed past ~500 lines, each with the reason (issue 11 asks for small modules, or a stated reason).
LONG_MODULES = {
    "generator/reading/encodings.py": "the TCVN3/VNI tables and the detection that must agree with them",
}


def run_lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
                          cwd=project, capture_output=True, text=True, env={"PYTHONPATH": str(project)}, timeout=300)


def test_the_layers_contract_holds():
    completed = run_lint_imports(ROOT)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 kept, 0 broken" in completed.stdout


@pytest.mark.parametrize(("module", "forbidden"), [
    pytest.param("core/text.py", "from ..pipeline import check", id="core imports the pipeline"),
    pytest.param("rendering/pdf.py", "from ..documents import building", id="rendering imports documents"),
    pytest.param("lint/report.py", "from ..rendering import metrics", id="format checker imports rendering"),
    pytest.param("reading/loading.py", "from ..documents import dispatch", id="reading imports a sibling"),
])
def test_crossing_a_layer_breaks_the_contract(tmp_path, module, forbidden):
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "generator", copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "generator" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{forbidden}  # noqa\n", encoding="utf-8")
    completed = run_lint_imports(copy)
    assert completed.returncode != 0
    assert "BROKEN" in completed.stdout


def test_no_import_cycle_among_modules():
    graph = grimp.build_graph("generator", cache_dir=None)
    modules = sorted(graph.modules)
    index = {name: number for number, name in enumerate(modules)}
    edges = {name: sorted(graph.find_modules_directly_imported_by(name)) for name in modules}
    # Tarjan's strongly connected components: any component of two or more modules is a cycle.
    counter, stack, on_stack, low, order, cycles = [0], [], set(), {}, {}, []

    def visit(name: str) -> None:
        order[name] = low[name] = counter[0]
        counter[0] += 1
        stack.append(name)
        on_stack.add(name)
        for imported in edges[name]:
            if imported not in index:
                continue
            if imported not in order:
                visit(imported)
                low[name] = min(low[name], low[imported])
            elif imported in on_stack:
                low[name] = min(low[name], order[imported])
        if low[name] == order[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for name in modules:
        if name not in order:
            visit(name)
    assert cycles == []


def test_modules_stay_small_enough_to_read_at_once():
    too_long = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 520 and relative not in LONG_MODULES:
            too_long[relative] = lines
    assert too_long == {}
