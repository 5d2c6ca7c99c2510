"""The dependency rules of ../shared/STYLE.md, read from the source with `ast` (nothing is imported):

- no import cycle among the modules of bot/ and retrieval/, counting imports inside functions and under
  TYPE_CHECKING too (a lazy import hides a cycle from Python, not from the design);
- retrieval/ never imports bot/;
- only the Chroma adapter imports chromadb, and only it spells Chroma's filter operators ("$and", ...).

An edge goes to the module an import names: `from .chat import store` is an edge to bot.chat.store,
`from .chat import ChatService` one to bot.chat (its __init__), `import bot.chat.store` one to
bot.chat.store. The parent packages Python runs first are not counted: that is no dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "retrieval")
CHROMA_ADAPTERS = {"retrieval.stores.chroma"}  # the one module that speaks Chroma
CHROMA_OPERATORS = ("$and", "$or", "$in", "$gte", "$lte", "$eq")


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under the packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is one of our modules, or None (a third-party module)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def imported_names(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The module each Import or ImportFrom anywhere in the file names, relative ones resolved: for
    `from X import a`, X.a where that is one of our modules, else X."""
    is_package = path.name == "__init__.py"
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield submodule if submodule in modules else source


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of bot/ and retrieval/ it imports."""
    modules = module_files()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = {_resolve(name, modules) for name in imported_names(module, path, modules)}
        graph[module] = {t for t in targets if t and t != module}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_graph_sees_lazy_and_relative_imports() -> None:
    graph = import_graph()
    assert "bot.services" in graph["bot.cli"]  # `from .services import Services`
    assert "retrieval.search" in graph["retrieval"]  # the package __init__'s re-exports
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles() -> None:
    assert find_cycles(import_graph()) == []


def test_retrieval_never_imports_bot() -> None:
    offenders = {
        module: sorted(t for t in targets if t.split(".")[0] == "bot")
        for module, targets in import_graph().items()
        if module.split(".")[0] == "retrieval"
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_answer_pieces_point_one_way() -> None:
    """Matchmaking and the conversation's pieces are answerers the chat service uses: they never import
    the chat package back (its service, planner or generation)."""
    offenders = {
        module: sorted(t for t in targets if t.startswith("bot.chat"))
        for module, targets in import_graph().items()
        if module.startswith(("bot.matching", "bot.conversation", "bot.storage"))
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_only_the_chroma_adapter_imports_chromadb() -> None:
    importers = set()
    modules = module_files()
    for module, path in modules.items():
        if any(name.split(".")[0] == "chromadb" for name in imported_names(module, path, modules)):
            importers.add(module)
    assert importers <= CHROMA_ADAPTERS, importers - CHROMA_ADAPTERS


def test_chroma_filter_operators_only_in_the_adapter() -> None:
    spelled = {
        module: [op for op in CHROMA_OPERATORS if f'"{op}"' in text or f"'{op}'" in text]
        for module, path in module_files().items()
        if module not in CHROMA_ADAPTERS
        for text in [path.read_text(encoding="utf-8")]
    }
    assert {m: ops for m, ops in spelled.items() if ops} == {}
