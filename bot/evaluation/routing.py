"""Intent-routing evaluation over evals/routing/utterances.yaml (frozen; 501 items of text, lang, intent).

Each item belongs to a split fixed by its text (`split_of`): "test" when sha1(text) % 3 == 0, else "dev".
Prototypes are tuned on dev only; test is the reported figure. The report has accuracy per split,
precision/recall per intent per split, and a confusion matrix per split (true intent -> predicted -> count).

    print_routing(evaluate_default_routing(UseEmbedder()))                 # shipped prototypes
    print_routing(evaluate_default_routing(UseEmbedder(), dev_extra=True))  # plus dev items as prototypes

With `dev_extra=True` the dev figure is not a measurement (every dev item is its own prototype); the
test figure stays honest, and `crossval_dev_extra` measures the effect of extra prototypes within dev.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.conversation.router import DEFAULT_PROTOTYPES, IntentRouter, Routing, load_prototypes
from retrieval.embedders import Embedder

__all__ = [
    "ROUTING_CASES",
    "IntentScore",
    "RoutingItem",
    "RoutingReport",
    "crossval_dev_extra",
    "evaluate_default_routing",
    "evaluate_routing",
    "load_routing_items",
    "print_routing",
    "split_of",
]

ROUTING_CASES = Path(__file__).resolve().parents[2] / "evals" / "routing" / "utterances.yaml"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class RoutingItem:
    text: str
    lang: str
    intent: str

    @property
    def split(self) -> str:
        return split_of(self.text)


@dataclass(frozen=True)
class IntentScore:
    precision: float
    recall: float
    support: int  # items whose true intent this is


@dataclass
class RoutingReport:
    """Per split: accuracy, item count, per-intent scores, confusion (true -> predicted -> count), misses."""

    accuracy: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    per_intent: dict[str, dict[str, IntentScore]] = field(default_factory=dict)
    confusion: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    misses: dict[str, list[tuple[RoutingItem, Routing]]] = field(default_factory=dict)
    label: str = ""


def split_of(text: str) -> str:
    """The item's split, fixed by its text so it never moves: a third is "test", the rest "dev"."""
    return "test" if int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


def load_routing_items(path: Path = ROUTING_CASES) -> list[RoutingItem]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [RoutingItem(str(r["text"]), str(r["lang"]), str(r["intent"])) for r in raw]


def evaluate_routing(router: IntentRouter, items: Sequence[RoutingItem], label: str = "") -> RoutingReport:
    """Route every item (one batch embedding) and score the predictions per split."""
    routings = router.route_many([item.text for item in items])
    report = RoutingReport(label=label)
    for split in SPLITS:
        pairs = [(i, r) for i, r in zip(items, routings, strict=True) if i.split == split]
        if not pairs:
            continue
        report.counts[split] = len(pairs)
        report.accuracy[split] = sum(i.intent == r.intent for i, r in pairs) / len(pairs)
        report.misses[split] = [(i, r) for i, r in pairs if i.intent != r.intent]
        confusion: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for i, r in pairs:
            confusion[i.intent][r.intent] += 1
        report.confusion[split] = {t: dict(row) for t, row in confusion.items()}
        report.per_intent[split] = _intent_scores(pairs)
    return report


def _intent_scores(pairs: Iterable[tuple[RoutingItem, Routing]]) -> dict[str, IntentScore]:
    truth, predicted, hits = Counter[str](), Counter[str](), Counter[str]()
    for item, routing in pairs:
        truth[item.intent] += 1
        predicted[routing.intent] += 1
        hits[item.intent] += item.intent == routing.intent
    return {
        intent: IntentScore(
            precision=hits[intent] / predicted[intent] if predicted[intent] else 0.0,
            recall=hits[intent] / truth[intent] if truth[intent] else 0.0,
            support=truth[intent],
        )
        for intent in sorted(set(truth) | set(predicted))
    }


