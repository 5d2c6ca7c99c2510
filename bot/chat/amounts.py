"""Whether a question asks an amount of money and the passages hold one: "how much did the Linglong reactor
cost according to the 2023 report" is not answered by the sentence that names the reactor ("Linglong No.
1": a number, no amount), nor "镁峰会上签约金额多少" by the count of experts who came.
"""

from __future__ import annotations

import re

__all__ = ["amount_missing"]

# The asker wants money: a price, a cost, an investment, a sum
_ASKS_MONEY = re.compile(
    r"(?:费用|成本|造价|价格|金额|投资|资金|钱)[^，。？?]{0,6}(?:多少|几)|多少钱|(?:多少|几)[^，。？?]{0,4}(?:钱|费用|资金)|"
    r"\bhow much\b[^?.]{0,50}\b(?:cost|invest|spend|spent|pay|paid|worth|fund|charge)|\bhow much money\b|"
    r"\bwhat(?:'s| is| was| were)? (?:the |its )?(?:total )?(?:cost|price|investment|funding)\b",
    re.I,
)
# An amount: a number with a currency or a unit of money
_AMOUNT = re.compile(
    r"\d[\d,.]*\s*(?:万|亿|千)?\s*(?:元|美元|欧元)|\d[\d,.]*\s*(?:万|亿)|"
    r"\d[\d,.]*\s*(?:thousand|million|billion)?\s*(?:yuan|rmb|cny|usd|dollars|euros?)\b|"
    r"(?:cny|rmb|usd|\$|¥|￥)\s*\d|\d[\d,.]*\s*(?:million|billion)\b",
    re.I,
)


def amount_missing(question: str, texts: list[str]) -> bool:
    """The question asks an amount of money and none of the texts holds one."""
    return bool(_ASKS_MONEY.search(question)) and not any(_AMOUNT.search(t) for t in texts)
