"""The plan as a PDF, addressed to the person, made with fpdf2 (pure Python).

The core PDF fonts hold Latin-1 only, so text is mapped to it: typographic quotes and dashes
to their plain forms, anything else to '?'.
"""

from fpdf import FPDF

from mydirection.people.models import Person
from mydirection.plans.selectors import PlanPage, target_text

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


class _PlanDocument(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def plan_pdf(person: Person, page: PlanPage) -> bytes:
    doc = _PlanDocument(format="A4")
    doc.set_title(latin1(f"Plan for {person.known_as}"))
    doc.set_author("MyDirection")
    doc.add_page()
    width = doc.epw

    def heading(text: str, size: int) -> None:
        doc.set_font("Helvetica", "B", size)
        doc.multi_cell(width, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        doc.ln(2)

    def body(text: str, style: str = "") -> None:
        doc.set_font("Helvetica", style, 11)
        doc.multi_cell(width, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")

    heading(f"Your plan, {person.known_as}", 20)
    version = page.latest_version
    if version:
        agreed = version.agreed_on
        body(f"Version {version.number}, {agreed.day} {agreed:%B %Y}.")
        body(f"{version.get_agreement_display()}.")
        if page.plan and page.plan.changed_since_agreed:
            body("This plan has changed since it was last agreed.", "I")
    doc.ln(4)
    heading("Your goals", 16)
    if not page.goals:
        body("There are no goals in your plan yet.")
    for number, goal in enumerate(page.goals, start=1):
        heading(f"{number}. {goal.title}", 13)
        facts = [goal.get_area_display(), goal.get_status_display()]
        if goal.target_date:
            facts.append(f"aiming for {target_text(goal.target_date)}")
        body(" - ".join(facts), "I")
        mine = [s for s in goal.steps.all() if s.by_the_person]
        others = [s for s in goal.steps.all() if not s.by_the_person]
        if mine:
            body("Things you will do:", "B")
            for step in mine:
                body(f"  - {step.description} ({step.get_status_display().lower()})")
        if others:
            body("What others will do to help:", "B")
            for step in others:
                who = step.actor_detail or step.get_actor_display()
                body(f"  - {who}: {step.description} ({step.get_status_display().lower()})")
        doc.ln(3)
    return bytes(doc.output())