def evaluate_default_routing(
    embedder: Embedder,
    *,
    dev_extra: bool = False,
    prototypes_path: Path = DEFAULT_PROTOTYPES,
    cases_path: Path = ROUTING_CASES,
) -> RoutingReport:
    """The shipped prototypes on the labelled set; `dev_extra` adds the dev items as prototypes."""
    items = load_routing_items(cases_path)
    extra = _by_intent(i for i in items if i.split == "dev") if dev_extra else None
    router = IntentRouter(embedder, load_prototypes(prototypes_path), extra=extra)
    return evaluate_routing(router, items, label="prototypes + dev items" if dev_extra else "prototypes")


def crossval_dev_extra(
    make_router: Callable[[Mapping[str, Sequence[str]] | None], IntentRouter],
    items: Sequence[RoutingItem],
    folds: int = 3,
) -> tuple[float, float]:
    """Dev accuracy without and with extra prototypes, the latter by `folds`-fold cross-validation within
    dev (each fold routed with the other folds' items as extra prototypes); test items are never used."""
    dev = [i for i in items if i.split == "dev"]
    base = evaluate_routing(make_router(None), dev).accuracy["dev"]
    fold_of = [int(hashlib.sha1(i.text.encode("utf-8")).hexdigest(), 16) // 3 % folds for i in dev]
    correct = 0
    for fold in range(folds):
        held = [i for i, f in zip(dev, fold_of, strict=True) if f == fold]
        rest = [i for i, f in zip(dev, fold_of, strict=True) if f != fold]
        routings = make_router(_by_intent(rest)).route_many([i.text for i in held])
        correct += sum(i.intent == r.intent for i, r in zip(held, routings, strict=True))
    return base, correct / len(dev)


def _by_intent(items: Iterable[RoutingItem]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for item in items:
        grouped[item.intent].append(item.text)
    return dict(grouped)


def abbreviate(intent: str) -> str:
    """A column name of at most 5 letters for the confusion matrix."""
    return _ABBREVIATIONS.get(intent, intent[:5])


_ABBREVIATIONS = {
    "greeting": "greet",
    "thanks": "thank",
    "capabilities": "capab",
    "list_records": "list",
    "count_records": "count",
    "record_attribute": "attr",
    "event_detail": "event",
    "regulation_article": "rArt",
    "regulation_topic": "rTop",
    "passage_fact": "fact",
    "statistic": "stat",
    "matchmaking_need": "match",
    "register_need": "reg",
    "cancel_need": "cancl",
    "subscribe": "subsc",
    "correction": "corr",
    "out_of_scope": "oos",
}


def print_routing(report: RoutingReport, split: str = "test") -> None:
    """Accuracy for dev and test, per-intent precision/recall and the confusion matrix of `split`
    (rows = true intent, columns = predicted, abbreviated; "." for zero)."""
    title = f"intent routing ({report.label})" if report.label else "intent routing"
    print(title)
    for name in SPLITS:
        if name in report.accuracy:
            print(f"  {name:<5} accuracy {report.accuracy[name]:.3f}  ({report.counts[name]} items)")
    confusion = report.confusion.get(split, {})
    scores = report.per_intent.get(split, {})
    intents = sorted(set(confusion) | {p for row in confusion.values() for p in row})
    if not intents:
        return
    print(f"\n{split} split: rows = true intent, columns = predicted")
    name_width = max(len(i) for i in intents)
    width = max(5, *(len(abbreviate(i)) for i in intents))
    header = " " * name_width + "  " + " ".join(abbreviate(i).rjust(width) for i in intents)
    print(header + "   prec  recall")
    for true in intents:
        row = confusion.get(true, {})
        cells = " ".join((str(row[p]) if row.get(p) else ".").rjust(width) for p in intents)
        s = scores.get(true)
        tail = f"  {s.precision:5.2f}  {s.recall:5.2f}" if s else ""
        print(f"{true:<{name_width}}  {cells} {tail}")
