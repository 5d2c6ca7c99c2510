"""What a need's registration reads from a message, and what no stored copy keeps: a contact (every phone
number and e-mail, with the person named beside them), a deadline (2027-06-30, 2027年6月, 2027年底, June 30,
2027, end of 2027), an enterprise's name (labelled, or the first name ending in a company's suffix, in
either language); `redact` masks the contacts of a text (capture.py stores the user's message so)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..phrasebook import phrase

__all__ = ["find_contact", "find_enterprise", "parse_deadline", "redact"]

_MAIL_NAME = r"[A-Za-z0-9_.+\-\u00c0-\u024f]"
_MAIL_HOST = r"[A-Za-z0-9_\-\u00c0-\u024f]+"
_SPELLED_AT = r"\s?[(\[（{【]\s?at\s?[)\]）}】]\s?"
_SPELLED_DOT = r"\s?[(\[（{【]\s?dot\s?[)\]）}】]\s?"
_EMAIL = re.compile(
    rf"(?<!{_MAIL_NAME}){_MAIL_NAME}+(?:[@＠]{_MAIL_HOST}(?:\.{_MAIL_HOST})+|"
    rf"{_SPELLED_AT}{_MAIL_HOST}(?:(?:\.|{_SPELLED_DOT}){_MAIL_HOST})*)",
    re.I,
)
# Chinese numbers as people write them: mobiles 13800138000, 138 0013 8000, 138-0013-8000; landlines with
# an area code, 024-23456789, 024 2345 6789, (024) 2345 6789, （0411）8888-1234, an extension (-801, 转801);
# +86 / 0086 / (+86) before either (the area code's 0 then optional: +86 24 2345 6789); 400-123-4567.
_SEP = r"[- .\u3000]?"
_CC = r"(?:\(\+?86\)|（\+?86）|(?:\+|00)86)"  # +86, 0086, (+86); a bare 86 only as it always was
_AREA = r"(?:0\d{2,3}|\(0\d{2,3}\)|（0\d{2,3}）)"
_AREA_AFTER_CC = r"(?:0?\d{2,3}|\(0?\d{2,3}\)|（0?\d{2,3}）)"
_LOCAL_NUMBER = rf"\d{{3,4}}{_SEP}\d{{4}}(?:(?:-|\s?(?:转|分机|ext\.?)\s?)\d{{1,4}})?"
_PHONE = re.compile(
    rf"(?<!\d)(?:(?:{_CC}|86){_SEP})?1[3-9]\d(?:{_SEP}\d{{4}}){{2}}(?!\d)|"
    rf"(?<!\d){_CC}{_SEP}{_AREA_AFTER_CC}{_SEP}{_LOCAL_NUMBER}(?!\d)|"
    rf"(?<!\d)(?:86{_SEP})?{_AREA}{_SEP}{_LOCAL_NUMBER}(?!\d)|"
    rf"(?<!\d)(?:(?:{_CC}|86){_SEP})?(?:[48]00[- ]?\d{{3}}[- ]?\d{{4}}|\d{{3,4}}-\d{{3,4}}-\d{{4}})(?!\d)",
    re.I,
)
_CONTACT_NAME = re.compile(
    r"(?:联系人|联系方式|contact(?: person)?)\s*(?:[:：是为]\s*)?"
    r"([^\s,，;；/:：]{1,20}?)(?=[\s,，;；/]|电话|手机|邮箱|$)",
    re.I,
)
_TITLED_NAME = re.compile(
    r"[\u4e00-\u9fff]{1,3}(?:工|经理|总|先生|女士|老师|博士|主任)|\b(?:Mr|Ms|Mrs|Dr|Prof)\.? [A-Z][a-z]+"
)
_ENTERPRISE_LABEL = re.compile(
    r"(?:企业名称|企业|公司名称|公司|单位|enterprise|company)\s*(?:(?:名称|name)\s*)?(?:是|为|[:：])\s*"
    r"([^,，;；\n]+?)(?=[,，;；\n]|联系|contact|deadline|截止|$)",
    re.I,
)
# An enterprise's name: up to 40 name characters and a suffix (辽阳鑫镁轻合金科技有限公司), or a capital
# letter, up to 60 characters and a suffix (Acme Robotics Co., Ltd.); the first in the text, each as
# short as it can be. As one pattern, [...]{2,40}?(?:有限公司|...), every character began a scan of up
# to 60 that tried every suffix at each step: 3 s for 1 MB of 'A'. Here the suffix is found first and
# the name's start read back from it (for English in the reversed text, where the start is the farthest
# capital): each character is read a bounded number of times, and the names are those the pattern found.
_ZH_NAME_CHARS = "\u4e00-\u9fff（）()A-Za-z0-9"
_ZH_SUFFIXES = "有限责任公司|股份有限公司|有限公司|集团|公司|厂|研究院|合作社"
_ZH_SUFFIX = re.compile(_ZH_SUFFIXES)
_ZH_NAME_CHAR = re.compile(f"[{_ZH_NAME_CHARS}]")
_ZH_NAME_END = re.compile(f"(?<=[{_ZH_NAME_CHARS}]{{2}})(?={_ZH_SUFFIXES})")  # two name characters before
_ZH_NAME_MAX = 40
_EN_SUFFIX = re.compile(r"Co\.,? Ltd\.?|Ltd\.?|Inc\.?|Corp(?:oration)?\.?|Company|Group|GmbH|LLC|Cooperative")
# Reversed: where a suffix ends (its shortest forms, reversed, behind), 1-60 name characters, a capital.
# \A(?s:.*) from the end backwards: the last such place, which is the first in the text.
_EN_SUFFIX_STEMS = (
    "Co., Ltd", "Co. Ltd", "Ltd", "Inc", "Corp", "Company", "Group", "GmbH", "LLC", "Cooperative",
)  # fmt: skip
_EN_SUFFIX_REVERSED = "|".join(f"(?<={re.escape(stem[::-1])})" for stem in _EN_SUFFIX_STEMS)
_EN_NAME_REVERSED = re.compile(rf"\A(?s:.*)(?=(?:{_EN_SUFFIX_REVERSED})[\w&.\- ]{{1,60}}([A-Z]))")
_ISO = re.compile(r"(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")
_ZH_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?")
_ZH_YEAR_END = re.compile(r"(20\d\d)\s*年\s*(?:底|年底|末)")
_EN_DATE = re.compile(
    r"\b("
    + "|".join(calendar.month_name[1:])
    + r"|"
    + "|".join(calendar.month_abbr[1:])
    + r")\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(20\d\d)\b",
    re.I,
)
_EN_YEAR_END = re.compile(r"\b(?:end of|by the end of|year[- ]end)\s+(20\d\d)\b", re.I)
_SELF_INTRO = re.compile(
    r"^(?:we are|we're|this is|our (?:company|enterprise) is|我们是|我们公司是|我司是|本公司是)\s*", re.I
)


def redact(text: str, lang: str = "zh", mask: str | None = None) -> str:
    """The text with phone numbers and email addresses masked ("[contact hidden]", or `mask`)."""
    mask = phrase("capture.contact_hidden", lang) if mask is None else mask
    return _PHONE.sub(mask, _EMAIL.sub(mask, text))


def find_contact(text: str) -> str | None:
    """ "王工 13800000000 / wang@x.com" from a message: a named person (if labelled) and every phone/email."""
    found = [*_EMAIL.findall(text), *_PHONE.findall(text)]
    if not found:
        return None
    rest = _PHONE.sub(" ", _EMAIL.sub(" ", text))
    labelled = _CONTACT_NAME.search(rest)
    titled = _TITLED_NAME.search(rest)
    who = labelled.group(1) if labelled else ""
    if titled and (not who or who.endswith(".")):  # "contact: Mr. Smith" is labelled "Mr."
        who = titled.group(0)
    parts = ([who] if who else []) + found
    return " / ".join(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: str) -> dt.date | None:
    """2027-06-30, 2027年6月30日, 2027年6月 (month end), 2027年底, June 30, 2027, end of 2027."""
    try:
        if m := _ISO.search(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _ZH_DATE.search(text):
            year, month = int(m.group(1)), int(m.group(2))
            return dt.date(year, month, int(m.group(3))) if m.group(3) else _month_end(year, month)
        if m := _ZH_YEAR_END.search(text):
            return dt.date(int(m.group(1)), 12, 31)
        if m := _EN_DATE.search(text):
            name = m.group(1)[:3].lower()
            month = [a.lower() for a in calendar.month_abbr].index(name)
            year = int(m.group(3))
            return dt.date(year, month, int(m.group(2))) if m.group(2) else _month_end(year, month)
        if m := _EN_YEAR_END.search(text):
            return dt.date(int(m.group(1)), 12, 31)
    except ValueError:  # 2027-02-30
        return None
    return None


def find_enterprise(text: str) -> str | None:
    cleaned = _PHONE.sub(" ", _EMAIL.sub(" ", text))
    if m := _ENTERPRISE_LABEL.search(cleaned):
        return m.group(1).strip(" 。.")
    if name := _enterprise_name(cleaned):
        return _SELF_INTRO.sub("", name.strip()).strip()
    return None


def _enterprise_name(text: str) -> str | None:
    """The first enterprise name in the text: where a Chinese and an English name start at the same
    character, the Chinese one."""
    found: list[tuple[int, str]] = []
    if m := _ZH_NAME_END.search(text):
        end = m.start()
        start = end - 2
        while start > max(0, end - _ZH_NAME_MAX) and _ZH_NAME_CHAR.match(text, start - 1):
            start -= 1
        suffix = _ZH_SUFFIX.match(text, end)
        assert suffix is not None
        found.append((start, text[start : suffix.end()]))
    if m := _EN_NAME_REVERSED.match(text[::-1]):
        end, start = len(text) - m.end(), len(text) - 1 - m.start(1)
        suffix = _EN_SUFFIX.match(text, end)
        assert suffix is not None
        found.append((start, text[start : suffix.end()]))
    return min(found, key=lambda item: item[0])[1] if found else None
