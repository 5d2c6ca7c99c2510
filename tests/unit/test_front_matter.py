"""Front matter and YAML files: anchors and aliases refused, only scalars and lists of scalars kept, size
capped (retrieval/loaders/limits.py). Parsed in this process (parse_file): the rules, not the isolation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from retrieval.errors import ParseLimitError, SourceError
from retrieval.loaders import discover, parse_file
from retrieval.loaders.limits import keep_scalars
from retrieval.loaders.prose import split_front_matter
from retrieval.types import Document
from tests.support.config import KNOWLEDGE


def alias_bomb(levels: int = 7) -> str:
    """The billion-laughs of YAML: 9 ** levels strings from ~400 bytes."""
    lines = ["---", "id: alias-bomb", "title: Alias bomb", "lang: en"]
    lines.append("l0: &l0 [" + ",".join(['"lol"'] * 9) + "]")
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n---\nAn ordinary body.\n"


def parse(path: Path, root: Path | None = None) -> tuple[list[Document], list[SourceError]]:
    docs, errors = [], []
    for item in parse_file(path, root or path.parent.parent):
        (errors if isinstance(item, SourceError) else docs).append(item)
    return docs, errors


def news(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "news" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_alias_bomb_is_refused_naming_the_file_and_line(tmp_path: Path) -> None:
    text = alias_bomb()
    assert len(text.encode()) < 450
    docs, (error,) = parse(news(tmp_path, "bomb.md", text))
    assert not docs and isinstance(error, ParseLimitError)
    assert str(error).startswith("news/bomb.md: YAML anchors and aliases")
    assert "(line 5)" in str(error)


@pytest.mark.parametrize(
    "front",
    [
        "base: &b {a: 1}\nother: 2",  # an anchor alone (nothing may refer to it later)
        "a: [x]\nb: *a",  # an alias of an undefined anchor is refused, not a confusing error
        "base: &b {x: 1}\nmerged:\n  <<: *b",  # merge keys need aliases
    ],
)
def test_anchors_aliases_and_merge_keys_are_refused(tmp_path: Path, front: str) -> None:
    _, (error,) = parse(news(tmp_path, "a.md", f"---\nid: a\n{front}\n---\nBody.\n"))
    assert isinstance(error, ParseLimitError) and "anchors and aliases" in error.message


def test_only_scalars_and_lists_of_scalars_are_kept(tmp_path: Path) -> None:
    text = (
        "---\nid: kept\ntitle: Kept\nlang: en\ndate: 2024-12-04\nlevel: national\ntotal_articles: 52\n"
        "unofficial: true\nratio: 0.5\nblank:\naliases: [转化法, transformation law]\n"
        "days: [2024-01-02, 2024-03-04]\ncontact: {name: Li, phone: '123'}\nrows: [[1, 2], [3]]\n"
        "people: [{name: Li}]\n2024: a year as a key\n---\nBody.\n"
    )
    (doc,), errors = parse(news(tmp_path, "kept.md", text))
    assert not errors
    assert doc.meta == {
        "level": "national",
        "total_articles": 52,
        "unofficial": True,
        "ratio": 0.5,
        "blank": None,
        "aliases": ["转化法", "transformation law"],
        "days": ["2024-01-02", "2024-03-04"],
    }
    assert doc.date == dt.date(2024, 12, 4)
    json.dumps(doc.meta)  # all of it travels as JSON (to the parent process, into the store)


def test_shipped_front_matter_is_kept_whole() -> None:
    for file, _ in discover([KNOWLEDGE]):
        if file.suffix == ".md":
            front, _ = split_front_matter(file.read_text(encoding="utf-8"), file.name)
            assert keep_scalars(front, file.name) == front, file


def test_front_matter_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = "\n".join(f"k{i}: {'x' * 60}" for i in range(1200))  # 79 KB
    _, (error,) = parse(news(tmp_path, "big.md", f"---\nid: big\n{big}\n---\nBody.\n"))
    assert isinstance(error, ParseLimitError) and "front matter is 79 KB; the limit is 64 KB" in error.message


def test_fields_of_a_json_document_over_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "news" / "doc.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"id": "doc", "title": "T", "text": "Body.", "notes": "x" * 70_000}))
    _, (error,) = parse(path)
    assert isinstance(error, ParseLimitError) and "the document's fields take 68 KB" in error.message


def test_json_document_keeps_scalars_only(tmp_path: Path) -> None:
    path = tmp_path / "news" / "doc.json"
    path.parent.mkdir()
    data = {"id": "doc", "title": "T", "lang": "en", "text": "Body.", "tags": ["a", "b"], "extra": {"x": 1}}
    path.write_text(json.dumps(data))
    (doc,), errors = parse(path)
    assert not errors and doc.meta == {"tags": ["a", "b"]}


def test_yaml_record_files_refuse_aliases(tmp_path: Path) -> None:
    path = tmp_path / "events" / "events.yaml"
    path.parent.mkdir()
    path.write_text(
        "- &e {id: ev-1, lang: en, title: Fair, start_date: 2025-01-01, city: dalian}\n- *e\n",
        encoding="utf-8",
    )
    docs, (error,) = parse(path)
    assert not docs and isinstance(error, ParseLimitError) and error.path == "events/events.yaml"


def test_invalid_yaml_is_still_reported_as_such(tmp_path: Path) -> None:
    _, (error,) = parse(news(tmp_path, "broken.md", "---\nid: [broken\n---\ntext"))
    assert type(error) is SourceError and "front matter is not valid YAML" in error.message
