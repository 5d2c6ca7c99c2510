"""A user's account in chat: subscriptions (made, listed, cancelled in plain words; subscribe.py reads
them) and one person across channels (a one-time code, people.py).

Whose conversation a message belongs to (`conversation_of`): a channel user has one session per channel
(sessions keyed by (channel, user_key)); once two identities of a person are joined, every one of them
uses the person's session, keyed ("person", person id) in the same table. That is the least invasive
design that keeps one dialogue state: the conversation store, its unique key and every caller of
`ensure_session` stay as they are, and a lone identity (nearly everyone) costs one indexed read. When the
person's session is first made, it starts from the state of the person's first identity (where the code
was asked for), so "the second one" typed in the new channel reads the list shown in the first. Leads
carry the session id, so a need registered after the join belongs to the shared conversation;
subscriptions carry the person and move with it (people.py `_join`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from retrieval.fields import city_label, field_label

from ..matchmaking.mail import CHANNEL as MAIL
from ..phrasebook import phrase
from ..storage.conversations import ConversationStore
from ..storage.people import CODE_TTL, PeopleStore
from ..storage.subscriptions import Subscription, SubscriptionStore
from .draft import Draft
from .subscribe import AccountRequest

__all__ = ["Accounts", "describe"]

PERSON = "person"  # the sessions.channel of a joined person's shared conversation
_APPS = {
    "web": ("网页", "web chat"),
    "wecom": ("企业微信", "WeCom"),
    "wechat": ("微信", "WeChat"),
    "dingtalk": ("钉钉", "DingTalk"),
    "feishu": ("飞书", "Feishu"),
    "slack": ("Slack ", "Slack"),
    "telegram": ("Telegram ", "Telegram"),
}


def describe(sub: Subscription, lang: str) -> str:
    """A subscription in words: "大连 · 氢能 · 科技成果", "Hydrogen energy technologies in Dalian"."""
    c = sub.criteria
    kind = phrase(f"account.kind.{sub.kind}", lang)
    topic = [field_label(c["field"], lang)] if c.get("field") else []
    topic += [c["institution"]] if c.get("institution") else []
    topic += [" ".join(c["terms"])] if c.get("terms") else []
    where = city_label(c["city"], lang) if c.get("city") else ""
    if lang == "zh":
        return " · ".join([*([where] if where else []), *topic, kind])
    text = " ".join([*topic, kind])
    return f"{text[:1].upper()}{text[1:]}" + (f" in {where}" if where else "")


class Accounts:
    def __init__(
        self,
        people: PeopleStore,
        subscriptions: SubscriptionStore,
        conversations: ConversationStore,
        per_hour: int,
        can_push: Callable[[str], bool],
    ) -> None:
        self.people = people
        self.subscriptions = subscriptions
        self.conversations = conversations
        self.per_hour = per_hour
        self.can_push = can_push  # channel -> whether its bot can message a user unprompted

    # ---- whose conversation ----------------------------------------------------------------------------
    def conversation_of(
        self, session_id: str | None, channel: str, user: str | None
    ) -> tuple[str | None, str, str | None]:
        """The ensure_session arguments of this message: the person's when the identity is joined."""
        identity = _identity(session_id, channel, user)
        person = self.people.shared(*identity) if identity else None
        return (None, PERSON, person) if person else (session_id, channel, user)

    def session_of(self, session_id: str) -> str:
        """The session a widget conversation's messages are kept in: its person's, once joined (its
        feedback is checked against it)."""
        sid, channel, user = self.conversation_of(session_id, "web", None)
        return self.conversations.ensure_session(sid, channel, user) if channel == PERSON else session_id

    # ---- requests ----------------------------------------------------------------------------------------
    def answer(
        self, request: AccountRequest, lang: str, session_id: str | None, channel: str, user: str | None
    ) -> Draft:
        identity = _identity(session_id, channel, user)
        if identity is None:  # a stateless client (OpenAI API) has no one to push to or to join
            return Draft(phrase("account.no_push", lang), [], True)
        if request.action == "link":
            code = self.people.issue_code(self.people.person_of(*identity))
            minutes = int(CODE_TTL.total_seconds() // 60)
            return Draft(phrase("account.code", lang, code=code, minutes=minutes), [], True)
        if request.action == "redeem":
            return self._redeem(request.code or "", identity, lang)
        target = identity  # where the pushes go: the chat itself, or (widget) an e-mail address
        if request.action == "subscribe" and not self.can_push(channel):
            if channel != "web" or not self.can_push(MAIL):
                return Draft(phrase("account.no_push", lang), [], True)
            if request.email is None:
                return Draft(phrase("account.mail_ask", lang), [], True)
            target = (MAIL, request.email)
        person = self.people.person_of(*identity)
        if request.action == "subscribe":
            lines = []
            for kind in request.kinds:
                sub, new = self.subscriptions.add(person, *target, kind, request.criteria, lang)
                key = (
                    "account.already"
                    if not new
                    else "account.subscribed_mail"
                    if sub.channel == MAIL
                    else "account.subscribed"
                )
                what = describe(sub, lang)
                lines.append(phrase(key, lang, what=what, n=self.per_hour, address=sub.user_key))
            return Draft("\n".join(lines), [], True)
        current = self.subscriptions.active(person)
        if request.action == "cancel":
            chosen = _chosen(request, current)
            if not chosen:
                return Draft(phrase("account.cancel_none", lang), [], True)
            n = self.subscriptions.cancel(person, [s.id for s in chosen])
            return Draft(phrase("account.cancelled", lang, n=n), [], True)
        if not current:
            return Draft(phrase("account.none", lang), [], True)
        lines = [phrase("account.list_head", lang, n=len(current))]
        lines += [f"{i}. {describe(s, lang)}" for i, s in enumerate(current, start=1)]
        return Draft("\n".join([*lines, phrase("account.list_tail", lang)]), [], True)

    def link(self, a: tuple[str, str], b: tuple[str, str], by: str) -> str:
        """A staff-approved join of identity `b` to `a`'s person; the person's id."""
        person = self.people.link(*a, *b, by=by)
        self._share(person)
        return person

    def _share(self, person: str) -> None:
        """The person's shared conversation, when new, goes on from the state of its first identity
        (the one the code was asked for in, or `a` of a staff link)."""
        shared = self.conversations.ensure_session(None, PERSON, person)
        identities = self.people.identities(person)
        if len(identities) > 1 and not self.conversations.get_state(shared):
            channel, user = identities[0]
            first = user if channel == "web" else self.conversations.ensure_session(None, channel, user)
            self.conversations.set_state(shared, self.conversations.get_state(first))

    def _redeem(self, code: str, identity: tuple[str, str], lang: str) -> Draft:
        mine = self.people.find(*identity)
        person = self.people.redeem(code, *identity)
        if person is None:
            return Draft(phrase("account.bad_code", lang), [], True)
        if person == mine:  # typed where it was asked for (or in an app already joined): nothing to join
            return Draft(phrase("account.same", lang), [], True)
        self._share(person)
        others = [i for i in self.people.identities(person) if i != identity]
        names = ("、" if lang == "zh" else ", ").join(_APPS.get(c, (c, c))[lang != "zh"] for c, _ in others)
        return Draft(phrase("account.linked", lang, channels=names), [], True)


def _identity(session_id: str | None, channel: str, user: str | None) -> tuple[str, str] | None:
    """(channel, user key): a channel user, or a widget conversation (keyed by its session)."""
    if user is not None:
        return channel, user
    return (channel, session_id) if channel == "web" and session_id else None


def _chosen(request: AccountRequest, current: list[Subscription]) -> list[Subscription]:
    if request.which == "all":
        return current
    if request.which.isdigit():
        n = int(request.which)
        return current[n - 1 : n] if n >= 1 else []
    wanted: dict[str, Any] = request.criteria
    return [s for s in current if all(s.criteria.get(k) == v for k, v in wanted.items())]
