"""Rendering collects garbage less often, and gives the interpreter its thresholds back afterwards."""

from __future__ import annotations

import gc

import pytest

from generator.rendering.collection import RENDERING_THRESHOLD, fewer_collections


def test_thresholds_are_raised_inside_and_restored_after_even_on_an_error():
    before = gc.get_threshold()
    with pytest.raises(ValueError), fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], RENDERING_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.isenabled(), "cycles are still freed"
        raise ValueError("mẫu hỏng")
    assert gc.get_threshold() == before
