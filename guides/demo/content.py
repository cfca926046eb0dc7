"""The guides' demo data files in `data/`, read into plain Python values.

- `taxonomy.yaml`: causes and contributors (authors, medical reviewers);
- `relief_methods.yaml`: relief methods, with the products that suit each;
- `featured.yaml`: the guide index's popular guides and the home page's rows;
- `guides/NN-<slug>.md`: one guide per file, loaded in file-name order.

A guide file is YAML front matter (title, slug, taxonomy, sources…) and a Markdown
body that knows three things: paragraphs (blank-line separated; consecutive ones form
one text block), `## ` headings, and fenced blocks whose info string names a guide
block (```red_flag, ```question, ```symptoms…) with the block's fields as YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from home.demo import data_files

DATA_DIR = Path(__file__).resolve().parent / "data"
FENCE = "```"
HEADING = "## "


@dataclass(frozen=True)
class GuideFile:
    """One guide: its front matter and its body as (block kind, fields) items."""

    front: dict
    body: list[tuple[str, object]]

    @property
    def slug(self) -> str:
        return self.front["slug"]


@cache
def taxonomy() -> dict:
    """`causes` (display order) and `contributors`, as in `taxonomy.yaml`."""
    return data_files.read_yaml(DATA_DIR / "taxonomy.yaml")


@cache
def relief_methods() -> list[dict]:
    """The relief methods, in creation order."""
    return data_files.read_yaml(DATA_DIR / "relief_methods.yaml")


@cache
def featured() -> dict:
    """`popular_guides` (slugs) and `home_rows` for the home page."""
    return data_files.read_yaml(DATA_DIR / "featured.yaml")


@cache
def guides() -> tuple[GuideFile, ...]:
    """Every guide file, in file-name order (related reading only reaches guides
    that exist already, so the order decides which links a fresh demo gets)."""
    files = sorted((DATA_DIR / "guides").glob("*.md"))
    return tuple(read_guide(path) for path in files)


def read_guide(path: Path) -> GuideFile:
    front, body = data_files.read_markdown(path)
    try:
        return GuideFile(front=front, body=parse_body(body))
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from error


def parse_body(text: str) -> list[tuple[str, object]]:
    """The body as ("paragraphs", [text…]), ("heading", text) and (block, fields)."""
    items: list[tuple[str, object]] = []
    paragraph: list[str] = []  # lines of the paragraph being read
    lines = iter(text.splitlines())

    def end_paragraph() -> None:
        if not paragraph:
            return
        text = " ".join(line.strip() for line in paragraph)
        paragraph.clear()
        if items and items[-1][0] == "paragraphs":
            items[-1][1].append(text)
        else:
            items.append(("paragraphs", [text]))

    for line in lines:
        if not line.strip():
            end_paragraph()
        elif line.startswith(FENCE):
            end_paragraph()
            kind = line[len(FENCE) :].strip()
            fenced = []
            for inner in lines:
                if inner.startswith(FENCE):
                    break
                fenced.append(inner)
            else:
                raise ValueError(f"the ```{kind} block is never closed")
            items.append((kind, yaml.safe_load("\n".join(fenced))))
        elif line.startswith(HEADING):
            end_paragraph()
            items.append(("heading", line[len(HEADING) :].strip()))
        else:
            paragraph.append(line)
    end_paragraph()
    return items
