"""The service's PDFs (a person's plan, their subject access bundle), made with fpdf2 (pure
Python): an A4 document with numbered pages, its text mapped to Latin-1.

The core PDF fonts hold Latin-1 only, so text is mapped to it: typographic quotes and dashes
to their plain forms, anything else to '?'. fpdf2 takes seconds to import: import this module
only when a PDF is asked for.
"""

from fpdf import FPDF

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)


def latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class Document(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def document(title: str) -> Document:
    """A new A4 document, titled, on its first page."""
    doc = Document(format="A4")
    doc.set_title(latin1(title))
    doc.set_author("MyDirection")
    doc.add_page()
    return doc
