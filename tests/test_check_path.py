"""The list path of `vanban check` does less and gives the same (issue 19): the summary's Số sổ per form come from
counts (documents.certificates.register_ranges) and equal what the full certificate plan numbers, whatever the order
of the list, the forms, the units and the first numbers."""

from __future__ import annotations

import random
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.documents import certificates
from generator.documents.certificates import _ranges_from_plan, read_settings, register_ranges

ROOT = Path(__file__).resolve().parents[1]


def without_plan(checked):  # noqa: ANN001, ANN201
    """register_ranges with the plan out of reach: the figures must come from the counts."""
    kept = certificates.plan

    def refused(*_):  # noqa: ANN002, ANN202
        raise AssertionError("register_ranges made the whole plan")

    certificates.plan = refused
    try:
        return register_ranges(checked)
    finally:
        certificates.plan = kept


def example_sessions() -> list[Path]:
    return sorted(path.parent for path in ROOT.glob("data/*/dot.toml"))


@pytest.mark.parametrize("folder", example_sessions(), ids=lambda folder: folder.name)
def test_register_ranges_are_those_of_the_plan_on_the_examples(folder):
    checked = pipeline.check(folder)
    found = without_plan(checked)
    assert found == _ranges_from_plan(checked, read_settings(checked.session.dot_file))
    assert sum(entry.count for entry in found) == len(
        [award for award in checked.awards if checked.catalogue.find_form(award.form).certificate])


@pytest.fixture(scope="module")
def numbered(tmp_path_factory):
    """The example session with its own first numbers per form and the list sorted by name."""
    folder = tmp_path_factory.mktemp("so-so") / "dot"
    shutil.copytree(ROOT / "data" / "vi-du", folder)
    dot = folder / "dot.toml"
    text = dot.read_text(encoding="utf-8")
    text = text.replace("so_so_bat_dau = 1 ", 'so_so_bat_dau = { "Giấy khen" = 120, "Lao động tiên tiến" = 7 } ', 1)
    dot.write_text(text, encoding="utf-8")
    checked = pipeline.check(folder)
    assert read_settings(dot).start_by_form, "the first numbers per form were not written"
    return checked


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_register_ranges_are_those_of_the_plan_whatever_the_list_order(numbered, rng: random.Random):
    # Print order follows the list (units by first appearance, then list order): shuffled, the forms' order and
    # every number must still match the plan's.
    awards = list(numbered.awards)
    rng.shuffle(awards)
    checked = replace(numbered, awards=awards)
    assert without_plan(checked) == _ranges_from_plan(checked, read_settings(checked.session.dot_file))


def test_the_plan_decides_when_an_awardee_is_missing_from_the_list(numbered):
    checked = replace(numbered, awards=numbered.awards[1:])
    assert register_ranges(checked) == _ranges_from_plan(checked, read_settings(checked.session.dot_file))
