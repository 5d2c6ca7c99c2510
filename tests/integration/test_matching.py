"""Matchmaking (issue 5): demand <-> technology matching with reasons, the chat's match answer and demand
capture, staff review of leads, demand-gap analytics and `techbridge report`, and the match evaluation.

Integration tier: the shipped corpus ingested with the real multilingual model, real HTTP through the app.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.chat.intents import plan_question
from bot.evaluation.matching import evaluate_matching, load_match_cases, match_row
from bot.matching.chat import answer_match
from bot.matching.need_fields import find_contact, find_enterprise, parse_deadline, redact
from bot.security.sessions import WebSessions
from bot.services import Services
from retrieval.embedders import UseEmbedder
from retrieval.matching import MatchQuery
from retrieval.records import Achievement, Demand
from tests.support.config import ROOT, TODAY, make_settings

KEY = "test-admin-key-123"
ADMIN = {"Authorization": f"Bearer {KEY}"}
PHONE, EMAIL = "13912345678", "wang.gong@hm-test.example.com"


@pytest.fixture
def data_dir(corpus_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    # the index only: the conversations other tests held over the session's corpus are no gaps of these
    shutil.copytree(corpus_dir, target, ignore=shutil.ignore_patterns("conversations.sqlite3*"))
    return target


@pytest.fixture
def client(data_dir: Path, use_embedder: UseEmbedder) -> Iterator[TestClient]:
    app = create_app(make_settings(data_dir, admin_api_key=KEY), embedder=use_embedder, clock=lambda: TODAY)
    with TestClient(app) as c:
        yield c


def _services(client: TestClient) -> Services:
    return client.app.state.services  # type: ignore[attr-defined, no-any-return]


def chat(client: TestClient, message: str, sid: str | None = None) -> dict:
    resp = client.post("/api/chat", json={"message": message, "session_id": sid})
    assert resp.status_code == 200, resp.text
    return resp.json()


# ---- POST /api/match --------------------------------------------------------------------------------------
def test_a_first_match_far_ahead_of_the_rest_is_good_in_the_api_as_in_the_chat(client: TestClient) -> None:
    need = "we want AI inspection on our cold rolling line"
    body = client.post("/api/match", json={"text": need, "k": 5}).json()
    first = body["matches"][0]
    assert first["id"] == "ach-steel-strip-defect-detection"
    assert first["evidence"] < body["good_match_threshold"] and first["good"]  # not enough, but far ahead
    assert not any(m["good"] for m in body["matches"][1:])
    reply = chat(client, need)
    assert reply["answered"] and reply["citations"][0]["doc_id"] == first["id"]


def test_match_demand_record_to_technologies_with_reasons(client: TestClient) -> None:
    body = client.post("/api/match", json={"demand_id": "dem-haicheng-tailings-utilization", "k": 3}).json()
    assert body["direction"] == "demand_to_technology"
    matches = body["matches"]
    assert [m["kind"] for m in matches] == ["achievement"] * 3
    assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)
    best = matches[0]
    assert best["id"] == "ach-magnesite-tailings-utilization"
    assert best["institution"] == "沈阳工业大学辽阳产业技术研究院" and best["good"]
    reasons = best["reasons"]
    assert any("尾矿" in t for t in reasons["terms"]) and "氢氧化镁" in " ".join(reasons["terms"])
    assert reasons["field"]["fit"] == "same"
    assert reasons["maturity"] == {"fit": "meets", "required": "pilot", "offered": "pilot", "trl": 6}
    assert reasons["region"]["fit"] == "same_province"  # Anshan (Haicheng) and Liaoyang
    assert reasons["transfer_modes"]["wanted"] == []  # the demand names no transfer mode
    # The score is the sum of its parts, each one shown.
    assert best["score"] == pytest.approx(sum(reasons["contributions"].values()), abs=1e-3)
    assert best["citation"]["doc_id"] == best["id"] and best["citation"]["n"] == 1
    # "希望以联合开发方式合作，后续可接受技术入股": the modes a demand asks for, against those offered.
    casting = client.post("/api/match", json={"demand_id": "dem-liaoyang-mg-die-casting", "k": 1}).json()[
        "matches"
    ][0]
    assert casting["id"] == "ach-mg-alloy-vacuum-die-casting"
    assert casting["reasons"]["transfer_modes"]["shared"] == ["joint_development", "equity"]
    assert (
        casting["reasons"]["maturity"]["fit"] == "exceeds"
        and casting["reasons"]["region"]["fit"] == "same_province"
    )


def test_match_technology_to_demands_hides_contacts(client: TestClient) -> None:
    resp = client.post("/api/match", json={"achievement_id": "ach-pem-electrolyzer-stack", "k": 5})
    body = resp.json()
    assert body["direction"] == "technology_to_demand"
    best = body["matches"][0]
    assert best["id"] == "dem-dalian-pem-electrolyzer" and best["kind"] == "demand"
    assert best["enterprise"].startswith("大连蓝海氢能") and best["reasons"]["region"]["fit"] == "same_city"
    assert "electrolyser/电解槽" in best["reasons"]["terms"]  # an English listing against a Chinese need
    assert "example.com" not in resp.text and "0411-0000-2005" not in resp.text  # demand contacts stay hidden
    # The generic record id works the same way; the text direction can be given explicitly.
    same = client.post("/api/match", json={"record_id": "ach-pem-electrolyzer-stack", "k": 5}).json()
    assert [m["id"] for m in same["matches"]] == [m["id"] for m in body["matches"]]
    reverse = client.post(
        "/api/match",
        json={
            "text": "我们研发了镁基固态储氢材料和储氢罐，可联合开发加氢站储氢系统。",
            "direction": "technology_to_demand",
            "k": 3,
        },
    ).json()
    assert reverse["matches"][0]["id"] == "dem-yingkou-mg-hydrogen-storage"


def test_match_rejects_bad_requests(client: TestClient) -> None:
    assert client.post("/api/match", json={}).status_code == 422
    assert (
        client.post("/api/match", json={"text": "x", "demand_id": "dem-dalian-pem-electrolyzer"}).status_code
        == 422
    )
    assert client.post("/api/match", json={"text": "hydrogen", "k": 500}).status_code == 422
    assert client.post("/api/match", json={"demand_id": "dem-nope"}).status_code == 404
    assert client.post("/api/match", json={"demand_id": "ach-pem-electrolyzer-stack"}).status_code == 404
    conflict = client.post(
        "/api/match", json={"record_id": "ach-pem-electrolyzer-stack", "direction": "demand_to_technology"}
    )
    assert conflict.status_code == 422 and "technology_to_demand" in conflict.json()["detail"]


@pytest.mark.parametrize(
    "text,expected,pair",
    [
        (
            "我们企业需要带RTCP功能、定位精度高的五轴立式加工中心。",
            "ach-five-axis-machining-centre",
            "五轴/five-axis",
        ),
        (
            "We need a technology to turn magnesite flotation tailings into magnesium hydroxide flame "
            "retardant.",
            "ach-magnesite-tailings-utilization",
            "flotation tailings/浮选尾矿",
        ),
    ],
)
def test_match_works_across_languages(client: TestClient, text: str, expected: str, pair: str) -> None:
    best = client.post("/api/match", json={"text": text, "direction": "demand_to_technology", "k": 3}).json()[
        "matches"
    ][0]
    assert best["id"] == expected and best["lang"] != ("zh" if "五轴" in text else "en")
    assert pair in best["reasons"]["terms"]


def test_maturity_ranks_production_ready_before_a_closer_lab_prototype(corpus_services: Services) -> None:
    """An enterprise that needs industrial maturity: a lab prototype that shares more of its words must
    still come after an industrial technology."""
    lab = Achievement(
        id="ach-test-li-recycling-lab",
        lang="en",
        institution="Test University",
        city="Shenyang",
        title="Recycling spent lithium battery electrolyte into battery-grade lithium carbonate",
        summary="A lab-scale process recycles spent lithium battery electrolyte into battery-grade lithium "
        "carbonate "
        "with 92% lithium recovery from the electrolyte.",
        field="environmental",
        trl=3,
    )
    plant = Achievement(
        id="ach-test-li-salt-plant",
        lang="en",
        institution="Test Engineering Institute",
        city="Shenyang",
        title="Continuous plant for recovering lithium salts from spent cells",
        summary="A continuous hydrometallurgical plant recovers lithium from spent cells as lithium "
        "carbonate; it "
        "has run at 5,000 t/a for two years.",
        field="environmental",
        trl=8,
    )
    need = Demand(
        id="dem-test-li-recycling",
        lang="en",
        title="Recycling spent lithium battery electrolyte",
        enterprise="Test Recycling Co., Ltd.",
        city="Shenyang",
        field="environmental",
        required_maturity="industrial",
        description="We must recycle spent lithium battery electrolyte into battery-grade lithium carbonate "
        "at 3,000 t/a.",
    )
    report = corpus_services.ingestor.ingest_documents([r.to_document("test") for r in (lab, plant, need)])
    assert not report.errors
    demand = next(r for r in corpus_services.catalog.records("demand") if r.id == need.id)
    ranked = corpus_services.matcher.match(MatchQuery.from_record(demand), k=5)
    ids = [m.record.id for m in ranked]
    by_id = {m.record.id: m for m in ranked}
    assert ids.index(plant.id) < ids.index(lab.id)
    assert len(by_id[lab.id].reasons["terms"]) > len(
        by_id[plant.id].reasons["terms"]
    )  # the lab one fits the words
    assert (
        by_id[lab.id].reasons["maturity"]["fit"] == "below"
        and by_id[plant.id].reasons["maturity"]["fit"] == "meets"
    )
    # Without the maturity requirement the lab prototype is the closer match: the order above is maturity's.
    free = [m.record.id for m in corpus_services.matcher.match(MatchQuery.from_text(need.description), k=2)]
    assert free[0] == lab.id


# ---- chat --------------------------------------------------------------------------------------------------
def test_match_intent_is_recognised() -> None:
    for text in (
        "我们需要菱镁矿尾矿综合利用技术",
        "我们企业需要五轴加工中心",
        "想找机器人打磨抛光铸件的力控技术。",
        "We need a technology for recycling magnesite tailings",
        "Looking for a solution to detect strip defects",
        "Our refinery wants to purify by-product hydrogen",
    ):
        assert plan_question(text, TODAY).intent == "match", text
    for text in (
        "国家设立的高校用协议定价转让成果，需要公示哪些内容？",
        "我们需要参加哪些对接会？",
        "Which company needs solid-state magnesium hydrogen storage for a hydrogen station?",
        "We need to know which policies apply to us",
        "有没有利用菱镁矿尾矿生产高附加值产品的技术？",
    ):
        assert plan_question(text, TODAY).intent != "match", text


def test_chat_match_in_chinese_lists_institutions_reasons_and_events(client: TestClient) -> None:
    body = chat(client, "我们需要菱镁矿尾矿综合利用技术，用尾矿制备氢氧化镁")
    assert body["answered"] and body["lang"] == "zh"
    kinds = [c["kind"] for c in body["citations"]]
    assert (
        kinds[0] == "achievement" and body["citations"][0]["doc_id"] == "ach-magnesite-tailings-utilization"
    )
    assert "沈阳工业大学辽阳产业技术研究院" in body["answer"] and "匹配理由" in body["answer"]
    assert "共同关键词" in body["answer"] and "同属镁及菱镁材料领域" in body["answer"]
    events = [c["doc_id"] for c in body["citations"] if c["kind"] == "event"]
    assert "event-2026-12-10-liaoyang-magnesite-matchmaking" in events  # magnesium is on its agenda
    assert "event-2024-12-03-liaoyang-magnesite-promotion" not in events  # past events are not offered
    assert "好的，登记" in body["answer"] and "好的，登记" in body["suggestions"]


def test_chat_match_in_english(client: TestClient) -> None:
    body = chat(client, "We need a welding robot that tracks seams on thick steel plates, production-ready.")
    assert body["answered"] and body["lang"] == "en"
    assert body["citations"][0]["doc_id"] == "ach-welding-robot-seam-tracking"
    assert "Shenyang University of Technology" in body["answer"] and "Why:" in body["answer"]
    assert "maturity fits (industrial stage)" in body["answer"]
    events = [c["doc_id"] for c in body["citations"] if c["kind"] == "event"]
    assert events == ["event-2027-03-18-shenyang-intelligent-manufacturing"]
    assert "register" in body["answer"].lower() and "Yes, register it" in body["suggestions"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("我们煤化工企业想把甲醇转成乙烯丙烯，有没有成熟的技术", "ach-dmto-catalyst"),
        ("我们矿上煤矸石越堆越多，有啥办法回填利用", "ach-gangue-backfill-mine-restoration"),
        ("our EV motor line wants more power per kg, any tech we could license?", "ach-ev-drive-motor"),
    ],
)
def test_a_problem_in_everyday_words_gets_the_technologies_that_fit(
    client: TestClient, text: str, first: str
) -> None:
    """No "we need": the enterprise says what it makes or what goes wrong; the answer leads with the
    technology that fits, with its reasons, and never lists other enterprises' demands."""
    body = chat(client, text)
    assert body["answered"], body["answer"]
    assert body["citations"][0]["doc_id"] == first
    assert all(c["kind"] != "demand" for c in body["citations"])
    assert ("匹配理由" if body["lang"] == "zh" else "Why:") in body["answer"]


