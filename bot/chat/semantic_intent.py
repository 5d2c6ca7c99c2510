"""What the semantic router adds to the rules' plan (conversation/router.py holds the router itself).

The rules (intents.py) read slots and the common forms; the router, nearest prototype utterances with
a margin, decides what the rules cannot: a detail of a past event asked with a listing's words, an
enterprise describing its problem, a question from outside the domain, and small talk in words no rule
lists.
"""

from __future__ import annotations

import dataclasses
import re

from retrieval.text import detect_lang

from ..conversation.dialogue import bare_question
from ..conversation.router import IntentRouter
from .plan import Plan

__all__ = ["SemanticIntent"]

# Small talk is short; the router's margin that separates it from a terse question ("好的" 0.07, "ok"
# 0.04, "Dalian?" 0.005, "嗨，在吗" 0.17, "who r u" 0.10: probes written for this, not the evaluation).
# English takes about twice the characters Chinese does for the same "what kind of things can you help
# me with?".
_SMALL_TALK_CHARS, _SMALL_TALK_MARGIN = {"zh": 30, "en": 60}, 0.075
_TASK = re.compile(
    r"\b(?:translate|write|compose|draft|explain|calculate|tell me|give me|show me|find|search|make)\b|"
    r"翻译|写|帮我|给我|告诉我|计算",
    re.I,
)
_LISTED = ("events", "count", "technologies", "demands")


_REROUTED = ("search", "technologies", "demands")  # what an enterprise's need is read from


class SemanticIntent:
    def __init__(self, router: IntentRouter | None, margin: float) -> None:
        self.router = router
        self.margin = margin  # the router overrides the rules this far ahead of its runner-up

    def reroute(self, message: str, plan: Plan) -> tuple[Plan, bool]:
        """Where the router is sure, it corrects the rules' plan: a detail of a past event, a statistic
        or a fact from the news is read in the passages, not counted or listed, and a situation under the
        regulations not listed as events; an enterprise describing
        its problem is matched; a question from outside the domain is declined (True)."""
        if self.router is None:
            return plan, False
        routing = self.router.route(message)
        if routing.margin < self.margin:
            return plan, False
        if routing.intent == "out_of_scope" and plan.intent == "search":
            return plan, True
        if routing.intent in ("event_detail", "statistic", "passage_fact") and plan.intent in _LISTED:
            return dataclasses.replace(plan, intent="search"), False
        if routing.intent == "regulation_topic" and plan.intent == "events":
            # "we licensed a patent at a fair price, is the director liable?": a fair is no event there
            return dataclasses.replace(plan, intent="search"), False
        # "自动化所机器人方面有啥" asks what an institution offers, not for a match to a need of one's own
        offered = plan.intent == "technologies" and plan.institution is not None
        if routing.intent == "matchmaking_need" and plan.intent in _REROUTED and not offered:
            return dataclasses.replace(plan, intent="match"), False
        return plan, False

    def small_talk(self, message: str) -> str | None:
        """ "greeting", "thanks" or "capabilities" for a short message the router places there with a
        clear margin ("嗨，在吗", "who r u", "你能帮我做什么"); the rules catch the common forms first."""
        limit = _SMALL_TALK_CHARS[detect_lang(message)]
        # "by whom?", "什么时候": a question word alone asks about the answer before it, never who we are
        if self.router is None or len(message) > limit or bare_question(message):
            return None
        routing = self.router.route(message)
        if routing.intent in ("greeting", "thanks", "capabilities") and routing.margin >= _SMALL_TALK_MARGIN:
            # "translate good morning into french" holds a greeting, but asks a task
            return None if routing.intent == "greeting" and _TASK.search(message) else routing.intent
        return None
