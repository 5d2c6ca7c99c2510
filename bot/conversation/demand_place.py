"""An enterprise's demand named by where the enterprise is and what it is, not by its title: "本溪那个药企
想引进啥项目", "鞍山有个选矿厂要预测性维护平台", "the Dandong cooperative that wants greenhouses". The demands
filed under the city named are ranked by the message's meaning (the catalogue's embedder: "药企" and
"药业" share no word a rule would see) and the best is the one meant.
"""

from __future__ import annotations

import re

from retrieval.catalog import Catalog, RecordView
from retrieval.fields import cities_in

__all__ = ["demand_in_place"]

# one enterprise pointed at ("那个药企", "有家企业"), or named by what it is ("the Dandong cooperative")
_ONE_ENTERPRISE = re.compile(
    r"(?:那个|那家|这家|有个|有家|一家|一个)\S{0,12}?(?:企业|公司|药企|厂|合作社|矿|集团)|"
    r"\S(?:那家|这家)|"  # "阜新晟源那家": 家 counts firms
    r"\b(?:company|firm|maker|manufacturer|plant|factory|cooperative|mine|enterprise|producer)\b",
    re.I,
)
# what it wants: a demand, not what the enterprise does ("辽阳那家公司成立于哪年" names no need)
_WANTS = re.compile(
    r"想|要|需要|需求|找|引进|求购|预算|截止|\b(?:wants?|needs?|looking for|asking for|seeks?|is after|"
    r"budget|deadline)\b",  # what a demand states of what it wants ("本溪那家药企预算多少")
    re.I,
)


# the speaker's own enterprise ("我们是锦州一家储能电池厂", "we're a chemical plant in Huludao"): its need,
# to be matched, not another's demand filed there
_OWN = re.compile(
    r"我们(?:是|这|厂|公司|企业)|我司|我厂|本公司|\b(?:we(?:'re| are)|i(?:'m| am)) (?:an?|the)\b|"
    r"\b(?:our|my) (?:company|firm|plant|factory|mine|cooperative)\b",
    re.I,
)


# ... or a need told in a few words that asks for technology ("chemical plant in huludao with lots of CO2,
# want to make methanol - tech?", "锦州电池厂要做钠电，有技术吗")
_ASKS_TECH = re.compile(
    r"\b(?:any )?(?:tech|techs|technolog(?:y|ies)|solutions?)\s*+[?？]|\bany (?:tech|technolog|solution)|"
    r"有(?:什么|啥|没有|无)?(?:相关)?的?(?:技术|成果|方案)|(?:技术|成果|方案)吗",
    re.I,
)


def demand_in_place(message: str, catalog: Catalog) -> RecordView | None:
    """The demand of the enterprise the message points at by its city and what it is; None when the
    message points at no enterprise of a city, asks nothing it wants, or no demand is filed there."""
    cities = cities_in(message)
    if len(cities) != 1 or not _ONE_ENTERPRISE.search(message) or not _WANTS.search(message):
        return None
    if _OWN.search(message) or _ASKS_TECH.search(message):
        return None
    here = catalog.demands(city=cities[0])
    if len(here) <= 1:
        return here[0] if here else None
    ranked = catalog.rank("demand", message, here)
    return ranked[0] if ranked else None
