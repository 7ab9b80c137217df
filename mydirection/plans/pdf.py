"""The plan as a PDF, addressed to the person (``mydirection.pdf``)."""

from mydirection.pdf import document, latin1
from mydirection.people.models import Person
from mydirection.plans.selectors import PlanPage, target_text


def plan_pdf(person: Person, page: PlanPage) -> bytes:
    doc = document(f"Plan for {person.known_as}")
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
