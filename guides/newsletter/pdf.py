"""The free guide as a PDF, drawn by fpdf2 from the page's own content.

Rich text passes through the site's one sanitiser (home/rich_text.py) and is set as
plain paragraphs and bullet points; nothing from the page is read as markup by the
PDF. fpdf2's built-in fonts cover Latin-1, so typographic quotes and dashes are set
as their plain equivalents.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from fpdf import FPDF

from home.rich_text import clean_rich_text

from .models import FreeGuidePage

TEAL = (15, 82, 87)
INK = (29, 42, 48)
MUTED = (74, 90, 98)
WARNING = (140, 29, 24)

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u2212": "-",
    }
)


def latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class GuidePDF(FPDF):
    disclaimer = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 4, latin1(f"{self.disclaimer}  Page {self.page_no()}"))


def _paragraphs(html: str) -> list[tuple[str, str]]:
    """("p" or "li", text) pairs of a rich-text value, in reading order."""
    soup = BeautifulSoup(clean_rich_text(html), "html.parser")
    found = []
    for element in soup.find_all(["p", "li", "h2", "h3", "h4"]):
        text = " ".join(element.get_text(" ").split())
        if text:
            found.append(("li" if element.name == "li" else "p", text))
    return found


def _text(pdf: GuidePDF, text: str, *, size: float = 11, style: str = "", colour=INK):
    pdf.set_font("Helvetica", style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")


def free_guide_pdf(page: FreeGuidePage, *, disclaimer: str) -> bytes:
    pdf = GuidePDF(format="A4")
    pdf.disclaimer = disclaimer
    pdf.set_title(latin1(page.title))
    pdf.set_author("Unknot")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    _text(pdf, "UNKNOT  FREE GUIDE", size=9, style="B", colour=TEAL)
    pdf.ln(2)
    _text(pdf, page.title, size=22, style="B")
    pdf.ln(3)
    _text(pdf, page.intro, size=12, colour=MUTED)
    step_number = 0
    for block in page.body:
        pdf.ln(4)
        if block.block_type == "heading":
            _text(pdf, block.value, size=15, style="B", colour=TEAL)
        elif block.block_type == "paragraph":
            for kind, text in _paragraphs(block.value.source):
                _text(pdf, f"-  {text}" if kind == "li" else text)
                pdf.ln(1)
        elif block.block_type == "step":
            step_number += 1
            step = block.value
            title = f"{step_number}. {step['title']}"
            _text(pdf, title, size=13, style="B")
            if step["duration"]:
                _text(pdf, step["duration"], size=10, style="I", colour=MUTED)
            for paragraph in step["instructions"].split("\n\n"):
                _text(pdf, " ".join(paragraph.split()))
        elif block.block_type == "see_a_doctor":
            _text(pdf, "See a doctor", size=13, style="B", colour=WARNING)
            _text(pdf, block.value)
    return bytes(pdf.output())
