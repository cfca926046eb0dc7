"""Demo content for the home page. Safe to run repeatedly.

The demo data files every app shares (body areas) live in `data/`; `data_files`
reads them and the other apps' data files.
"""

from html import escape

from home.demo_images import demo_image
from home.models import HomePage, PolicyPage

from . import data_files


def block_html(block: str) -> str:
    """One blank-line separated block of a policy: a heading, a list or a paragraph."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    html = ""
    if lines[0].startswith("## "):
        html += f"<h2>{escape(lines.pop(0)[3:])}</h2>"
    if lines and lines[0].startswith("- "):
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                items.append(line[2:])
            else:  # a wrapped item continues on the next line
                items[-1] += " " + line
        html += "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"
    elif lines:
        html += f"<p>{escape(' '.join(lines))}</p>"
    return html


def policy_html(text: str) -> str:
    return "".join(
        block_html(block)
        for block in data_files.PARAGRAPH_BREAK.split(text.strip())
        if block.strip()
    )


def ensure_policy_pages(home: HomePage, stdout) -> None:
    """The policy pages the shop must carry; an existing page of a kind is kept."""
    existing = set(PolicyPage.objects.values_list("kind", flat=True))
    for spec in data_files.read_yaml(data_files.DATA_DIR / "policies.yaml"):
        if spec["kind"] in existing:
            continue
        page = PolicyPage(
            title=spec["title"],
            slug=spec["slug"],
            kind=spec["kind"],
            version=spec["version"],
            intro=spec["intro"],
            body=policy_html(spec["body"]),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"Policy page: {page.title}")


def load(stdout) -> None:
    """Give the home page its hero image; later demo steps add featured rows."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run `manage.py migrate` first.")
    if home.hero_image_id is None:
        home.hero_image = demo_image("Unknot hero: loosening muscles", shape="waves")
        home.save_revision().publish()
        stdout.write("Home page: hero image set.")
    ensure_policy_pages(home, stdout)