def test_the_best_match_is_shown_whole(client: TestClient) -> None:
    """The figures that make the first technology fit are in its summary's later sentences (the DMTO
    summary's second sentence: industrial plants of a million tonnes); the others stay one line."""
    body = chat(client, "我们煤化工企业想把甲醇转成乙烯丙烯，有没有成熟的技术")
    assert "百万吨级工业装置" in body["answer"]


def test_a_need_whose_key_concept_no_technology_holds_says_so(corpus_services: Services) -> None:
    """Sodium-ion cathodes and flow batteries share "battery" and "sodium" with a sodium-sulfur need, and
    the matcher scores the first above its bar: the answer still says no listing matches and offers the
    nearest, labelled, without events for a field the need only brushes, and offers to register it."""
    services = corpus_services
    draft, offer = answer_match(
        "do you have any sodium-sulfur battery technology?", "en", services.matcher, services.catalog, TODAY
    )
    assert not draft.answered
    assert draft.text.startswith("No technology in the knowledge base matches")
    assert "sodium sulfur" in draft.text and "(not a match)" in draft.text
    assert draft.citations[0].doc_id == "ach-sodium-ion-cathode"
    assert all(c.kind == "achievement" for c in draft.citations)
    assert "register" in draft.text and offer["text"]


def test_a_term_the_corpus_never_uses_decides_but_one_it_cannot_translate_does_not(
    corpus_services: Services,
) -> None:
    """ "钙钛矿" (perovskite) is in no record: a PEM electrolyser that mentions solar power is no
    perovskite module technology. "补偿" is in the corpus but the dictionary does not pair it with the
    English record's "compensation": the thermal-error technology still leads, as the best match."""
    services = corpus_services
    none, _ = answer_match("有没有钙钛矿光伏组件的技术", "zh", services.matcher, services.catalog, TODAY)
    assert not none.answered and none.text.startswith("知识库中没有与“钙钛矿")
    found, _ = answer_match(
        "有没有机床热误差实时补偿方面的技术？", "zh", services.matcher, services.catalog, TODAY
    )
    assert found.answered and found.citations[0].doc_id == "ach-cnc-thermal-error-compensation"
    assert found.text.startswith("根据您的需求")


