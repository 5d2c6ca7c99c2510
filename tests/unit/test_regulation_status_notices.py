"""The notice an answer gets for an article editors marked amended or repealed (bot/conversation/
article_status.py), on a real SQLite status store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.conversation.article_status import ArticleNotices
from bot.conversation.draft import Draft
from bot.conversation.types import Citation
from bot.storage.db import Database
from bot.storage.regulation_status import RegulationStatusStore


@dataclass
class Doc:
    doc_id: str
    group: str


class Regulations:
    """The two language versions of one regulation, as RegulationAnswerer.regulations() lists them."""

    def regulations(self) -> list[Doc]:
        return [Doc("law-en", "law"), Doc("law-zh", "law")]


def cite(n: int, doc_id: str, locator: str, kind: str = "regulation") -> Citation:
    return Citation(
        n=n, doc_id=doc_id, chunk_id=f"{doc_id}:{n}", kind=kind, title="The law", source="law.md", url="",
        date=None, locator=locator, snippet="...",
    )  # fmt: skip


@pytest.fixture
def statuses(tmp_path: Path) -> RegulationStatusStore:
    return RegulationStatusStore(Database(f"sqlite:///{tmp_path / 'db.sqlite3'}"))


def test_a_repealed_article_is_flagged_in_both_languages(statuses: RegulationStatusStore) -> None:
    statuses.set("law-zh", "第十二条", "repealed", note="replaced by the 2026 rules", author="ann")
    day = statuses.get("law-zh", 12).updated_at.date().isoformat()  # type: ignore[union-attr]
    notices = ArticleNotices(statuses, Regulations())  # type: ignore[arg-type]
    english = notices.apply(Draft("Article 12 says ... [1]", [cite(1, "law-en", "Article 12")], True), "en")
    assert english.text == (
        "Article 12 says ... [1]\n"
        f"Note: staff marked Article 12 as repealed on {day}: replaced by the 2026 rules"
    )
    chinese = notices.apply(Draft("第十二条规定…… [1]", [cite(1, "law-zh", "第十二条")], True), "zh")
    assert chinese.text.endswith(
        f"注意：工作人员已于 {day} 将第十二条标记为已废止：replaced by the 2026 rules"
    )


def test_only_marked_articles_cited_by_the_answer_get_a_notice(statuses: RegulationStatusStore) -> None:
    statuses.set("law-en", 12, "amended", note="", author="ann")
    notices = ArticleNotices(statuses, Regulations())  # type: ignore[arg-type]
    other = Draft("...", [cite(1, "law-en", "Article 13"), cite(2, "other-law", "Article 12")], True)
    assert notices.apply(other, "en") == other
    news = Draft("...", [cite(1, "law-en", "Article 12", kind="news")], True)
    assert notices.apply(news, "en") == news
    twice = notices.apply(
        Draft("...", [cite(1, "law-en", "Article 12"), cite(2, "law-zh", "第十二条")], True), "en"
    )
    assert twice.text.count("Note:") == 1  # one notice per article, however many versions are cited
    assert twice.text.startswith(
        "...\nNote: staff marked Article 12 as amended on 20"
    ) and twice.text.endswith(".")
    statuses.set("law-en", 12, "in_force", note="", author="ann")
    again = Draft("...", [cite(1, "law-en", "Article 12")], True)
    assert notices.apply(again, "en") == again


def test_without_a_store_nothing_is_read(statuses: RegulationStatusStore) -> None:
    draft = Draft("...", [cite(1, "law-en", "Article 12")], True)
    assert ArticleNotices(None, Regulations()).apply(draft, "en") == draft  # type: ignore[arg-type]
