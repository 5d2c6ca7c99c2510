"""A bound on a demand's budget as people ask it, in both languages, read to yuan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.conversation.budgets import budget_bound
from retrieval.catalog import RecordView
from retrieval.types import Chunk


def _demand(budget: str) -> RecordView:
    chunk = Chunk(
        id="d", doc_id="d", kind="demand", lang="zh", title="需求", text="需求", index=0,
        meta={"budget": budget},
    )  # fmt: skip
    return RecordView(chunk)


@pytest.mark.parametrize(
    ("message", "above", "amount"),
    [
        ("which demands have a budget above 10 million yuan?", True, 10_000_000),
        ("预算超过500万的需求", True, 5_000_000),
        ("预算在1000万以上的有哪些", True, 10_000_000),
        ("demands with a budget under CNY 1m", False, 1_000_000),
        ("预算不超过80万元的需求", False, 800_000),
    ],
)
def test_the_bound_and_its_side(message: str, above: bool, amount: int) -> None:
    bound = budget_bound(message)
    assert bound is not None and (bound.above, bound.amount) == (above, Decimal(amount))


def test_no_bound_without_a_side_or_a_budget() -> None:
    assert budget_bound("预算1500万的需求") is None  # an amount, no side
    assert budget_bound("events with more than 100 exhibitors") is None  # no budget


def test_a_demand_is_kept_by_its_budget_read_to_yuan() -> None:
    bound = budget_bound("demands with a budget of at least 10 million")
    assert bound is not None
    assert bound.keeps(_demand("6000万元（项目总投资）")) and bound.keeps(_demand("CNY 20 million"))
    assert not bound.keeps(_demand("800万元")) and not bound.keeps(_demand(""))
    # the amount's words name no topic of the listing
    assert "million" not in bound.without("demands with a budget of at least 10 million yuan")