def _stored_id(client: TestClient, token: str) -> str:
    """The stored session id behind the token a client holds (bot/security/sessions.py)."""
    sid = WebSessions.from_settings(_services(client).settings).open(token)
    assert sid is not None, token
    return sid


def _all_text(client: TestClient, sid: str) -> str:
    history = _services(client).conversations.history(_stored_id(client, sid), 50)
    return "\n".join(m.content for m in history)


def test_capture_asks_in_turn_and_keeps_the_contact_in_the_lead_only(client: TestClient) -> None:
    first = chat(client, "我们需要菱镁矿尾矿综合利用技术，用尾矿制备氢氧化镁")
    sid = first["session_id"]
    answers = [chat(client, "好的，登记", sid)]
    assert "企业名称" in answers[-1]["answer"]
    answers.append(chat(client, "海城测试镁业有限公司", sid))
    assert "联系" in answers[-1]["answer"]
    answers.append(chat(client, f"联系人：王工，电话 {PHONE}，邮箱 {EMAIL}", sid))
    assert "日期" in answers[-1]["answer"]
    answers.append(chat(client, "2027年6月30日", sid))
    done = answers[-1]["answer"]
    assert "已登记" in done and "海城测试镁业有限公司" in done and "2027-06-30" in done
    for a in answers:
        assert PHONE not in a["answer"] and EMAIL not in a["answer"]
    assert PHONE not in _all_text(client, sid) and EMAIL not in _all_text(client, sid)  # masked when stored

    assert client.get("/api/admin/leads").status_code == 401
    leads = client.get("/api/admin/leads", headers=ADMIN).json()["leads"]
    assert len(leads) == 1
    lead = leads[0]
    assert lead["status"] == "pending" and lead["enterprise"] == "海城测试镁业有限公司"
    assert PHONE in lead["contact"] and EMAIL in lead["contact"] and "王工" in lead["contact"]
    assert lead["field"] == "magnesium_materials" and lead["deadline"] == "2027-06-30"
    assert lead["best_match"] == "ach-magnesite-tailings-utilization"

    # Pending: not published anywhere.
    demands = client.get("/api/demands", params={"limit": 200}).text
    assert "海城测试镁业" not in demands

    approved = client.post(f"/api/admin/leads/{lead['id']}/approve", headers=ADMIN).json()
    assert approved["status"] == "approved"
    demand_id = approved["demand_id"]
    listed = client.get("/api/demands", params={"limit": 200})
    assert any(
        d["id"] == demand_id and d["enterprise"] == "海城测试镁业有限公司" for d in listed.json()["items"]
    )
    hits = client.get(
        "/api/search", params={"q": "海城测试镁业 菱镁矿尾矿 氢氧化镁", "kind": "demand", "k": 5}
    )
    assert demand_id in [h["doc_id"] for h in hits.json()["hits"]]
    matched = client.post("/api/match", json={"demand_id": demand_id, "k": 3})
    assert matched.json()["matches"][0]["id"] == "ach-magnesite-tailings-utilization"
    later = chat(client, "哪些企业有菱镁矿尾矿利用的技术需求？")
    for text in (listed.text, hits.text, matched.text, later["answer"], json.dumps(later["citations"])):
        assert PHONE not in text and EMAIL not in text


