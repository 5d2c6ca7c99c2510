"""Demand capture in chat: after a match answer offers it, "好的，登记" / "yes, register it" turns the need
into a lead, asking in turn for what is missing (enterprise, contact, deadline) or reading them all from
one message. The lead waits for staff review (leads.py); nothing is indexed here.

Contacts go to the lead and nowhere else: the stored copy of the user's message has them masked
(`redact`), and no reply repeats them.

Session state (ConversationStore.get_state/set_state):
    "match_offer": the need a match answer offered to register (text, lang, field, city, maturity, best)
    "capture":     {"lead_id", "asking"} while a capture is under way
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from retrieval.fields import cities_in

from ..conversation.draft import Draft
from ..phrasebook import phrase
from .leads import Lead, LeadStore
from .need_fields import find_contact, find_enterprise, parse_deadline, redact

__all__ = ["CaptureTurn", "DemandCapture"]

REGISTER = re.compile(
    r"登记|注册需求|发布需求|提交需求|\bregister\b|\bsubmit (?:it|this|my|our)|\bsign (?:it|us) up\b", re.I
)
# "我们公司想发布一个技术需求", "how can we post a technical demand?": the wish to register a need, asked
# before any need is described (the reply asks for it), however long the message
_POST_NEED = re.compile(
    # the wish said as one ("想/要/怎么…发布"): "哪些企业发布了技术需求" asks for the demands listed
    r"(?:想|要|希望|打算|准备|怎么|如何|能不能|可以)[^，,。？?]{0,6}?(?:发布|提交|登记|注册|挂)"
    r"(?:一个|一条|一下|个|条|下)?(?:我们的?|企业的?|公司的?)?(?:技术)?需求|"
    r"\b(?:how (?:can|do) (?:we|i)|(?:we|i) (?:want|would like|'d like|need|wish) to|can (?:we|i)|let me)\s+"
    r"(?:post|publish|submit|register|list)\s+(?:a|an|our|my)\s+(?:technical\s+|technology\s+|tech\s+)?"
    r"(?:demand|need|requirement)s?\b",
    re.I,
)
# ... but "沈阳智能制造对接会 怎么提交我们的技术需求" asks how to pitch it at that event (event_pitch.py)
_AT_EVENT = re.compile(
    r"对接会|路演|会上|活动|论坛|峰会|大会|\b(?:roadshows?|conferences?|events?|fairs?|forums?|summits?)\b",
    re.I,
)
# Every pattern here runs on user text in time linear in it (tests/unit/test_bounded_patterns.py): no two
# quantifiers side by side that can take the same characters (\s*[:：]?\s*, [\s.]*x?[\s.]*), which is
# quadratic on a long run of them, and a match of a run ([\w.]+@) starts only where the run does.
_AFFIRM = re.compile(
    r"^\s*(?:好的?|好啊|可以|行|是的?|对|要|需要|嗯|麻烦了?|yes|yeah|yep|sure|ok(?:ay)?|please(?: do)?)"
    r"[\s,，.。!！]*(?:(?:please|请|吧|的|谢谢|thanks?)[\s.。!！]*)?$",
    re.I,
)
_CANCEL = re.compile(
    r"取消|算了|不用了?|不要了|不登记|\bcancel\b|\bstop\b|\bnever ?mind\b|\bno,? thanks?\b|^\s*no\s*$", re.I
)
_QUESTION = re.compile(
    r"[?？]\s*$|^\s*(?:what|which|how|when|where|who|is|are|do|does|can)\b|哪些|什么|怎么|如何|有没有|吗\s*$",
    re.I,
)
# E-mail: name@host.tld, name＠host.tld, and the spelled-out name(at)host, name [at] host (dot) cn; the
# name and host are Latin (an address written straight after Chinese text, 邮箱wang@x.cn, starts at w).
_NO_DEADLINE = re.compile(
    r"^\s*(?:无|没有|不限|暂无|长期有效?|随时|"
    r"no(?:ne)?|no deadline|open[- ]ended|any ?time|n/?a)\s*(?:[.。]\s*)?$",
    re.I,
)
# A short "register" that asks something ("where do I register for the roadshow?", "email to register",
# "can i still register" after an event) is a question.
_ASKS = re.compile(
    r"[?？]|\b(where|when|how|which|what|who|event|roadshow|e-?mail|contact|phone|link|url|deadline|still|"
    r"can|could)\b|哪|怎么|如何|活动|会|多少|几|吗|什么|谁|邮箱|电话|链接|截止|还能",
    re.I,
)
_CLAUSE_END = re.compile(r"[。！？!?；;\n]|(?<=[a-z])\.\s")
_COMMA = re.compile(r"[，,]")
_NEED_ZH = re.compile(
    r"^(?:我们(?:企业|公司|工厂)?|我司|本公司)(?:急需|需要|想要|希望|想找|寻求|正在寻找|在找)"
)
_NEED_EN = re.compile(
    r"^(?:we|i)\s+(?:really\s+)?(?:need|want|require|seek|are looking for|am looking for)\s+", re.I
)
_OUR_NEED = re.compile(r"^our \w+ (?:needs|requires|wants|is looking for)\s+", re.I)
SLOTS = ("enterprise", "contact", "deadline")


@dataclass(frozen=True)
class CaptureTurn:
    draft: Draft
    stored_message: str  # what the conversation store keeps of the user's message (contacts masked)


class DemandCapture:
    def __init__(self, leads: LeadStore, clock: Callable[[], dt.date] = dt.date.today) -> None:
        self.leads = leads
        self.clock = clock

    @staticmethod
    def offer(
        text: str,
        lang: str,
        field: str | None,
        city: str | None,
        maturity: str | None,
        best_id: str | None,
        best_score: float | None,
    ) -> dict[str, Any]:
        """What a match answer leaves in the session state for a later "register it"."""
        return {
            "text": text,
            "lang": lang,
            "field": field,
            "city": city,
            "maturity": maturity,
            "best_id": best_id,
            "best_score": best_score,
        }

    def step(
        self, message: str, lang: str, state: dict[str, Any], session_id: str, after_match: bool
    ) -> CaptureTurn | None:
        """Handle the message if it belongs to a capture (starting, continuing or cancelling one);
        None if it does not. Updates `state` in place. `after_match`: the previous answer was a match."""
        capture = state.get("capture")
        if capture:
            lead = self.leads.get(str(capture.get("lead_id")))
            if lead is None or lead.status != "collecting":
                state.pop("capture", None)
            else:
                return self._continue(message, lang, state, lead, str(capture.get("asking")))
        offer = state.get("match_offer")
        posting = bool(_POST_NEED.search(message)) and not _AT_EVENT.search(message)
        named = bool(REGISTER.search(message)) or posting
        if not (named or (after_match and _AFFIRM.match(message))) or _CANCEL.search(message):
            return None
        if not offer:
            # "where do I register for the roadshow?" is a question for the knowledge base; only a bare
            # "register it", or the wish to post a need, with nothing offered before gets the how-to reply.
            if not named or (not posting and (len(message.strip()) > 24 or _ASKS.search(message))):
                return None
            return CaptureTurn(Draft(phrase("capture.nothing", lang), [], True), redact(message, lang))
        return self._start(message, lang, state, offer, session_id)

    def _start(
        self, message: str, lang: str, state: dict[str, Any], offer: dict[str, Any], sid: str
    ) -> CaptureTurn:
        text = str(offer.get("text") or "")
        description = redact(text, lang).strip()
        city = offer.get("city") or next(iter(cities_in(text)), None)
        lead = Lead(
            id=uuid.uuid4().hex,
            status="collecting",
            description=description,
            lang=str(offer.get("lang") or lang),
            session_id=sid,
            title=_title(description, str(offer.get("lang") or lang)),
            field=offer.get("field"),
            city=city,
            required_maturity=offer.get("maturity"),
            contact=find_contact(text),
            best_match=offer.get("best_id"),
            best_score=offer.get("best_score"),
        )
        lead = self._fill(lead, message)
        self.leads.add(lead)
        return self._next(lead, lang, state, message, intro=phrase("capture.start", lang))

    def _continue(
        self, message: str, lang: str, state: dict[str, Any], lead: Lead, asking: str
    ) -> CaptureTurn | None:
        if _CANCEL.search(message):
            self.leads.update(replace(lead, status="cancelled"))
            state.pop("capture", None)
            state.pop("match_offer", None)
            return CaptureTurn(Draft(phrase("capture.cancelled", lang), [], True), redact(message, lang))
        filled = self._fill(lead, message)
        if filled == lead and _QUESTION.search(message):
            # A new question, not an answer: stop capturing and let it be answered.
            self.leads.update(replace(lead, status="cancelled"))
            state.pop("capture", None)
            return None
        if filled == lead:  # nothing recognised: the message is the answer to what was asked
            if asking == "enterprise" and message.strip():
                filled = replace(lead, enterprise=message.strip()[:120])
            elif asking == "deadline" and _NO_DEADLINE.match(message):
                filled = replace(lead, deadline="none")
            else:
                self.leads.update(lead)
                again = (
                    "contact_again"
                    if asking == "contact"
                    else "deadline_again"
                    if asking == "deadline"
                    else asking
                )
                return CaptureTurn(Draft(phrase(f"capture.{again}", lang), [], True), redact(message, lang))
        self.leads.update(filled)
        return self._next(filled, lang, state, message)

    @staticmethod
    def _fill(lead: Lead, message: str) -> Lead:
        changes: dict[str, Any] = {}
        if not lead.enterprise and (name := find_enterprise(message)):
            changes["enterprise"] = name[:120]
        if contact := find_contact(message):
            changes["contact"] = contact if not lead.contact else f"{lead.contact} / {contact}"
        if not lead.deadline and (day := parse_deadline(message)):
            changes["deadline"] = day.isoformat()
        return replace(lead, **changes) if changes else lead

    def _next(
        self, lead: Lead, lang: str, state: dict[str, Any], message: str, intro: str = ""
    ) -> CaptureTurn:
        missing = next((s for s in SLOTS if not getattr(lead, s)), None)
        if missing:
            state["capture"] = {"lead_id": lead.id, "asking": missing}
            ask = phrase(f"capture.{missing}", lang)
            text = f"{intro}{ask}" if lang == "zh" else f"{intro} {ask}".strip()
            suggestions = ["取消登记"] if lang == "zh" else ["Cancel"]
            return CaptureTurn(Draft(text, [], True, suggestions), redact(message, lang))
        final = replace(lead, status="pending", deadline=None if lead.deadline == "none" else lead.deadline)
        self.leads.update(final)
        state.pop("capture", None)
        state.pop("match_offer", None)
        from retrieval.fields import field_label

        field_text = (
            f"{field_label(final.field, lang)}{'领域，' if lang == 'zh' else ', '}" if final.field else ""
        )
        deadline = final.deadline or ("无" if lang == "zh" else "none")
        text = phrase(
            "capture.done",
            lang,
            ref=final.id[:8],
            enterprise=final.enterprise,
            field_text=field_text,
            deadline=deadline,
        )
        return CaptureTurn(
            Draft(f"{intro}{text}" if lang == "zh" else f"{intro} {text}".strip(), [], True),
            redact(message, lang),
        )


def _title(description: str, lang: str) -> str:
    """A listing title from the need: its first clause, shortened."""
    first = _CLAUSE_END.split(description.strip(), maxsplit=1)[0].strip()
    clause = _COMMA.split(first, maxsplit=1)[0].strip()
    if len(clause) >= (8 if lang == "zh" else 24):  # "……技术，用于……": the need without its purpose
        first = clause
    first = _NEED_ZH.sub("", first)
    first = _NEED_EN.sub("", first)
    first = _OUR_NEED.sub("", first)
    first = first.strip(" ，,") or description[:40]
    if lang == "zh":
        title = first[:40]
        return title if title.endswith(("需求", "技术")) else f"{title}（技术需求）"
    title = first[:1].upper() + first[1:]
    return title[:100]
