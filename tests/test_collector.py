"""The server's garbage collector settings: survivors frozen, periodic thawed collections."""

from __future__ import annotations

import gc

import pytest

from facilitator import collector


@pytest.fixture
def restored_collector():
    """Undo the tuning after the test: other tests expect the interpreter's defaults."""
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    if collector._freeze_survivors in gc.callbacks:
        gc.callbacks.remove(collector._freeze_survivors)
    gc.unfreeze()


class Cycle:
    """An object in a reference cycle with itself."""

    def __init__(self) -> None:
        self.me = self


def test_serving_freezes_what_is_loaded_and_starts_the_thawing_task(restored_collector):
    started = []

    collector.tune_for_serving(lambda task: started.append(task), lambda seconds: None)

    assert gc.get_freeze_count() > 0
    assert collector._freeze_survivors in gc.callbacks
    assert len(started) == 1


def test_serving_collects_the_young_generation_less_often(restored_collector):
    gc.set_threshold(700, 10, 10)

    collector.tune_for_serving(lambda task: None, lambda seconds: None)

    assert gc.get_threshold() == (collector.YOUNG_THRESHOLD, 10, 10)


def test_a_full_collection_freezes_its_survivors(restored_collector):
    collector.tune_for_serving(lambda task: None, lambda seconds: None)
    gc.unfreeze()
    kept = [Cycle() for _ in range(100)]

    gc.collect()

    assert gc.get_freeze_count() >= len(kept)


def test_thawing_reclaims_cycles_that_died_while_frozen(restored_collector):
    collector.tune_for_serving(lambda task: None, lambda seconds: None)
    doomed = [Cycle() for _ in range(50)]
    gc.freeze()
    del doomed

    assert collector.thaw_and_collect() >= 50
