"""The most or least over the whole catalog, asked with no list shown: the shipped corpus's records of
the kind asked, within the topic and slots named, compared on the value named."""

from __future__ import annotations

import pytest

from bot.services import Services


@pytest.mark.parametrize(
    ("question", "winner", "value"),
    [
        ("哪个企业需求预算最高", "dem-chaoyang-flow-battery-storage", "6000万元"),
        ("which tech demand has the smallest budget", "dem-shenyang-cnc-thermal-error", "80万元"),
        ("哪个成果成熟度最低", "ach-kras-inhibitor-candidate", "TRL 3"),  # "成熟" is no maturity asked
        ("which listed technology has the most patents", "ach-dmto-catalyst", "20"),
        ("有没有储能的成果 哪个最成熟", "ach-vanadium-flow-battery-stack", "TRL 9"),
    ],
)
def test_the_catalog_s_most_or_least(
    shared_corpus_services: Services, question: str, winner: str, value: str
) -> None:
    reply = shared_corpus_services.chat.answer(question)
    assert reply.answered and value in reply.answer.split("\n", 1)[0]
    assert reply.citations[0].doc_id == winner and len(reply.citations) == 3  # and two runners-up


def test_a_demand_already_closed_is_not_the_earliest(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("哪个企业需求截止最早")
    deadlines = [d for c in reply.citations if (d := _deadline(shared_corpus_services, c.doc_id))]
    assert reply.answered and deadlines[0] in reply.answer.split("\n", 1)[0]
    assert deadlines == sorted(deadlines)  # the runners-up close next
    today = shared_corpus_services.chat.clock().isoformat()
    open_ones = [
        str(r.get("deadline"))
        for r in shared_corpus_services.catalog.records("demand")
        if str(r.get("deadline") or "") >= today
    ]
    assert deadlines[0] == min(open_ones)


def test_a_tie_lists_every_record_that_shares_the_best(shared_corpus_services: Services) -> None:
    reply = shared_corpus_services.chat.answer("哪个成果最成熟")
    nines = [r.id for r in shared_corpus_services.catalog.records("achievement") if r.get("trl") == 9]
    assert len(nines) > 1 and sorted(c.doc_id for c in reply.citations) == sorted(nines)
    assert f"有 {len(nines)} 项" in reply.answer


def test_a_follow_up_names_a_runner_up(shared_corpus_services: Services) -> None:
    session = "catalog-superlative-runner-up"
    shared_corpus_services.chat.answer("预算最多的企业需求是哪个", session_id=session)
    reply = shared_corpus_services.chat.answer("葫芦岛那个具体要什么", session_id=session)
    assert reply.answered and "methanol" in reply.answer
    assert [c.doc_id for c in reply.citations] == ["dem-huludao-co2-methanol"]


def _deadline(services: Services, doc_id: str) -> str | None:
    record = services.catalog.record("demand", doc_id)
    return str(record.get("deadline")) if record is not None else None
