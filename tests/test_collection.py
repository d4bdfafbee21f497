"""Rendering collects garbage less often, and gives the interpreter its thresholds back afterwards."""

from __future__ import annotations

import gc

import pytest

from generator.rendering.collection import RENDERING_THRESHOLD, collector_spares_what_exists, fewer_collections


def test_thresholds_are_raised_inside_and_restored_after_even_on_an_error():
    before = gc.get_threshold()
    with pytest.raises(ValueError), fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], RENDERING_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.isenabled(), "cycles are still freed"
        raise ValueError("mẫu hỏng")
    assert gc.get_threshold() == before


def test_the_collector_spares_what_exists_until_the_last_block_is_left():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with collector_spares_what_exists():
        outer = gc.get_freeze_count()
        assert outer > 0
        with collector_spares_what_exists():  # the certificates' block inside the build's
            pass
        assert gc.get_freeze_count() >= outer  # leaving the inner block did not hand back the outer one's objects
    assert gc.get_freeze_count() == 0


def test_the_collector_gets_everything_back_after_an_error():
    gc.unfreeze()
    with pytest.raises(RuntimeError), collector_spares_what_exists():
        raise RuntimeError
    assert gc.get_freeze_count() == 0
    cycle: list = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1


def test_garbage_left_before_the_block_is_not_spared():
    """Cycles left by reading the list are freed when the block starts, not kept alive by it until the build ends."""
    import weakref

    class Node:
        pass

    gc.unfreeze()
    gc.disable()  # the cycle stays garbage until the block starts
    try:
        node = Node()
        node.itself = node
        alive = weakref.ref(node)
        del node
        with collector_spares_what_exists():
            assert alive() is None
    finally:
        gc.enable()
