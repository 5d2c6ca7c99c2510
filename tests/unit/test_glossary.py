"""The glossary's translations: which terms a question holds, and what they give in the other language."""

from __future__ import annotations

import random
from pathlib import Path

from retrieval.glossary import Glossary

ROOT = Path(__file__).resolve().parents[2]

ENTRIES = [
    (["菱镁矿尾矿"], ["magnesite tailings"]),
    (["尾矿"], ["tailings"]),
    (["菱镁矿", "菱镁"], ["magnesite"]),
    (["成果转化", "科技成果转化"], ["commercialization", "technology transfer"]),
    (["氢能"], ["hydrogen energy", "hydrogen"]),
    (["对接会"], ["matchmaking event", "matchmaking"]),
    (["点网"], [".net"]),
]


def reference(glossary: Glossary, text: str) -> list[str]:
    """Every term tested in the glossary's order, as a plain loop (what the lookup must agree with)."""
    out: dict[str, None] = {}
    rest = text
    for term, others in glossary._zh:
        if term in rest:
            rest = rest.replace(term, " ")
            out.update(dict.fromkeys(others))
    low = text.lower()
    for _, pattern, others in glossary._en:
        if pattern.search(low):
            out.update(dict.fromkeys(others))
    return list(out)


def test_a_longer_chinese_term_consumes_the_shorter_one_it_holds() -> None:
    glossary = Glossary(ENTRIES)
    assert glossary.translations("辽宁菱镁矿尾矿综合利用") == ["magnesite tailings"]
    assert glossary.translations("尾矿和菱镁") == ["tailings", "magnesite"]


def test_english_terms_match_at_the_start_of_a_word_in_any_case() -> None:
    glossary = Glossary(ENTRIES)
    assert glossary.translations("HYDROGEN Energy projects") == ["氢能"]
    assert glossary.translations("dehydrogenation") == []  # not inside a word
    assert glossary.translations("matchmaking events in Dalian") == ["对接会"]
    assert glossary.translations("commercializations of results") == ["成果转化", "科技成果转化"]
    assert glossary.translations("precommercialization") == []  # not inside a word
    assert glossary.translations("nothing here") == []
    assert glossary.translations("an ASP.NET service") == ["点网"]  # a term that starts with a sign


def test_the_lookup_agrees_with_testing_every_term() -> None:
    glossary = Glossary.load(ROOT / "knowledge" / "glossary.yaml")
    terms = [term for term, _ in glossary._zh] + [term for term, _, _ in glossary._en]
    rng = random.Random(11)
    texts = ["", "?", "Which 菱镁矿尾矿 technologies", "2026年沈阳氢能对接会"]
    for _ in range(200):
        picked = [rng.choice(terms) for _ in range(rng.randint(1, 4))]
        glue = rng.choice([" ", "", "的", "-", " and "])
        text = glue.join(picked) + rng.choice(["", "s", "ing", "技术", "?"])
        texts += [text, text.upper(), "x" + text]
    for text in texts:
        assert glossary.translations(text) == reference(glossary, text), text


def test_a_chinese_short_form_gives_the_terms_it_abbreviates() -> None:
    glossary = Glossary(
        [(["钠离子电池"], ["sodium-ion battery"]), (["氢能"], ["hydrogen"]), (["电池"], ["battery"])]
    )
    assert glossary.abbreviated("钠电") == ["sodium-ion battery"]  # 钠 starts it, 电 is in the rest
    assert glossary.abbreviated("氢能") == []  # a term itself: its translation is the glossary's own
    assert glossary.abbreviated("电钠") == [] and glossary.abbreviated("钠离子电") == []