@pytest.mark.parametrize(
    "wish", ["我们公司想发布一个技术需求", "how can we post a technical demand on your platform?"]
)
def test_the_wish_to_post_a_need_asks_for_the_need_first(client: TestClient, wish: str) -> None:
    """Nothing described yet: the reply asks for the need (then it is matched, then registered), rather
    than listing other enterprises' demands; asking to register for an event stays a question."""
    reply = chat(client, wish)
    assert reply["answered"] and not reply["citations"]
    assert "请先描述您的技术需求" in reply["answer"] or "Describe your need first" in reply["answer"]
    event = chat(client, "where do I register for the roadshow?")
    assert "Describe your need first" not in event["answer"]
    listed = chat(
        client, "发布技术需求的企业有哪些"
    )  # a question about the demands listed, no wish of one's own
    assert "请先描述您的技术需求" not in listed["answer"] and listed["citations"]


def test_capture_from_one_message_in_english_and_cancel(client: TestClient) -> None:
    sid = chat(client, f"We need a welding robot that tracks seams on thick steel plates. Call {PHONE}.")[
        "session_id"
    ]
    reply = chat(
        client,
        f"Yes, register it. We are Test Steel Structures Co., Ltd., contact Ms. Li {EMAIL}, "
        "deadline June 30, 2027",
        sid,
    )
    assert "registered" in reply["answer"] and EMAIL not in reply["answer"]
    lead = client.get("/api/admin/leads", headers=ADMIN).json()["leads"][0]
    assert lead["enterprise"] == "Test Steel Structures Co., Ltd." and lead["deadline"] == "2027-06-30"
    assert "Ms. Li" in lead["contact"] and EMAIL in lead["contact"] and lead["lang"] == "en"
    # A phone number given with the need itself is masked wherever the need is kept.
    assert PHONE not in _all_text(client, sid) and PHONE not in lead["description"]
    assert PHONE not in json.dumps(_services(client).conversations.get_state(_stored_id(client, sid)))

    sid = chat(client, "我们需要储能技术")["session_id"]
    assert "企业名称" in chat(client, "好的", sid)["answer"]  # a bare "yes" right after the offer
    assert "取消" in chat(client, "算了，不用了", sid)["answer"]
    statuses = {
        x["status"]
        for x in client.get("/api/admin/leads", params={"status": "all"}, headers=ADMIN).json()["leads"]
    }
    assert statuses == {"pending", "cancelled"}
    # Without an offer, "yes" is just a message.
    assert chat(client, "yes")["answer"] != ""


