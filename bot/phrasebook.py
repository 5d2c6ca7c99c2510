"""Every fixed user-facing phrase of the bot, in Chinese and English, in one table.

`phrase(key, lang, **values)` renders one: Chinese for `lang == "zh"`, English otherwise (a question's
language is one or the other). A key that is not in the table, or a `{placeholder}` without its value,
raises `KeyError` naming both: a typo must fail in a test, not reach a user as "{n}". Both texts of a
phrase take the same placeholders (tests/unit/test_phrasebook.py), so a caller passes the same values
whatever the language. `{name!c}` is the value with its first letter capitalised ("Upcoming ...").

Keys are the phrase's name; phrases of one room share a prefix (`match.`, `capture.`, `channel.`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

__all__ = ["PHRASES", "phrase"]

PHRASES: Mapping[str, Mapping[str, str]] = {
    # ---- answers (bot/chat) ------------------------------------------------------------------------
    "refusal": {
        "zh": "抱歉，知识库中没有找到能回答这个问题的内容。您可以换个说法提问，或联系技术转移服务机构。",
        "en": "Sorry, the knowledge base has nothing that answers this question. Try rephrasing it, or "
        "contact the technology transfer office.",
    },
    "intro": {"zh": "根据知识库中的资料：", "en": "Here is what the knowledge base says:"},
    "source_other_lang": {"zh": "（以下引文为英文原文）", "en": "(quoted from Chinese sources)"},
    "events_upcoming": {"zh": "即将举办的对接活动", "en": "upcoming matchmaking events"},
    "events_past": {"zh": "已举办的对接活动", "en": "past matchmaking events"},
    "events_any": {"zh": "对接活动", "en": "matchmaking events"},
    "no_events": {"zh": "知识库中没有找到{scope}。", "en": "The knowledge base lists no {scope}."},
    "events_head": {"zh": "{scope}（共 {n} 场）：", "en": "{scope!c} ({n}):"},
    "tech_head": {
        "zh": "找到 {n} 项相关科技成果：",
        "en": "{n} matching {n:technology|technologies} (achievements offered for transfer):",
    },
    "no_match_nearest": {
        "zh": "知识库中没有与“{terms}”相符的{what}。最接近的几项如下（并不相符，仅供参考）：",
        "en": "No {what} in the knowledge base matches \u201c{terms}\u201d. The nearest ones (not a match):",
    },
    "followup.demands_for": {
        "zh": "可能需要{title}的企业需求：",
        "en": "Enterprise demands that {title} may meet:",
    },
    "followup.none_for": {
        "zh": "知识库中没有与{title}相符的{what}。",
        "en": "No {what} in the knowledge base fits {title}.",
    },
    "followup.achievements_for": {
        "zh": "可能满足{title}的科技成果：",
        "en": "Technologies that may meet {title}:",
    },
    # ---- a detail of a named past event (bot/conversation/event_details.py) ----------------------------
    "event_detail.held": {"zh": "{event}于 {days} 举办。", "en": "{event!c} was held on {days}."},
    "event_detail.held_at": {"zh": "{event}的举办地点：{venue}。", "en": "{event!c} was held at: {venue}."},
    "event_detail.organisers": {
        "zh": "{event}的主办单位：{names}。",
        "en": "{event!c} was organised by: {names}.",
    },
    "event_detail.co_organisers": {
        "zh": "{event}的协办单位：{names}。",
        "en": "{event!c} was co-organised by: {names}.",
    },
    # ---- a news article as a document (bot/conversation/news_facts.py) --------------------------------
    "news_fact.source": {
        "zh": "{title}由{source}发布（{date}）。",
        "en": "{title} was published by {source} on {date}.",
    },
    "news_fact.date": {"zh": "{title}发布于 {date}。", "en": "{title} was published on {date}."},
    "event_detail.not_yet": {
        "zh": "{event}尚未举办，它的登记信息没有提到您问的这一点。",
        "en": "{event!c} has not taken place yet, and its listing does not state what you ask.",
    },
    "event_detail.not_stated": {
        "zh": "{event}已经举办，但现有资料（活动记录和相关新闻）没有提到您问的这一点。",
        "en": "{event!c} has taken place, but its sources (the event record and the news about it) do not "
        "state what you ask.",
    },
    "what.achievement": {"zh": "科技成果", "en": "technology"},
    "what.demand": {"zh": "企业技术需求", "en": "enterprise demand"},
    # ---- a filter on the list just shown (bot/conversation/subsets.py) ---------------------------------
    "subset.head": {
        "zh": "上面列出的 {total} 项中，{what}的有 {n} 项：",
        "en": "{n} of the {total} listed above are {what}:",
    },
    "subset.none": {
        "zh": "上面列出的 {n} 项中，没有{what}的。",
        "en": "None of the {n} listed above is {what}.",
    },
    "subset.upcoming": {"zh": "尚未举办", "en": "upcoming"},
    "subset.past": {"zh": "已经举办", "en": "already held"},
    "subset.open": {"zh": "仍可报名", "en": "still open for registration"},
    # ---- the topic of the list shown, asked of another kind (bot/conversation/topics.py) --------------
    "topic.event": {
        "zh": "{field}领域的对接活动（共 {n} 场）：",
        "en": "Matchmaking events in {field} ({n}):",
    },
    "topic.achievement": {
        "zh": "{field}领域的科技成果（共 {n} 项）：",
        "en": "Technologies in {field} ({n}):",
    },
    "topic.demand": {
        "zh": "{field}领域的企业技术需求（共 {n} 条）：",
        "en": "Enterprise demands in {field} ({n}):",
    },
    "topic.none": {
        "zh": "知识库中没有{field}领域的{what}。",
        "en": "The knowledge base lists no {what} in {field}.",
    },
    "what.event": {"zh": "对接活动", "en": "matchmaking event"},
    # ---- greetings, thanks, "what can you do" (bot/conversation/smalltalk.py) ----------------------------
    "smalltalk.bye": {
        "zh": "再见！有关于政策、科技成果或对接会的问题，随时回来问我。",
        "en": "Goodbye! Come back any time with questions about policies, technologies or events.",
    },
    "smalltalk.thanks": {
        "zh": "不客气！还有关于政策、科技成果或对接会的问题，随时问我。",
        "en": "You're welcome! Ask me any time about policies, technologies or matchmaking events.",
    },
    "smalltalk.hello": {
        "zh": "您好！我是 TechBridge 科技成果转化助手，可以查政策法规条文、可转化的科技成果、"
        "企业技术需求和对接会，并为企业需求匹配技术。您可以这样问：",
        "en": "Hello! I'm TechBridge, a technology-transfer assistant: I look up regulations article by "
        "article, technologies offered for transfer, enterprise demands and matchmaking events, and match "
        "your needs to technologies. You could ask:",
    },
    "smalltalk.example_events": {
        "zh": "{city}近期有哪些对接会？",
        "en": "What matchmaking events are coming up in {city}?",
    },
    "smalltalk.example_field": {
        "zh": "有哪些{field}方面的科技成果？",
        "en": "Which technologies in {field} can we license?",
    },
    "smalltalk.example_reward": {
        "zh": "职务科技成果转化后，对完成人的奖励不低于多少？",
        "en": "What reward does the law give inventors of a job-related achievement?",
    },
    "smalltalk.example_need": {
        "zh": "我们企业需要菱镁矿尾矿综合利用技术，有合适的成果吗？",
        "en": "We need a technology to recycle magnesite tailings: is there one?",
    },
    # ---- one attribute of one record (bot/conversation/attribute_answers.py) --------------------------
    "attr.missing": {
        "zh": "{name}的登记信息中没有写明{what}。",
        "en": "The listing for {name} does not state {what}.",
    },
    "attr.what.venue": {"zh": "举办地点", "en": "a venue"},
    "attr.what.organizers": {"zh": "主办单位", "en": "its organisers"},
    "attr.what.topics": {"zh": "议题", "en": "its topics"},
    "attr.what.registration": {"zh": "报名方式", "en": "how to register"},
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
    "attr.price_ask": {"zh": "可联系成果方：{contact}。", "en": " Ask the owner: {contact}."},
    "attr.what.deadline": {"zh": "截止日期", "en": "a deadline"},
    "attr.what.budget": {"zh": "预算", "en": "a budget"},
    "attr.what.required_maturity": {"zh": "成熟度要求", "en": "a required maturity"},
    "attr.what.ip_status": {"zh": "知识产权情况", "en": "its IP status"},
    "attr.what.transfer_modes": {"zh": "转化方式", "en": "how it is transferred"},
    "attr.what.contact": {"zh": "联系方式", "en": "a contact"},
    "attr.what.this": {"zh": "这一信息", "en": "this"},
    "detail.source": {"zh": "——{name}", "en": "-- {name}"},
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
    "no_tech": {
        "zh": "知识库中没有找到符合条件的科技成果。",
        "en": "The knowledge base lists no technology that fits.",
    },
    "demand_head": {
        "zh": "找到 {n} 条相关企业技术需求：",
        "en": "{n} matching enterprise technical {n:demand|demands}:",
    },
    "no_demand": {
        "zh": "知识库中没有找到符合条件的企业技术需求。",
        "en": "The knowledge base lists no enterprise demand that fits.",
    },
    "count_head": {
        "zh": "知识库中{scope}共有 {n} {noun}。",
        "en": "The knowledge base lists {n} {noun}{scope}.",
    },
    # the {noun} of count_head, by record kind
    "count_noun.achievement": {"zh": "项科技成果", "en": "achievements"},
    "count_noun.demand": {"zh": "条企业技术需求", "en": "enterprise demands"},
    "count_noun.event": {"zh": "场对接活动", "en": "matchmaking events"},
    "more": {"zh": "……另有 {n} 条未列出。", "en": "... and {n} more."},
    "article_step.missing": {
        "zh": "知识库收录的《{name}》中没有第{number}条{held}。",
        "en": "The knowledge base's {name} does not include Article {number}{held}.",
    },
    "article_step.held": {
        "zh": "（收录的是第{first}条至第{last}条）",
        "en": " (it holds Articles {first} to {last})",
    },
    "article_missing": {
        "zh": "知识库收录的法规中没有找到{articles}。",
        "en": "No regulation in the knowledge base has {articles}.",
    },
    "in_city": {"zh": "{city}", "en": " in {city}"},
    "in_field": {"zh": "{field}领域", "en": " in {field}"},
    "sources_head": {"zh": "来源：", "en": "Sources:"},
    # ---- curated answers and article statuses (bot/chat/curated.py, bot/conversation/article_status.py)
    "curated_other_lang": {
        "zh": "（以上为工作人员用英文撰写的答复）",
        "en": "(The staff's answer above is written in Chinese.)",
    },
    "article_status.amended": {"zh": "已修订", "en": "amended"},
    "article_status.repealed": {"zh": "已废止", "en": "repealed"},
    "article_notice": {
        "zh": "注意：工作人员已于 {date} 将{article}标记为{status}。",
        "en": "Note: staff marked {article} as {status} on {date}.",
    },
    "article_notice_note": {
        "zh": "注意：工作人员已于 {date} 将{article}标记为{status}：{note}",
        "en": "Note: staff marked {article} as {status} on {date}: {note}",
    },
    # ---- matchmaking in chat (bot/matching/chat.py) ------------------------------------------------
    "match.head_good": {
        "zh": "根据您的需求，知识库中最匹配的科技成果：",
        "en": "The technologies in the knowledge base that best match your need:",
    },
    "match.head_close": {
        "zh": "知识库中暂时没有与这项需求充分匹配的科技成果，以下是最接近的：",
        "en": "Nothing in the knowledge base fully matches this need yet; the closest technologies are:",
    },
    "match.head_none": {
        "zh": "知识库中暂时没有与这项需求匹配的科技成果。",
        "en": "The knowledge base has no technology that matches this need yet.",
    },
    "match.why": {"zh": "匹配理由：", "en": "Why: "},
    "match.events": {
        "zh": "近期有该领域议程的对接活动：",
        "en": "Upcoming matchmaking events with this field on the agenda:",
    },
    "match.offer": {
        "zh": "如需登记这项技术需求（工作人员审核后发布，并协助对接），请回复“好的，登记”。",
        "en": "Shall I register this need for you? Staff review it, publish it and help find partners. "
        'Reply "yes, register it".',
    },
    # ---- demand capture (bot/matching/capture.py) --------------------------------------------------
    "capture.start": {
        "zh": "好的，我来帮您登记这项技术需求，登记后由工作人员审核再发布。",
        "en": "Sure, I will register this technical need; staff review it before it is published.",
    },
    "capture.enterprise": {"zh": "请问企业名称是什么？", "en": "What is the name of your enterprise?"},
    "capture.contact": {
        "zh": "请留下联系人和电话或邮箱（仅工作人员可见，不会公开）。",
        "en": "Please leave a contact person and a phone number or email (seen by staff only, never "
        "published).",
    },
    "capture.contact_again": {
        "zh": "没有识别到电话或邮箱，请再提供一次（仅工作人员可见）。",
        "en": "I could not find a phone number or email; please give one (seen by staff only).",
    },
    "capture.deadline": {
        "zh": "希望在什么日期前找到解决方案？（例如 2027-06-30；没有期限请回复“无”）",
        "en": 'By what date do you need a solution? (e.g. 2027-06-30; reply "none" if there is no deadline)',
    },
    "capture.deadline_again": {
        "zh": "没有识别到日期，请按 2027-06-30 这样的格式回复，或回复“无”。",
        "en": 'I could not read a date; please reply like 2027-06-30, or "none".',
    },
    "capture.done": {
        "zh": "需求已登记（编号 {ref}）：{enterprise}，{field_text}截止日期 {deadline}。"
        "联系方式已记录，仅工作人员可见。"
        "工作人员审核通过后，需求将发布到平台并协助对接。",
        "en": "Your need is registered (ref. {ref}): {enterprise}, {field_text}deadline {deadline}. The "
        "contact details are recorded for staff only. Once staff approve it, the need is published and we "
        "help find partners.",
    },
    "capture.cancelled": {"zh": "好的，已取消登记。", "en": "OK, the registration is cancelled."},
    "capture.nothing": {
        "zh": "目前没有可登记的需求。请先描述您的技术需求，例如“我们需要……技术”。",
        "en": 'There is no need to register yet. Describe it first, e.g. "we need a technology for ...".',
    },
    "capture.contact_hidden": {"zh": "[联系方式已隐藏]", "en": "[contact hidden]"},
    # ---- messaging-app bots (bot/channels) ---------------------------------------------------------
    "channel.apology": {
        "zh": "抱歉，暂时无法回答，请稍后再试。",
        "en": "Sorry, I could not answer just now. Please try again later.",
    },
    "channel.shortened": {"zh": "\n……（回答过长，已截断）", "en": "\n... (answer shortened)"},
    "channel.wechat.voice_unrecognised": {
        "zh": "抱歉，没能听清这条语音，请用文字再问一次。",
        "en": "Sorry, I could not make out that voice message. Please type your question.",
    },
    # ---- subscriptions and linked accounts (bot/conversation/accounts.py, bot/matchmaking/push.py) ---
    "account.kind.achievement": {"zh": "科技成果", "en": "technologies"},
    "account.kind.demand": {"zh": "企业需求", "en": "enterprise demands"},
    "account.kind.event": {"zh": "对接活动", "en": "events"},
    "account.subscribed": {
        "zh": "已订阅：{what}。有新发布时我会在这里通知您（每小时最多 {n} 条消息）。"
        "发送“我的订阅”查看，发送“取消订阅”退订。",
        "en": "Subscribed: {what}. I will message you here when new ones are listed (at most {n} messages "
        "an hour). Say \u201cmy subscriptions\u201d to see them, \u201cunsubscribe\u201d to stop.",
    },
    "account.already": {"zh": "您已订阅过：{what}。", "en": "You are already subscribed to {what}."},
    "account.no_push": {
        "zh": "这里无法主动给您发消息。请在企业微信、飞书、Slack、Telegram 或微信公众号中对我说同样的话，"
        "有新发布时我会在那里通知您。",
        "en": "This chat cannot message you with updates. Say the same to me in WeCom, Feishu, Slack, "
        "Telegram or WeChat and I will message you there when new ones are listed.",
    },
    "account.none": {
        "zh": "您目前没有订阅。可以这样订阅：“有新的氢能成果请通知我”。",
        "en": "You have no subscriptions. Try: \u201cnotify me about new hydrogen technologies\u201d.",
    },
    "account.list_head": {"zh": "您的订阅（共 {n} 项）：", "en": "Your subscriptions ({n}):"},
    "account.list_tail": {
        "zh": "发送“取消第 1 个订阅”或“取消订阅”退订。",
        "en": "Say \u201cunsubscribe 1\u201d, or \u201cunsubscribe all\u201d.",
    },
    "account.cancelled": {"zh": "已取消 {n} 项订阅。", "en": "Cancelled {n} subscription(s)."},
    "account.cancel_none": {
        "zh": "没有找到要取消的订阅。发送“我的订阅”查看全部。",
        "en": "No subscription of yours fits that. Say \u201cmy subscriptions\u201d to see them all.",
    },
    "account.code": {
        "zh": "您的绑定码是 {code}，{minutes} 分钟内有效。请在另一个应用中对我发送“绑定 {code}”，"
        "两边的对话和订阅就会合并。",
        "en": "Your link code is {code}, valid for {minutes} minutes. Send \u201clink {code}\u201d to me "
        "in the other app and your conversations and subscriptions there and here become one.",
    },
    "account.linked": {
        "zh": "绑定成功：这里已与您在{channels}的账号合并，对话和订阅都已同步。",
        "en": "Linked: this chat now shares the conversation and subscriptions of your {channels} account.",
    },
    "account.same": {
        "zh": "这个应用已经绑定在您的账号上了。请在另一个应用中发送绑定码。",
        "en": "This app is already part of your account: send the code in the other app.",
    },
    "account.bad_code": {
        "zh": "绑定码无效或已过期。请在原来的应用中发送“绑定账号”获取新码。",
        "en": "That link code is unknown or has expired. Send \u201clink my account\u201d in the other app "
        "for a new one.",
    },
    "account.mail_ask": {
        "zh": "可以通过邮件通知您：请在同一句话里写上邮箱地址，"
        "例如“有新的氢能成果请发邮件到 li@example.com”。",
        "en": "I can e-mail you: put your address in the same message, e.g. \u201cnotify me about new "
        "hydrogen technologies at li@example.com\u201d.",
    },
    "account.subscribed_mail": {
        "zh": "已订阅：{what}。有新发布时会发邮件到 {address}（每封邮件都有退订链接）。",
        "en": "Subscribed: {what}. New ones will be e-mailed to {address} (each e-mail has a link to stop "
        "them).",
    },
    "push.subject": {
        "zh": "TechBridge：您订阅的新发布",
        "en": "TechBridge: new listings for your subscription",
    },
    "push.mail_tail": {
        "zh": "不想再收到这些邮件？打开此链接即可退订：{url}",
        "en": "To stop these e-mails, open: {url}",
    },
    "push.head": {
        "zh": "您订阅的内容有 {n} 项新发布：",
        "en": "{n} new listing(s) match your subscriptions:",
    },
    "push.tail": {
        "zh": "发送“取消订阅”可退订。",
        "en": "Say \u201cunsubscribe\u201d to stop these messages.",
    },
}


class _Formatter(string.Formatter):
    def __init__(self, key: str, lang: str) -> None:
        self.key, self.lang = key, lang

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if not isinstance(key, str) or key not in kwargs:
            raise KeyError(f"phrase {self.key!r} ({self.lang}) needs a value for {{{key}}}")
        return kwargs[key]

    def format_field(self, value: Any, format_spec: str) -> Any:
        # "{n:demand|demands}": the word for one, else the word for more
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if value == 1 else many
        return super().format_field(value, format_spec)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "c":
            text = str(value)
            return text[:1].upper() + text[1:]
        return super().convert_field(value, conversion)


def phrase(key: str, lang: str, **values: object) -> str:
    """The phrase `key` in `lang` ("zh", else English), its `{placeholders}` filled from `values`."""
    try:
        texts = PHRASES[key]
    except KeyError:
        raise KeyError(f"no phrase {key!r} in bot/phrasebook.py") from None
    which = "zh" if lang == "zh" else "en"
    return _Formatter(key, which).vformat(texts[which], (), values)
