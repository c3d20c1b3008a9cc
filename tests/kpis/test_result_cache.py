"""The per-process store of results: bounded, least recently used out, one computation a key."""

import threading
import time

import pytest

from stratmon.kpis.cache import ResultCache


def test_a_stored_value_is_returned_without_computing_again():
    cache = ResultCache("t", 10)
    calls = []
    assert cache.get("a", lambda: calls.append(1) or "A", len) == "A"
    assert cache.get("a", lambda: calls.append(1) or "other", len) == "A"
    assert calls == [1]
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_least_recently_used_go_once_the_budget_is_spent():
    cache = ResultCache("t", 6)
    cache.get("a", lambda: "aa", len)
    cache.get("b", lambda: "bb", len)
    cache.get("a", lambda: "aa", len)  # a is now the most recently used
    cache.get("c", lambda: "ccc", len)  # 7 > 6: b, the least recently used, goes
    assert (len(cache), cache.cost) == (2, 5)
    assert cache.get("a", lambda: "recomputed", len) == "aa"
    assert cache.get("b", lambda: "recomputed", len) == "recomputed"


def test_a_value_bigger_than_the_budget_is_computed_but_not_kept():
    cache = ResultCache("t", 3)
    assert cache.get("big", lambda: "abcd", len) == "abcd"
    assert len(cache) == 0 and cache.cost == 0


def test_a_failed_computation_keeps_nothing():
    cache = ResultCache("t", 10)
    with pytest.raises(ZeroDivisionError):
        cache.get("a", lambda: 1 / 0, lambda v: 1)
    assert cache.get("a", lambda: "A", len) == "A"


def test_threads_asking_for_one_missing_key_compute_it_once():
    cache = ResultCache("t", 100)
    calls = []
    started = threading.Event()

    def slow():
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return "v"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", slow, len))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["v"] * 8
    assert calls == [1]