def test_admin_leads_approve_and_reject_need_the_key(client: TestClient) -> None:
    sid = chat(client, "我们需要锂电池电解液回收技术")["session_id"]
    chat(client, f"登记需求：企业名称：测试新能源有限公司，联系人：赵工，电话 {PHONE}，截止2027-09-30", sid)
    lead = client.get("/api/admin/leads", headers=ADMIN).json()["leads"][0]
    url = f"/api/admin/leads/{lead['id']}"
    assert client.post(f"{url}/approve").status_code == 401
    assert client.post(f"{url}/reject", headers={"Authorization": "Bearer wrong-key-456"}).status_code == 403
    assert client.post("/api/admin/leads/0123456789abcdef/approve", headers=ADMIN).status_code == 404

    rejected = client.post(f"{url}/reject", json={"note": "duplicate"}, headers=ADMIN).json()
    assert rejected["status"] == "rejected" and rejected["lead"]["note"] == "duplicate"
    assert "测试新能源" not in client.get("/api/demands", params={"limit": 200}).text
    hits = client.get(
        "/api/search", params={"q": "测试新能源有限公司 锂电池电解液回收", "kind": "demand"}
    ).json()["hits"]
    assert not any(h["doc_id"].startswith("dem-lead-") for h in hits)
    assert client.post(f"{url}/approve", headers=ADMIN).status_code == 409  # rejected is final for approval
    assert (
        client.get("/api/admin/leads", params={"status": "rejected"}, headers=ADMIN).json()["leads"][0]["id"]
        == lead["id"]
    )


