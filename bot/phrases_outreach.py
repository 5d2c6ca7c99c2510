"""The phrases of the bot's outreach beyond a single answer: matchmaking a need to technologies, capturing
a demand, the messaging-app bots, subscriptions, linked accounts and the pushes they receive.

Part of the phrasebook's table (bot/phrasebook.py merges it into `PHRASES`); kept apart because these
rooms (bot/matching, bot/channels, bot/conversation/accounts.py, bot/matchmaking) do not answer questions
from the knowledge base and change on their own schedule.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["OUTREACH_PHRASES"]

OUTREACH_PHRASES: Mapping[str, Mapping[str, str]] = {
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
        "zh": (
            "请先描述您的技术需求：要解决什么问题、所在城市、预算和期限，例如“我们需要……技术”。"
            "我先为您匹配现有成果，再帮您登记需求。"
        ),
        "en": (
            "Describe your need first: the problem to solve, your city, budget and deadline, e.g. "
            '"we need a technology for ...". I will match technologies to it, then register it for you.'
        ),
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
