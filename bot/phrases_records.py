"""The phrases that answer one attribute of one record: where and when an event is, who offers a
technology, a demand's budget or deadline, and what a listing does not state.

Part of the phrasebook's table (bot/phrasebook.py merges it into `PHRASES`); kept apart because these
phrases belong to one room (bot/conversation/attribute_answers.py, record_details.py) and grow with it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["RECORD_PHRASES"]

RECORD_PHRASES: Mapping[str, Mapping[str, str]] = {
    # ---- one attribute of one record (bot/conversation/attribute_answers.py) --------------------------
    "attr.missing": {
        "zh": "{name}的登记信息中没有写明{what}。",
        "en": "The listing for {name} does not state {what}.",
    },
    # ---- the owner's other records (bot/conversation/owner_others.py) ------------------------------
    "owner_others.head": {
        "zh": "{owner}的其他{what}（共 {n} 项）：",
        "en": "Other {what} listings from {owner} ({n}):",
    },
    "owner_others.none": {
        "zh": "知识库中没有{owner}的其他{what}。",
        "en": "The knowledge base lists no other {what} from {owner}.",
    },
    "attr.what.venue": {"zh": "举办地点", "en": "a venue"},
    "attr.what.organizers": {"zh": "主办单位", "en": "its organisers"},
    "attr.what.topics": {"zh": "议题", "en": "its topics"},
    "attr.what.registration": {"zh": "报名方式", "en": "how to register"},
    "attr.what.pitch": {
        "zh": "企业如何在会上发布自己的技术需求",
        "en": "how an enterprise pitches its own demand there",
    },
    "attr.what.event_fee": {"zh": "参会费用", "en": "a fee"},
    "attr.what.fee": {"zh": "费用", "en": "a fee"},
    "attr.what.price": {
        "zh": "价格（转让、许可费用由双方商定）",
        "en": "a price (transfer and licence fees are negotiated)",
    },
    "attr.what.organisation": {
        "zh": "机构自身的信息（成立时间、人员规模、负责人等）",
        "en": "details of the organisation itself (founding, staff, executives)",
    },
    "attr.what.patent_number": {"zh": "专利号", "en": "patent numbers"},
    "attr.what.extension": {"zh": "延期安排", "en": "an extension or postponement"},
    "attr.what.accommodation": {"zh": "住宿安排", "en": "accommodation"},
    "attr.what.companions": {"zh": "每家单位可参会的人数", "en": "how many people one company may bring"},
    "attr.what.exclusivity": {"zh": "能否独家（排他）许可", "en": "whether an exclusive licence is possible"},
    "attr.what.parking": {"zh": "停车安排", "en": "parking"},
    "attr.what.online": {"zh": "线上参会方式", "en": "a way to attend online"},
    "attr.what.interpreting": {"zh": "翻译安排", "en": "interpreting"},
    "attr.what.shuttle": {"zh": "交通接送安排", "en": "transport or a shuttle"},
    "attr.what.meals": {"zh": "用餐安排", "en": "meals"},
    "attr.what.travel_costs": {"zh": "差旅费用报销安排", "en": "whether travel costs are covered"},
    "attr.what.investors": {"zh": "参会投资机构名单", "en": "which investors attend"},
    "attr.what.wechat": {"zh": "微信号", "en": "a WeChat ID"},
    "attr.what.contact_person": {"zh": "联系人姓名", "en": "a contact person's name"},
    "attr.what.warranty": {"zh": "质保条款", "en": "a warranty"},
    "attr.what.payback": {"zh": "投资回收期", "en": "a payback period"},
    "attr.what.lead": {"zh": "团队负责人", "en": "who leads the team"},
    "attr.what.customer": {"zh": "买方、被许可方或中标方", "en": "who bought, licensed or won it"},
    "attr.what.product_name": {"zh": "产品或品种的名称、型号", "en": "a product, brand or variety name"},
    "attr.price_ask": {"zh": "可联系成果方：{contact}。", "en": " Ask the owner: {contact}."},
    "attr.what.deadline": {"zh": "截止日期", "en": "a deadline"},
    "attr.what.budget": {"zh": "预算", "en": "a budget"},
    "attr.what.required_maturity": {"zh": "成熟度要求", "en": "a required maturity"},
    "attr.what.ip_status": {"zh": "知识产权情况", "en": "its IP status"},
    "attr.what.transfer_modes": {"zh": "转化方式", "en": "how it is transferred"},
    "fit.required": {"zh": "{demand}的要求：{sentence}", "en": "What {demand} requires: {sentence}"},
    "fit.stated": {"zh": "{tech}：{sentence}", "en": "What {tech} achieves: {sentence}"},
    "fit.compare": {
        "zh": "请对照两者的指标；是否满足，以双方对接时的测试和确认为准。",
        "en": "Compare the two figures; whether it meets the need is settled when the two sides test it.",
    },
    "attr.what.cooperation": {"zh": "合作方式", "en": "how the enterprise wants to cooperate"},
    "attr.what.contact": {"zh": "联系方式", "en": "a contact"},
    "attr.what.this": {"zh": "这一信息", "en": "this"},
    "attr.measure_unstated": {
        "zh": "{name}的登记信息中没有写明这项数据。",
        "en": "The listing for {name} does not state that figure.",
    },
    "attr.unnamed": {
        "zh": "{name}的登记信息没有写明它的名称，只提到：{sentence}",
        "en": "The listing for {name} does not name it; it says only: {sentence}",
    },
    "detail.source": {"zh": "——{name}", "en": "-- {name}"},
    # an organisation asked about by its name (bot/conversation/owners.py)
    "owner.not_listed": {
        "zh": "知识库只收录{owner}登记的成果或需求，没有该单位自身的信息（成立时间、人员规模、营收、"
        "负责人等）。它登记的有：",
        "en": "The knowledge base lists only what {owner} offers or needs; it does not state details of the "
        "organisation itself (founding, staff, revenue, executives). Its listings:",
    },
    "detail.missing": {
        "zh": "{name}的资料中没有写明{what}。",
        "en": "The listing for {name} does not state {what}.",
    },
    "attr.venue": {
        "zh": "{name}在{city}举办，地点：{venue}。",
        "en": "{name} is held in {city}, at {venue}.",
    },
    "attr.date": {"zh": "{name}的时间：{span}。", "en": "{name}: {span}."},
    "attr.organizers": {"zh": "{name}的主办/承办单位：{names}。", "en": "{name} is organised by {names}."},
    "attr.topics": {"zh": "{name}的主题：{topics}。", "en": "Topics of {name}: {topics}."},
    "attr.registration": {"zh": "报名方式：{text}", "en": "How to register: {text}"},
    "attr.pitch": {"zh": "{name}：{text}", "en": "{name}: {text}"},
    "attr.deadline_closed": {
        "zh": "报名已于 {date} 截止（{days} 天前），现在无法报名。",
        "en": "Registration closed on {date} ({days} {days:day|days} ago).",
    },
    "attr.deadline_today": {"zh": "报名今天（{date}）截止。", "en": "Registration closes today ({date}). "},
    "attr.deadline_ahead": {
        "zh": "报名截止日期是 {date}，还有 {days} 天。",
        "en": "The registration deadline is {date}, {days} {days:day|days} from now.",
    },
    "attr.demand_deadline": {
        "zh": "{name}的截止日期：{deadline}。",
        "en": "The deadline of {name} is {deadline}.",
    },
    "attr.demand_deadline_ahead": {
        "zh": "{name}的截止日期：{deadline}，还有 {days} 天。",
        "en": "The deadline of {name} is {deadline}, {days} {days:day|days} from now.",
    },
    "attr.demand_deadline_today": {
        "zh": "{name}的截止日期是今天（{deadline}）。",
        "en": "The deadline of {name} is today ({deadline}).",
    },
    "attr.demand_deadline_passed": {
        "zh": "{name}的截止日期是 {deadline}，已过去 {days} 天。",
        "en": "The deadline of {name} was {deadline}, {days} {days:day|days} ago.",
    },
    "attr.budget": {"zh": "{name}的预算：{budget}。", "en": "The budget of {name} is {budget}."},
    "attr.owner": {"zh": "{name}来自{owner}。", "en": "{name} is offered by {owner}."},
    "attr.poster": {"zh": "{name}由{owner}发布。", "en": "{name} is posted by {owner}."},
    "attr.required_maturity": {
        "zh": "{name}要求的成熟度：{label}。",
        "en": "{name} asks for {label} maturity.",
    },
    "attr.maturity": {"zh": "{name}处于{label}（TRL {trl}）。", "en": "{name} is at TRL {trl} ({label})."},
    "attr.ip_status": {"zh": "{name}的知识产权：{ip}。", "en": "IP status of {name}: {ip}."},
    "attr.transfer_modes": {"zh": "{name}的转化方式：{modes}。", "en": "{name} is offered by {modes}."},
    "attr.demand_contact": {
        "zh": "{name}的企业联系方式由技术转移服务机构保管，不公开；请通过对接会或服务机构联系。",
        "en": "The enterprise's contact for {name} is kept by the technology-transfer office; reach them "
        "through the office or a matchmaking event.",
    },
    "attr.contact": {"zh": "{name}的联系方式：{contact}。", "en": "Contact for {name}: {contact}."},
    "attr.city": {"zh": "{name}位于{city}。", "en": "{name} is in {city}."},
    "attr.field": {"zh": "{name}属于{fields}领域。", "en": "{name} is in {fields}."},
}