def test_withdrawing_an_approved_lead_removes_it_from_the_index(client: TestClient) -> None:
    sid = chat(client, "We need a technology to recycle spent lithium battery electrolyte.")["session_id"]
    chat(client, f"register it: company: Test Lithium Co., Ltd., contact {EMAIL}, deadline end of 2027", sid)
    lead = client.get("/api/admin/leads", headers=ADMIN).json()["leads"][0]
    demand_id = client.post(
        f"/api/admin/leads/{lead['id']}/approve", json={"field": "environmental"}, headers=ADMIN
    ).json()["demand_id"]
    assert demand_id in client.get("/api/demands", params={"limit": 200}).text
    client.post(f"/api/admin/leads/{lead['id']}/reject", headers=ADMIN)
    assert demand_id not in client.get("/api/demands", params={"limit": 200}).text


# ---- demand-gap analytics ----------------------------------------------------------------------------
def _seed_gaps(client: TestClient) -> None:
    chat(client, "有没有量子通信的技术？")
    chat(client, "量子计算机有什么成果可以转让？")
    down = chat(client, "有多少项氢能成果？")
    client.post(
        "/api/feedback",
        json={
            "session_id": down["session_id"],
            "message_id": down["message_id"],
            "rating": "down",
            "comment": f"call me {PHONE}",
        },
    )
    pet_food = Demand(
        id="dem-test-pet-food",
        lang="zh",
        title="宠物食品配方与适口性改良技术需求",
        enterprise="测试宠物食品有限公司",
        city="辽阳",
        field="biomedicine",
        description="公司生产猫粮和犬粮，需要提高宠物食品适口性、延长保质期的配方技术。",
    )
    _services(client).ingestor.ingest_documents([pet_food.to_document("test")])


