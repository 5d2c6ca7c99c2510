"""The semantic intent router with the hashing embedder (shared words mean closer vectors), and the
shipped prototype file."""

from __future__ import annotations

import re
import threading

import pytest
import yaml

from bot.conversation.router import DEFAULT_PROTOTYPES, IntentRouter, load_prototypes
from bot.evaluation.routing import ROUTING_CASES, split_of
from retrieval.embedders import HashingEmbedder

INTENTS = {
    "greeting", "thanks", "capabilities", "list_records", "count_records", "record_attribute",
    "event_detail", "regulation_article", "regulation_topic", "passage_fact", "statistic",
    "matchmaking_need", "register_need", "cancel_need", "subscribe", "correction", "out_of_scope",
}  # fmt: skip
_HAN = re.compile(r"[\u3400-\u9fff]")

PROTOTYPES = {
    "weather": ["rain tomorrow in dalian", "sunny weather forecast", "下雨 天气预报"],
    "events": ["upcoming matchmaking events", "events in shenyang next month", "对接会 活动 安排"],
    "thanks": ["thank you so much", "many thanks friend", "谢谢 感谢"],
}


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting its batch calls (the prototypes must embed once)."""

    def __init__(self) -> None:
        super().__init__()
        self.batches = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches += 1
        return super().embed_documents(texts)


def test_route_picks_the_intent_whose_prototypes_share_words() -> None:
    router = IntentRouter(HashingEmbedder(), PROTOTYPES)
    assert router.route("weather forecast tomorrow").intent == "weather"
    assert router.route("matchmaking events next month").intent == "events"
    assert router.route("天气预报").intent == "weather"
    assert router.route("thank you").intent == "thanks"


def test_margin_is_best_minus_runner_up() -> None:
    embedder = HashingEmbedder()
    router = IntentRouter(embedder, PROTOTYPES, top_k=1)
    routing = router.route("rain forecast")
    query = embedder.embed_query("rain forecast")
    best = {
        intent: max(
            sum(a * b for a, b in zip(query, p, strict=True)) for p in embedder.embed_documents(texts)
        )
        for intent, texts in PROTOTYPES.items()
    }
    ranked = sorted(best, key=best.__getitem__, reverse=True)
    assert (routing.intent, routing.runner_up) == (ranked[0], ranked[1])
    assert routing.score == pytest.approx(best[ranked[0]], abs=1e-5)
    assert routing.margin == pytest.approx(best[ranked[0]] - best[ranked[1]], abs=1e-5)
    assert routing.margin >= 0


def test_how_far_each_intent_scores_behind_the_chosen_one() -> None:
    routing = IntentRouter(HashingEmbedder(), PROTOTYPES).route("rain forecast")
    assert set(routing.scores) == set(PROTOTYPES) and routing.behind(routing.intent) == 0
    assert routing.behind(routing.runner_up) == pytest.approx(routing.margin, abs=1e-6)
    assert routing.behind("no such intent") == float("inf")


def test_score_is_the_mean_of_the_top_k_similarities() -> None:
    prototypes = {"a": ["alpha beta", "alpha gamma", "delta epsilon"], "b": ["zeta eta", "theta iota"]}
    embedder = HashingEmbedder(dim=4096)  # wide enough that these few words do not collide
    routing = IntentRouter(embedder, prototypes, top_k=2).route("alpha")
    # "alpha" shares one of two words with two prototypes of a: cosine 1/sqrt(2) each.
    assert routing.intent == "a"
    assert routing.score == pytest.approx(2**-0.5, abs=1e-5)
    assert routing.margin == pytest.approx(2**-0.5, abs=1e-5)


def test_extra_utterances_join_their_intent() -> None:
    base = IntentRouter(HashingEmbedder(), PROTOTYPES)
    assert base.route("harbour crane maintenance").score == pytest.approx(0.0, abs=1e-6)  # no shared word
    extended = IntentRouter(
        HashingEmbedder(), PROTOTYPES, extra={"thanks": ["harbour crane maintenance day"]}
    )
    routing = extended.route("harbour crane maintenance")
    assert routing.intent == "thanks" and routing.margin > 0.2  # one of the top 3 shares 3 of 4 words


def test_prototypes_embed_once_lazily_and_thread_safely() -> None:
    embedder = CountingEmbedder()
    router = IntentRouter(embedder, PROTOTYPES)
    assert embedder.batches == 0
    threads = [threading.Thread(target=router.route, args=("weather",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    router.route("events")
    assert embedder.batches == 1


def test_route_many_agrees_with_route() -> None:
    router = IntentRouter(HashingEmbedder(), PROTOTYPES)
    texts = ["rain tomorrow", "对接会", "thanks a lot", "zzz unknown"]
    assert router.route_many(texts) == [router.route(t) for t in texts]


def test_invalid_routers_are_refused() -> None:
    with pytest.raises(ValueError):
        IntentRouter(HashingEmbedder(), {"only": ["one intent"]})
    with pytest.raises(ValueError):
        IntentRouter(HashingEmbedder(), PROTOTYPES, top_k=0)


def test_prototype_file_covers_every_intent_in_both_languages() -> None:
    prototypes = load_prototypes(DEFAULT_PROTOTYPES)
    assert set(prototypes) == INTENTS
    for intent, texts in prototypes.items():
        zh = [t for t in texts if _HAN.search(t)]
        en = [t for t in texts if not _HAN.search(t)]
        assert len(zh) >= 6 and len(en) >= 6, intent
        assert len(texts) == len(set(texts)), f"{intent}: duplicate prototypes"


def test_prototypes_are_not_copied_from_the_evaluation_set() -> None:
    def norm(text: str) -> str:
        return re.sub(r"[\s\W_]+", "", text.lower())

    evaluated = {norm(item["text"]) for item in yaml.safe_load(ROUTING_CASES.read_text(encoding="utf-8"))}
    copied = [t for texts in load_prototypes().values() for t in texts if norm(t) in evaluated]
    assert not copied


def test_split_is_fixed_by_the_text() -> None:
    assert split_of("你好") == split_of("你好")
    splits = [split_of(f"question {i}") for i in range(3000)]
    assert 0.29 < splits.count("test") / len(splits) < 0.37
