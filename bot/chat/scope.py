"""Questions outside TechBridge's scope: live market data, weather, sports, food and travel, writing to order.

The knowledge base holds policies, listings and events; it never holds today's prices or the weather,
and retrieval alone cannot tell "magnesite futures prices" from a magnesite question, because the topic
words match. Such questions get a refusal that says what TechBridge can answer.
"""

from __future__ import annotations

import re

__all__ = ["out_of_scope"]

_OUT_OF_SCOPE = re.compile(
    r"期货|股价|股票|汇率|现货价|行情|天气|气温|下雨|比分|世界杯|冠军|菜谱|做法|食谱|餐厅|饭店|美食|酒店|机票|火车票|"
    r"\b(stock|share) price|\bfutures\b|\bspot price\b|exchange rate|\bweather\b|\bforecast\b|"
    r"\bworld cup\b|\bchampions?\b|\brecipe\b|\brestaurants?\b|\bhotels?\b|\bflights?\b|\bmovies?\b|"
    # writing to order: a poem, a story, song lyrics
    r"写一?(?:首|篇|段)[^，。？?]{0,10}(?:诗|小说|故事|歌词|作文)|写诗|作诗|写(?:小说|故事|歌词|作文)|"
    r"\b(?:write|compose|give) (?:me )?(?:a |an )?(?:short |little |funny )?"
    r"(?:poem|haiku|limerick|story|song|lyrics|essay|rap)\b|\bpoem about\b",
    re.I,
)


def out_of_scope(question: str) -> bool:
    return bool(_OUT_OF_SCOPE.search(question))
