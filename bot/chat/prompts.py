"""Prompt templates from `prompts/`, rendered by name with langchain's PromptTemplate."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from langchain_core.prompts import PromptTemplate

__all__ = ["PROMPTS_DIR", "render_prompt", "template_names"]

PROMPTS_DIR = Path(
    os.environ.get("TECHBRIDGE_PROMPTS_DIR") or Path(__file__).resolve().parents[2] / "prompts"
)


@functools.cache
def _template(name: str, folder: Path) -> PromptTemplate:
    path = folder / f"{name}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt template {path}")
    return PromptTemplate.from_template(path.read_text(encoding="utf-8"))


def render_prompt(name: str, folder: Path | None = None, **values: object) -> str:
    """Render `prompts/<name>.txt`; every variable of the template must be given (KeyError otherwise)."""
    template = _template(name, folder or PROMPTS_DIR)
    missing = set(template.input_variables) - set(values)
    if missing:
        raise KeyError(f"prompt {name!r} needs {sorted(missing)}")
    return template.format(**{k: v for k, v in values.items() if k in template.input_variables})


def template_names(folder: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (folder or PROMPTS_DIR).glob("*.txt"))
