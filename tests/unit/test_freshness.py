"""The cache-validity probe (bot/storage/freshness.py): a write in this process is seen at once, one in
another process through the version query, asked at most once an interval."""

from __future__ import annotations

from bot.storage.freshness import Freshness


class Versions:
    def __init__(self) -> None:
        self.value, self.asked = 0, 0

    def __call__(self) -> int:
        self.asked += 1
        return self.value


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_token_is_asked_once_an_interval_and_moves_at_once_for_a_write_here() -> None:
    versions, clock = Versions(), Clock()
    reader = Freshness("sqlite:///one", "t", versions, interval=1.0, clock=clock)
    writer = Freshness("sqlite:///one", "t", Versions(), clock=clock)  # another store, same table
    first = reader.token()
    assert [reader.token() for _ in range(5)] == [first] * 5 and versions.asked == 1

    writer.changed()  # committed in this process: seen on the next token, without waiting
    versions.value = 1
    assert reader.token() != first and versions.asked == 2

    other = Freshness("sqlite:///two", "t", Versions(), clock=clock)
    other.changed()  # another database: nothing to do with this one
    assert reader.token() == reader.token() and versions.asked == 2


def test_another_process_write_is_seen_within_the_interval() -> None:
    versions, clock = Versions(), Clock()
    reader = Freshness("sqlite:///three", "t", versions, interval=1.0, clock=clock)
    before = reader.token()
    versions.value = 7  # written by another process: no bump here
    clock.now += 0.5
    assert reader.token() == before  # not asked again yet
    clock.now += 0.6
    assert reader.token() != before and versions.asked == 2
