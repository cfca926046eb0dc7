"""Reading the demo's data files: YAML records, Markdown with front matter, prose.

Every app keeps its demo data in a `data/` folder beside its demo loader; these
helpers are the one place that knows how those files are written, so the guides' and
the shop's loaders read them the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def read_yaml(path: Path) -> Any:
    """The YAML file at `path`, as plain lists, dicts and strings."""
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def read_markdown(path: Path) -> tuple[dict, str]:
    """A Markdown file's YAML front matter (between `---` lines) and its body."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(
            f"{path}: a demo Markdown file starts with '---' front matter."
        )
    front, separator, body = text[4:].partition("\n---\n")
    if not separator:
        raise ValueError(f"{path}: the front matter has no closing '---' line.")
    return yaml.safe_load(front) or {}, body


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each with its line breaks turned to spaces
    (as in Markdown), so data files can wrap long sentences."""
    return [
        " ".join(line.strip() for line in block.splitlines())
        for block in PARAGRAPH_BREAK.split(text.strip())
        if block.strip()
    ]


def paragraphs_html(text: str) -> str:
    """Prose from a data file as the rich-text HTML Wagtail stores: one `<p>` per
    paragraph, nothing else (the text is written as HTML-safe plain text)."""
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs(text or ""))


def body_areas() -> list[dict[str, str]]:
    """The body areas (`slug`, `name`) in display order: the one list that both the
    shop's and the guides' demo steps create from."""
    return read_yaml(DATA_DIR / "body_areas.yaml")
