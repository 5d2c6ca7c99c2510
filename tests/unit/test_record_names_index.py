"""The record-detail lookup's indexes answer as the plain scans they replace: the titles holding a word's
forms (searched joined), and the owners a message may name (found by four-letter windows, then checked)."""

from __future__ import annotations

import itertools

from bot.conversation.owner_names import owner_named_in
from bot.conversation.record_details import RecordDetails
from bot.conversation.title_naming import _holding, _joined

TITLES = ["flow battery stack", "pem electrolyser", "钠离子电池正极材料", "", "battery recycling line"]
OWNERS = [
    "海城华镁耐火材料",
    "大连海跃精密机械",
    "Anshan Hengtai Mining",
    "Dalian University",
    "沈阳XY机器人",
    "IMR CAS",
]
MESSAGES = [
    "海城华镁的需求预算多少",
    "海跃精密要的五轴机床",
    "what does anshan hengtai need?",
    "any Dalian University techs",
    "沈阳xy机器人有需求吗",
    "IMR CAS magnesium",
    "nothing named here",
    "华镁",
]


def test_titles_holding_a_form_are_those_a_scan_finds() -> None:
    forms = ["battery", "pem", "电池", "stack", "xyz", "y line", "a"]
    for size in (1, 2):
        for chosen in itertools.combinations(forms, size):
            expected = [i for i, t in enumerate(TITLES) if any(f in t for f in chosen)]
            assert _holding(_joined(tuple(TITLES)), set(chosen)) == expected, chosen
    assert _holding(_joined(tuple(TITLES)), {""}) == list(range(len(TITLES)))


def test_a_bounded_search_stops_past_the_bound_and_finds_every_title_below_it() -> None:
    titles = _joined(tuple(TITLES))
    for forms in ({"battery"}, {"a"}, {"pem"}, {"xyz"}, {"电池", "line"}):
        full = _holding(titles, forms)
        for most in range(len(TITLES)):
            bounded = _holding(titles, forms, most)
            # a word in more titles than the bound: more rows than the bound, all of them right
            assert bounded == full if len(full) <= most else len(bounded) == most + 1, (forms, most)
            assert set(bounded) <= set(full)


def test_owner_windows_find_every_owner_a_message_names() -> None:
    owners: dict[str, list[int]] = {}
    for row, owner in enumerate(OWNERS):
        low = owner.lower()
        for part in {low[:4], low[2:6]}:
            if len(part) == 4:
                owners.setdefault(part, []).append(row)
    for message in MESSAGES:
        expected = {i for i, owner in enumerate(OWNERS) if owner_named_in(message, owner)}
        found = {i for i in RecordDetails._owner_rows(message, owners) if owner_named_in(message, OWNERS[i])}
        assert found == expected, message
    assert {i for i, o in enumerate(OWNERS) if owner_named_in("海城华镁的需求预算多少", o)} == {0}
