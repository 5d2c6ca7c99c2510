"""The forms a follow-up on the article in focus takes (regulation_articles.py reads them): short enough to
be one, a detail asked of the article ("多少年？"), the article shown asked of another regulation ("does
the liaoning regulation have something similar?"), a level alone ("the provincial one?"), the question
before asked of another case ("那作价投资呢", "what if the uni took equity instead")."""

from __future__ import annotations

import re

__all__ = [
    "ANOTHER_CASE",
    "ARTICLE_NUMBER",
    "ASKS_DETAIL",
    "LEVEL_ALONE",
    "REG_NOUN",
    "SIMILAR",
    "short_followup",
]

_SHORT_ZH, _SHORT_EN = 24, 16  # a follow-up is short: a question of its own is searched anew
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "多少年？", "how long?", "报给谁": nothing of its own to cover, the article in focus answers it.
ASKS_DETAIL = re.compile(
    r"多少|几[年个项次天]|多久|多长|比例|怎么算|怎么办|谁|哪个部门|"
    r"\bhow (?:many|much|long|often)\b|\bwhat (?:share|percentage|proportion)\b|\b(?:to )?whom?\b",
    re.I,
)

# "does the liaoning regulation have something similar?", "and the Liaoning version of this?": the article
# shown, asked of another regulation; no topic of the asker's
SIMILAR = re.compile(
    r"similar|same|equivalent|likewise|differ\w*|otherwise|versions?|counterparts?|"
    r"类似|一样|相似|同样|不同|区别|差别|版本|对应",
    re.I,
)
ARTICLE_NUMBER = re.compile(r"第[一二三四五六七八九十百零\d]+条|\bArticle \d+", re.I)
# "那作价投资呢", "what about licensing?": the question before, asked of something else
REG_NOUN = re.compile(r"法律|法规|法|条例|规定|办法|laws?|regulations?|acts?|rules?|regs?", re.I)
# A level pointed at and nothing else ("the provincial one?", "national version pls")
LEVEL_ALONE = re.compile(
    r"^\W*(?:ok\W+|so\W+)?(?:the\s+)?(?:provincial|province'?s|local|national|state|liaoning'?s?)\s+"
    r"(?:ones?|versions?|regulations?|regs?|rules?|law)?\W*(?:pls|please)?\W*$",
    re.I,
)
# "那作价投资呢", "what about equity?", "what if the uni took equity instead", "那单位自己实施的话": the
# question before, of another case
ANOTHER_CASE = re.compile(
    r"^\s*(?:那|那么)?[^\s?？]{1,12}呢[?？]?\s*$|^\s*(?:and|what about|how about|what if|and if)\b|"
    r"^\s*(?:那|那么|如果)?[^\s?？]{1,12}的话[?？]?\s*$",
    re.I,
)


def short_followup(message: str) -> bool:
    if _CJK.search(message):
        return len(message.strip()) <= _SHORT_ZH
    return len(message.split()) <= _SHORT_EN
