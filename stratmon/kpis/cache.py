"""A bounded, per-process store of computed results, each computed once at a time.

Results stay in memory as the objects they are (evaluations hold model instances: pickling
them into a shared cache would cost about as much as a page). Every key holds the data
version, so an entry is never stale, only unused; the least recently used entries go when
the store's budget is spent. When several threads ask for the same missing key, one
computes it and the others wait for its result instead of computing it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ResultCache:
    """Least recently used entries are dropped once their summed cost exceeds `budget`."""

    def __init__(self, name: str, budget: int) -> None:
        self.name = name
        self.budget = budget
        self.cost = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], T], cost: Callable[[T], int]) -> T:
        """The value stored under `key`, else `compute()` stored with cost `cost(value)`."""
        with self._lock:
            found = self._hit(key)
            if found is not None:
                return found[0]  # type: ignore[no-any-return]
            turn = self._computing.setdefault(key, threading.Lock())
        with turn:
            with self._lock:
                found = self._hit(key)
                if found is not None:  # computed by the thread that went first
                    return found[0]  # type: ignore[no-any-return]
                self.misses += 1
            try:
                value = compute()
                self._store(key, value, max(1, cost(value)))
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def _hit(self, key: Hashable) -> tuple[Any, int] | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            self.hits += 1
        return found

    def _store(self, key: Hashable, value: Any, cost: int) -> None:
        if cost > self.budget:
            return  # bigger than the whole store: computed, not kept
        with self._lock:
            old = self._entries.pop(key, None)
            self.cost += cost - (old[1] if old else 0)
            self._entries[key] = (value, cost)
            while self.cost > self.budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.cost -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.cost = self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)
