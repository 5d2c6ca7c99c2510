"""Every fixed user-facing phrase of the bot, in Chinese and English, in one table.

`phrase(key, lang, **values)` renders one: Chinese for `lang == "zh"`, English otherwise (a question's
language is one or the other). A key that is not in the table, or a `{placeholder}` without its value,
raises `KeyError` naming both: a typo must fail in a test, not reach a user as "{n}". Both texts of a
phrase take the same placeholders (tests/unit/test_phrasebook.py), so a caller passes the same values
whatever the language. `{name!c}` is the value with its first letter capitalised ("Upcoming ...").

Keys are the phrase's name; phrases of one room share a prefix (`match.`, `capture.`, `channel.`).
The answers' phrases are here; a record's attributes (bot/phrases_records.py) and the outreach rooms
(matchmaking, capture, channels, accounts: bot/phrases_outreach.py) keep theirs apart, merged below.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from .phrases_outreach import OUTREACH_PHRASES
from .phrases_records import RECORD_PHRASES

__all__ = ["PHRASES", "phrase"]

_ANSWER_PHRASES: Mapping[str, Mapping[str, str]] = {
    # ---- answers (bot/chat) ------------------------------------------------------------------------
    "refusal": {
        "zh": "抱歉，知识库中没有找到能回答这个问题的内容。您可以换个说法提问，或联系技术转移服务机构。",
        "en": "Sorry, the knowledge base has nothing that answers this question. Try rephrasing it, or "
        "contact the technology transfer office.",
    },
    "no_source": {
        "zh": "上一个问题我没能从知识库中找到答案，所以没有可引用的出处。",
        "en": "I found nothing in the knowledge base for the previous question, so there is no source to "
        "give.",
    },
    "record_source": {
        "zh": "{name}的出处：{source}（登记日期 {date}）。",
        "en": "{name} comes from: {source} (listed {date}).",
    },
    "intro": {"zh": "根据知识库中的资料：", "en": "Here is what the knowledge base says:"},
    "all_of_them": {"zh": "全部 {n} 项：", "en": "All {n}:"},
    "source_other_lang": {"zh": "（以下引文为英文原文）", "en": "(quoted from Chinese sources)"},
    "events_upcoming": {"zh": "即将举办的对接活动", "en": "upcoming matchmaking events"},
    "events_past": {"zh": "已举办的对接活动", "en": "past matchmaking events"},
    "events_any": {"zh": "对接活动", "en": "matchmaking events"},
    "no_events": {"zh": "知识库中没有找到{scope}。", "en": "The knowledge base lists no {scope}."},
    "events_head": {"zh": "{scope}（共 {n} 场）：", "en": "{scope!c} ({n}):"},
    "events_end.last": {"zh": "{scope}中最后一场（共 {n} 场）：", "en": "The last of the {n} {scope}:"},
    "events_end.first": {"zh": "{scope}中最早的一场（共 {n} 场）：", "en": "The first of the {n} {scope}:"},
    # ---- the whole catalogue, asked with nothing that narrows it (bot/chat/catalogue_overview.py) ----
    "overview.achievement": {
        "zh": "知识库中共有 {n} 项可转化的科技成果，分属 {k} 个领域：{fields}。"
        "请告诉我您关心的领域、城市或单位，例如“{example}方面有哪些成果”。",
        "en": "The knowledge base lists {n} technologies offered for transfer, in {k} fields: {fields}. "
        "Tell me the field, city or institution you care about, e.g. “{example} technologies?”.",
    },
    "overview.demand": {
        "zh": "知识库中共有 {n} 条企业技术需求，分属 {k} 个领域：{fields}。"
        "请告诉我您关心的领域或城市，例如“{example}方面有哪些需求”。",
        "en": "The knowledge base lists {n} enterprise technical demands, in {k} fields: {fields}. "
        "Tell me the field or city you care about, e.g. “{example} demands?”.",
    },
    "tech_head": {
        "zh": "找到 {n} 项相关科技成果：",
        "en": "{n} matching {n:technology|technologies} (achievements offered for transfer):",
    },
    "news.head": {
        "zh": "知识库中的新闻（共 {n} 篇，最新在前）：",
        "en": "News in the knowledge base ({n}, newest first):",
    },
    "news.gist": {"zh": "知识库中的这篇新闻：", "en": "The news article in the knowledge base:"},
    "news.none": {
        "zh": "知识库中没有关于“{terms}”的新闻。最新的几篇如下（并非关于此话题）：",
        "en": "No news article in the knowledge base is about \u201c{terms}\u201d. The latest ones "
        "(not about it):",
    },
    "value_missing": {
        "zh": "知识库中的资料没有写明{what}。与问题最接近的内容如下（其中没有{what}）：",
        "en": "The knowledge base does not state {what}. The nearest it holds (which does not state it):",
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
    "followup.nothing_shown": {
        "zh": "上一条回答没有列出任何成果、需求或活动，无法回答这一项。请告诉我您想了解哪一项。",
        "en": "The answer before listed no technology, demand or event to ask that of. Which do you mean?",
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
    "person.no_org": {
        "zh": "新闻介绍{name}时没有提到他/她所在的{what}，只有以下身份：",
        "en": "The news names no {what} of {name}; the roles it gives are:",
    },
    "event.none_in_city": {
        "zh": "知识库中没有在{city}举办的这一活动。名称最接近的（不在{city}）：\n{nearest}",
        "en": "The knowledge base lists no such event in {city}. The nearest by name (not in "
        "{city}):\n{nearest}",
    },
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
    "place.event": {"zh": "{city}的对接活动（共 {n} 场）：", "en": "Matchmaking events in {city} ({n}):"},
    "place.achievement": {"zh": "{city}的科技成果（共 {n} 项）：", "en": "Technologies in {city} ({n}):"},
    "place.demand": {
        "zh": "{city}的企业技术需求（共 {n} 条）：",
        "en": "Enterprise demands in {city} ({n}):",
    },
    "place.none": {
        "zh": "知识库中没有{city}的{what}。",
        "en": "The knowledge base lists no {what} in {city}.",
    },
    "place.elsewhere": {
        "zh": "知识库中没有{city}即将举办的对接活动；{field}领域在其他城市的对接活动（共 {n} 场）：",
        "en": "No upcoming matchmaking event is listed in {city}; events in {field} elsewhere ({n}):",
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
    "smalltalk.ack": {
        "zh": "好的。还有关于政策、科技成果或对接会的问题，随时问我。",
        "en": "All right. Ask me any time about policies, technologies or matchmaking events.",
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
    "no_tech": {
        "zh": "知识库中没有找到符合条件的科技成果。",
        "en": "The knowledge base lists no technology that fits.",
    },
    "no_tech_from": {
        "zh": "知识库中没有收录{name}的科技成果。",
        "en": "The knowledge base lists no technologies from {name}.",
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
    "count_noun.demand": {"zh": "条企业技术需求", "en": "demands from enterprises"},
    "count_noun.event": {"zh": "场对接活动", "en": "matchmaking events"},
    "more": {"zh": "……另有 {n} 条未列出。", "en": "... and {n} more."},
    "article_step.missing": {
        "zh": "知识库收录的《{name}》中没有第{number}条{held}。",
        "en": "The knowledge base's {name} does not include Article {number}{held}.",
    },
    "article_step.in": {"zh": "{article}出自《{name}》。", "en": "{article} is from the {name}."},
    "article_step.chapter": {
        "zh": "《{name}》{article}在{chapter}。",
        "en": "{article} of the {name} is in {chapter}.",
    },
    "article_step.no_chapter": {
        "zh": "知识库收录的《{name}》没有写明{article}所在的章。",
        "en": "The knowledge base's {name} does not state which chapter {article} is in.",
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
}

# One table for `phrase` and the tests; the areas live in their own modules so none grows past reading.
PHRASES: Mapping[str, Mapping[str, str]] = {**_ANSWER_PHRASES, **RECORD_PHRASES, **OUTREACH_PHRASES}


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