def test_gaps_grouped_by_topic_as_json_and_csv(client: TestClient) -> None:
    _seed_gaps(client)
    assert client.get("/api/admin/gaps").status_code == 401
    report = client.get("/api/admin/gaps", headers=ADMIN).json()
    assert report["totals"]["unanswered"] >= 2 and report["totals"]["rated_down"] == 1
    topics = {t["topic"]: t for t in report["topics"]}
    assert topics["kw:量子"]["unanswered"] == 2 and topics["kw:量子"]["count"] == 2
    assert {e["text"] for e in topics["kw:量子"]["examples"]} == {
        "有没有量子通信的技术？",
        "量子计算机有什么成果可以转让？",
    }
    assert topics["hydrogen_energy"]["rated_down"] == 1 and topics["hydrogen_energy"]["label_zh"] == "氢能"
    # Of the demands, only the one no achievement fits is a gap (the shipped ones all have a good match).
    unmatched = [e for t in report["topics"] for e in t["examples"] if e["source"] == "unmatched_demand"]
    assert [e["ref"] for e in unmatched] == ["dem-test-pet-food"]
    assert topics["biomedicine"]["unmatched_demands"] == 1
    assert PHONE not in json.dumps(report, ensure_ascii=False)

    resp = client.get("/api/admin/gaps", params={"format": "csv"}, headers=ADMIN)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert {r["topic"] for r in rows} == set(topics)
    assert next(r for r in rows if r["topic"] == "kw:量子")["unanswered"] == "2"

    un = client.get("/api/admin/unanswered", params={"format": "csv"}, headers=ADMIN)
    questions = [r["question"] for r in csv.DictReader(io.StringIO(un.text))]
    assert "有没有量子通信的技术？" in questions and un.headers["content-type"].startswith("text/csv")


def test_report_writes_json_csv_and_png(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import cli
    from bot.matching import report as report_module

    _seed_gaps(client)
    monkeypatch.setattr(cli, "_services", lambda: _services(client))
    out = tmp_path / "report"
    assert cli.main(["report", "--out", str(out)]) == 0
    png = (out / "gaps.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    data = json.loads((out / "gaps.json").read_text(encoding="utf-8"))
    assert any(t["topic"] == "kw:量子" for t in data["topics"])
    assert (out / "gaps.csv").read_text(encoding="utf-8-sig").startswith("topic,kind,label_zh,label_en,count")
    # With no CJK font installed the chart falls back to English labels instead of empty boxes.
    monkeypatch.setattr(report_module, "cjk_font", lambda: None)
    written = report_module.write_report(data, tmp_path / "plain")
    assert written["font"] is None and Path(written["png"]).read_bytes()[:4] == b"\x89PNG"


# ---- parsing and the evaluation ----------------------------------------------------------------------
def test_capture_parsing() -> None:
    assert find_contact("联系人：李明，电话0411-8888-1234") == "李明 / 0411-8888-1234"
    assert find_contact(f"contact: Mr. Smith, {EMAIL}") == f"Mr. Smith / {EMAIL}"
    assert find_contact("no contact here") is None
    assert find_enterprise("我们是辽阳鑫镁轻合金科技有限公司") == "辽阳鑫镁轻合金科技有限公司"
    assert find_enterprise("We are Acme Robotics Co., Ltd., contact Dr. Li") == "Acme Robotics Co., Ltd."
    assert parse_deadline("截止2027年6月") == dt.date(2027, 6, 30)
    assert parse_deadline("2027年底") == dt.date(2027, 12, 31)
    assert parse_deadline("by March 15, 2027") == dt.date(2027, 3, 15)
    assert parse_deadline("2027-02-30") is None
    assert PHONE not in redact(f"电话 {PHONE}") and EMAIL not in redact(EMAIL, "en")


def test_match_evaluation_holds_mrr(shared_corpus_services: Services) -> None:
    cases = load_match_cases(ROOT / "evals" / "match")
    assert len(cases) >= 30
    scores = evaluate_matching(shared_corpus_services.matcher, shared_corpus_services.catalog, cases)
    assert all(scores[g].count("MRR") >= 10 for g in ("zh", "en", "cross-lingual"))
    assert scores["all"].mean("MRR") >= 0.8, scores["all"].misses
    for group in ("zh", "en", "cross-lingual", "technology_to_demand"):
        assert scores[group].mean("MRR") >= 0.8, (group, match_row(scores[group]))
    assert scores["all"].mean("precision@3") >= 0.8


def test_contacts_in_an_ordinary_question_are_not_stored(client: TestClient) -> None:
    sid = chat(client, "我的电话是 138 0013 8000，邮箱 wang(at)example.com，辽阳有什么对接会？")["session_id"]
    text = _all_text(client, sid)
    assert "对接会" in text and "138 0013 8000" not in text and "wang(at)example.com" not in text
