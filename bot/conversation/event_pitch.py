"""How an enterprise puts its own technical demand before an event: "我们想上去讲讲自己的技术需求咋弄",
"we want to pitch our demand at the dalian h2 conference, how?". Several listings say it in their
registration text ("Enterprises that want to pitch a technical demand should send a one-page demand form
to ...", "企业需求可同步上传", "企业可提前提交技术需求"); that sentence answers. Where a listing says
nothing of it, the answer says so and gives how to register, whose contact is where to ask.

This is not a search for demands: the message names a demand of the asker's own, not one to find.
"""

from __future__ import annotations

import re

from retrieval.catalog import RecordView
from retrieval.text import split_sentences

__all__ = ["ASKED", "pitch_sentence"]

_OWN = r"(?:我们|我们自己|我们公司|我们企业|自己|本企业|本公司|我司|咱们)"
_DEMAND_ZH = r"(?:的)?(?:技术)?(?:需求|难题|问题)"
_DEMAND_EN = r"(?:technical |tech |technology )?(?:demands?|needs?|requirements?|problems?)"
# The asker's own demand, put before the event: pitched, presented, submitted, released there.
ASKED = re.compile(
    rf"(?:讲讲|讲一讲|讲|介绍|路演|推介|发布|展示|提交|上传|提出|提|报送|说说)(?:一下)?{_OWN}{_DEMAND_ZH}|"
    rf"{_OWN}(?:的)?(?:技术)?需求(?:怎么|如何|咋|能不能|可以|能否|能)?(?:上台|上去|去)?(?:讲|路演|推介|发布|展示|提交|上传|报)|"
    rf"(?:上台|上去)(?:讲讲?|说说?|介绍)[^。？?]{{0,6}}需求|需求路演(?:怎么|如何|咋)|"
    rf"\b(?:pitch|present|submit|showcase|put forward|table)(?:ing)? (?:our|my|a|an|the company's) "
    rf"(?:own )?{_DEMAND_EN}\b|\b(?:demand|need) pitch(?:es|ing)?\b.{{0,30}}\b(?:how|can we|join|sign)\b",
    re.I,
)
# A sentence that tells enterprises how to bring a demand: the registration's, before the summary's
# programme ("enterprise demand pitches" says they happen, not how to take part)
_SAYS_HOW = re.compile(
    r"(?:提交|上传|报送|填报)(?:技术)?需求|需求(?:可|表|[^。；;]{0,8}(?:提交|上传|报送|填报))|"
    r"\b(?:pitch|submit|send|present|upload)\w*\b[^.;]{0,40}\b(?:demands?|needs?)\b|\bdemand form\b",
    re.I,
)


def pitch_sentence(record: RecordView) -> str | None:
    """The sentence of the event's registration (else its text) that says how a demand is brought."""
    for text in (str(record.get("registration") or ""), record.chunk.text):
        for sentence in split_sentences(text):
            if _SAYS_HOW.search(sentence):
                return sentence.strip()
    return None
