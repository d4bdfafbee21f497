"""The repository stands on its own: documentation links stay inside it, packaging metadata is current."""

from __future__ import annotations

import re
import subprocess
import tomllib

from conftest import ROOT

# Markdown links [text](target) and paths written in backticks that start with ../
LINK = re.compile(r"\]\(([^)#\s]+)")
RELATIVE_PATH = re.compile(r"`(\.\./[^`\s]*)`")


def markdown_files() -> list:
    listed = subprocess.run(["git", "ls-files", "*.md", "**/*.md"], cwd=ROOT, capture_output=True, text=True)
    files = {ROOT / name for name in listed.stdout.split()} | set(ROOT.glob("docs/*.md"))
    return sorted(path for path in files if path.is_file())


def test_documentation_points_only_inside_the_repository():
    files = markdown_files()
    assert ROOT / "README.md" in files and ROOT / "docs" / "giao-dien.md" in files
    outside = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "shared/spec" in text:
            outside.append(f"{path.relative_to(ROOT)}: shared/spec")
        targets = [m.group(1) for m in LINK.finditer(text) if "://" not in m.group(1)]
        targets += [m.group(1) for m in RELATIVE_PATH.finditer(text)]
        for target in targets:
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(ROOT):
                outside.append(f"{path.relative_to(ROOT)}: {target}")
            elif target in [m.group(1) for m in LINK.finditer(text)] and not resolved.exists():
                outside.append(f"{path.relative_to(ROOT)}: {target} (không có)")
    assert outside == []


def test_license_is_an_spdx_expression_for_current_setuptools():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # A table (license = { text = … }) makes setuptools print a long deprecation warning at every installation.
    assert project["project"]["license"] == "MIT"
    requires = project["build-system"]["requires"]
    setuptools = next(item for item in requires if item.startswith("setuptools"))
    minimum = re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", setuptools)
    assert minimum and int(minimum.group(1)) >= 77  # SPDX strings are understood from setuptools 77 on
    assert not any(c.startswith("License ::") for c in project["project"].get("classifiers", []))
