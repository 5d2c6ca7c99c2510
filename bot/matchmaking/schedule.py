"""One-to-one talks: which pairs meet, in which slot, at which table.

1. Choose. Candidates are the pairs either direction ranked; mutual ones (each among the other's k best)
   come first, then by score. A party (an enterprise, an institution) meets at most
   min(max_meetings, slots) times: it cannot be in two talks in one slot.
2. Place. Meetings are edges between enterprises and institutions, a bipartite multigraph whose degree is
   at most the number of slots, so by Konig's edge-colouring theorem all of them fit into the slots with no
   party twice in a slot. OR-Tools CP-SAT places them (x[meeting, slot]; each party at most once per slot;
   at most `tables` talks per slot), maximising the chosen meetings' priority, from a first-fit start.
   A meeting it cannot place (too few tables, or the time limit) is reported as unscheduled, not dropped
   silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Candidate", "Meeting", "Schedule", "choose_meetings", "make_schedule", "place_meetings"]

_MUTUAL_WEIGHT = 10_000  # a mutual pair outranks any one-sided pair (scores are < 3, scaled by 1000)


@dataclass(frozen=True)
class Candidate:
    demand_id: str
    achievement_id: str
    enterprise: str  # the party names; a record's id stands in where the listing names none
    institution: str
    score: float
    mutual: bool = False

    @property
    def priority(self) -> int:
        return (_MUTUAL_WEIGHT if self.mutual else 0) + max(0, round(self.score * 1000)) + 1


@dataclass(frozen=True)
class Meeting:
    slot: int  # 1-based
    table: int  # 1-based within the slot
    pair: Candidate


@dataclass
class Schedule:
    meetings: list[Meeting]
    unscheduled: list[Candidate] = field(default_factory=list)
    status: str = ""  # the solver's verdict

    def check(self) -> list[str]:
        """Broken rules, if any: a party or a table twice in one slot."""
        problems = []
        seen: set[tuple[int, str, str]] = set()
        for m in self.meetings:
            for role, party in (("enterprise", m.pair.enterprise), ("institution", m.pair.institution)):
                if (m.slot, role, party) in seen:
                    problems.append(f"{role} {party!r} twice in slot {m.slot}")
                seen.add((m.slot, role, party))
            if (m.slot, "table", str(m.table)) in seen:
                problems.append(f"table {m.table} twice in slot {m.slot}")
            seen.add((m.slot, "table", str(m.table)))
        return problems


def choose_meetings(candidates: Iterable[Candidate], max_meetings: int, slots: int) -> list[Candidate]:
    """The meetings to hold: distinct pairs by priority (mutual first, then score), each party at most
    min(max_meetings, slots) times."""
    cap = min(max_meetings, slots)
    best: dict[tuple[str, str], Candidate] = {}
    for c in candidates:
        key = (c.demand_id, c.achievement_id)
        if key not in best or c.priority > best[key].priority:
            best[key] = c
    load: dict[tuple[str, str], int] = defaultdict(int)
    chosen = []
    for c in sorted(best.values(), key=lambda c: (-c.priority, c.demand_id, c.achievement_id)):
        ent, inst = ("e", c.enterprise), ("i", c.institution)
        if load[ent] < cap and load[inst] < cap:
            load[ent] += 1
            load[inst] += 1
            chosen.append(c)
    return chosen


def _first_fit(meetings: list[Candidate], slots: int, tables: int | None) -> dict[int, int]:
    busy: set[tuple[int, str, str]] = set()
    used: dict[int, int] = defaultdict(int)
    placed = {}
    for i, c in enumerate(meetings):
        for s in range(slots):
            if (s, "e", c.enterprise) in busy or (s, "i", c.institution) in busy:
                continue
            if tables is not None and used[s] >= tables:
                continue
            busy.update({(s, "e", c.enterprise), (s, "i", c.institution)})
            used[s] += 1
            placed[i] = s
            break
    return placed


def place_meetings(
    meetings: list[Candidate], slots: int, tables: int | None = None, time_limit_s: float = 10.0
) -> Schedule:
    """Each meeting in a slot (CP-SAT), no party twice in a slot, tables numbered within each slot."""
    from ortools.sat.python import cp_model

    if slots < 1:
        raise ValueError("slots must be at least 1")
    if not meetings:
        return Schedule([], [], "OPTIMAL")
    model = cp_model.CpModel()
    x = {(i, s): model.new_bool_var(f"x{i}_{s}") for i in range(len(meetings)) for s in range(slots)}
    parties: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(meetings):
        model.add_at_most_one(x[i, s] for s in range(slots))
        parties["e", c.enterprise].append(i)
        parties["i", c.institution].append(i)
    for members in parties.values():
        if len(members) > 1:
            for s in range(slots):
                model.add_at_most_one(x[i, s] for i in members)
    if tables is not None:
        for s in range(slots):
            model.add(sum(x[i, s] for i in range(len(meetings))) <= tables)
    model.maximize(sum(c.priority * x[i, s] for i, c in enumerate(meetings) for s in range(slots)))
    start = _first_fit(meetings, slots, tables)
    for (i, s), var in x.items():
        model.add_hint(var, start.get(i) == s)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2  # the 2-core deployment; more workers only share the cores
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slot_of = {i: s for (i, s), var in x.items() if solver.boolean_value(var)}
    else:  # no solution in time: the first-fit start is itself valid
        slot_of = start
    by_slot: dict[int, list[int]] = defaultdict(list)
    for i in sorted(slot_of, key=lambda i: (-meetings[i].priority, i)):
        by_slot[slot_of[i]].append(i)
    # Slots are interchangeable (renumbering them breaks no rule): the fullest, best ones come first.
    order = sorted(by_slot, key=lambda s: (-len(by_slot[s]), -sum(meetings[i].priority for i in by_slot[s])))
    placed = [
        Meeting(n, table, meetings[i])
        for n, s in enumerate(order, start=1)
        for table, i in enumerate(by_slot[s], start=1)
    ]
    unscheduled = [c for i, c in enumerate(meetings) if i not in slot_of]
    return Schedule(placed, unscheduled, solver.status_name(status))


def make_schedule(
    candidates: Iterable[Candidate],
    slots: int,
    max_meetings: int,
    tables: int | None = None,
    time_limit_s: float = 10.0,
) -> Schedule:
    chosen = choose_meetings(candidates, max_meetings, slots)
    return place_meetings(chosen, slots, tables, time_limit_s)
