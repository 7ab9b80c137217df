"""Pages of a person's plan. Each reaches the person through ``person_for``, and each goal,
step or version through that person, so another person's ids give 404."""

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access.actor import StaffActor
from mydirection.access.guard import person_for
from mydirection.access.policy import Action
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.language import suggest
from mydirection.people.models import Consent, Person
from mydirection.people.record import person_context
from mydirection.plans import selectors, services
from mydirection.plans.forms import (
    AgreementForm,
    ConversationForm,
    GoalEditForm,
    GoalForm,
    GoalStatusForm,
    NoteForm,
    ShareForm,
    StepForm,
)
from mydirection.plans.models import Goal, PlanVersion, Step, StepActor
from mydirection.plans.services import EmergencyPlan, SharingRefused
from mydirection.versioning import StaleEdit, with_current_version

TAB = "plans:plan"


def _data(request: StaffRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _author(actor: StaffActor, form: Form) -> StaffActor:
    """The user, and whether the form says they worked it out with the person."""
    return actor.together(bool(form.cleaned_data.get("with_person")))


def _form_page(
    request: StaffRequest,
    person: Person,
    actor: StaffActor,
    form: Form,
    *,
    heading: str,
    button: str,
    intro: str = "",
    caption: str = "",
    stale_current: str = "",
) -> HttpResponse:
    context = person_context(person, actor, TAB) | {
        "form": form,
        "heading": heading,
        "button": button,
        "intro": intro,
        "caption": caption,
        "stale_current": stale_current,
        "cancel_url": reverse("plans:plan", args=[person.pk]),
    }
    return render(request, "plans/form.html", context)


def _warn_after_the_order(request: StaffRequest, person: Person, target: date | None) -> None:
    """A target date after the order ends is allowed (a goal may outlast the order), but
    worth checking: say so, with both dates."""
    ends = selectors.after_the_order(target, person)
    if target is not None and ends is not None:
        messages.warning(
            request,
            f"The target date, {selectors.target_text(target)}, is after the order ends on "
            f"{selectors.target_text(ends)}. Check it with {person.known_as}.",
        )


def _goal(person: Person, goal_id: UUID) -> Goal:
    return get_object_or_404(Goal.objects.select_related("plan"), pk=goal_id, plan__person=person)


@require_safe
def plan(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Plan")
    context = person_context(person, actor, TAB) | {"page": selectors.plan_page(person)}
    return render(request, "plans/plan.html", context)


@require_http_methods(["GET", "POST"])
def add_goal(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Add a goal")
    form = GoalForm(
        _data(request),
        person=person,
        requirements=selectors.person_requirements(person),
        order_ends=selectors.order_ends(person),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_goal(
                person=person,
                actor=_author(actor, form),
                title=data["title"],
                area=data["area"],
                related_areas=data["related_areas"],
                status=data["status"],
                target_date=data["target_date"],
                requirement_ids=data.get("requirements", []),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The goal is the person's words: no wording hints on it.
            messages.success(request, "Goal added")
            _warn_after_the_order(request, person, data["target_date"])
            return redirect("plans:plan", person.pk)
    return _form_page(
        request,
        person,
        actor,
        form,
        heading="Add a goal",
        button="Add goal",
        intro=f"Write the goal as {person.known_as} says it.",
    )


@require_http_methods(["GET", "POST"])
def edit_goal(request: StaffRequest, person_id: UUID, goal_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Change a goal")
    goal = _goal(person, goal_id)
    requirements = selectors.person_requirements(person)
    initial = {
        "title": goal.title,
        "area": goal.area,
        "related_areas": goal.related_areas,
        "target_date": goal.target_date,
        "requirements": [str(r.pk) for r in goal.requirements.all()],
        "version": goal.version,
    }
    order_ends = selectors.order_ends(person)
    form = GoalEditForm(
        _data(request),
        person=person,
        requirements=requirements,
        initial=initial,
        order_ends=order_ends,
    )
    stale_current = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_goal(
                goal=goal,
                actor=_author(actor, form),
                changes={key: data[key] for key in services.GOAL_FIELDS},
                requirement_ids=data.get("requirements", []),
                expected_version=data["version"] or 0,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            goal.refresh_from_db()
            stale_current = goal.title
            form = GoalEditForm(
                with_current_version(request, goal.version),
                person=person,
                requirements=requirements,
                order_ends=order_ends,
            )
            form.is_valid()
        else:
            messages.success(request, "Goal saved")
            _warn_after_the_order(request, person, data["target_date"])
            return redirect("plans:plan", person.pk)
    return _form_page(
        request,
        person,
        actor,
        form,
        heading="Change a goal",
        button="Save goal",
        stale_current=stale_current,
    )


@require_http_methods(["GET", "POST"])
def goal_status(request: StaffRequest, person_id: UUID, goal_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Achieve, remove or add back a goal"
    )
    goal = _goal(person, goal_id)
    form = GoalStatusForm(_data(request), current=goal.status, initial={"version": goal.version})
    stale_current = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_goal_status(
                goal=goal,
                actor=actor,
                status=data["status"],
                note=data["note"],
                expected_version=data["version"] or 0,
            )
        except ValidationError as error:
            add_errors(form, error)
        except StaleEdit:
            goal.refresh_from_db()
            stale_current = f"{goal.title} ({goal.get_status_display()})"
            form = GoalStatusForm(with_current_version(request, goal.version), current=goal.status)
            form.is_valid()
        else:
            messages.success(request, f"Goal updated: {goal.get_status_display().lower()}")
            suggest(request, data["note"])
            return redirect("plans:plan", person.pk)
    return _form_page(
        request,
        person,
        actor,
        form,
        heading="Update the goal",
        caption=goal.title,
        button="Save",
        stale_current=stale_current,
    )


@require_POST
def move_goal(request: StaffRequest, person_id: UUID, goal_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Move a goal")
    goal = _goal(person, goal_id)
    if request.POST.get("direction") in ("up", "down"):
        services.move_goal(
            goal=goal,
            actor=actor,
            up=request.POST["direction"] == "up",
        )
    return redirect(reverse("plans:plan", args=[person.pk]) + f"#goal-{goal.pk}")


@require_http_methods(["GET", "POST"])
def add_step(request: StaffRequest, person_id: UUID, goal_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Add a step")
    goal = _goal(person, goal_id)
    form = StepForm(
        _data(request), person=person, requirements=selectors.person_requirements(person)
    )
    _name_the_person(form, person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_step(
            goal=goal,
            actor=_author(actor, form),
            description=data["description"],
            doer=data["actor"],
            doer_detail=data["actor_detail"],
            status=data["status"],
            requirement_ids=data.get("requirements", []),
        )
        messages.success(request, "Step added")
        return redirect(reverse("plans:plan", args=[person.pk]) + f"#goal-{goal.pk}")
    return _form_page(
        request, person, actor, form, heading="Add a step", caption=goal.title, button="Add step"
    )


def _name_the_person(form: StepForm, person: Person) -> None:
    form.fields["actor"].choices = [  # type: ignore[attr-defined]
        (value, person.known_as if value == StepActor.PERSON else label)
        for value, label in StepActor.choices
    ]


@require_http_methods(["GET", "POST"])
def edit_step(request: StaffRequest, person_id: UUID, step_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Change a step")
    step = get_object_or_404(
        Step.objects.select_related("goal__plan"), pk=step_id, goal__plan__person=person
    )
    requirements = selectors.person_requirements(person)
    initial = {
        "description": step.description,
        "actor": step.actor,
        "actor_detail": step.actor_detail,
        "status": step.status,
        "requirements": [str(r.pk) for r in step.requirements.all()],
        "version": step.version,
    }
    form = StepForm(_data(request), person=person, requirements=requirements, initial=initial)
    _name_the_person(form, person)
    stale_current = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_step(
                step=step,
                actor=_author(actor, form),
                changes={key: data[key] for key in services.STEP_FIELDS},
                requirement_ids=data.get("requirements", []),
                expected_version=data["version"] or 0,
            )
        except StaleEdit:
            step.refresh_from_db()
            stale_current = f"{step.description} ({step.get_status_display()})"
            form = StepForm(
                with_current_version(request, step.version),
                person=person,
                requirements=requirements,
            )
            _name_the_person(form, person)
            form.is_valid()
        else:
            messages.success(request, "Step saved")
            return redirect(reverse("plans:plan", args=[person.pk]) + f"#goal-{step.goal_id}")
    return _form_page(
        request,
        person,
        actor,
        form,
        heading="Change a step",
        caption=step.goal.title,
        button="Save step",
        stale_current=stale_current,
    )


@require_http_methods(["GET", "POST"])
def agree(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Record agreement to the plan"
    )
    form = AgreementForm(_data(request))
    if request.method == "POST" and form.is_valid():
        version = services.record_agreement(
            person=person,
            actor=actor.together(),
            agreement=form.cleaned_data["agreement"],
            reason=form.cleaned_data["reason"],
            recorded_by=request.user,
        )
        messages.success(request, f"{version.get_agreement_display()}: version {version.number}")
        suggest(request, form.cleaned_data["reason"])
        return redirect("plans:plan", person.pk)
    return _form_page(
        request,
        person,
        actor,
        form,
        heading="Agreement to the plan",
        intro=f"Read the plan with {person.known_as} first. Recording their answer keeps this "
        "version of the plan, with both your names.",
        button="Record agreement",
    )


@require_http_methods(["GET", "POST"])
def add_note(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Add a plan note")
    form = NoteForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_progress_note(
            person=person,
            actor=actor.together(data["person_involved"]),
            text=data["text"],
            needs_support=data["needs_support"],
            person_involved=data["person_involved"],
            kind=data["kind"],
        )
        messages.success(request, "Note added")
        suggest(request, data["text"])
        return redirect("plans:plan", person.pk)
    return _form_page(
        request, person, actor, form, heading="Progress note or review", button="Save note"
    )


@require_http_methods(["GET", "POST"])
def add_conversation(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Record a conversation")
    form = ConversationForm(_data(request), person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_conversation(
                person=person,
                kind=data["kind"],
                on=data["held_on"],
                note=data["note"],
                emergency_plan=EmergencyPlan(
                    data["emergency_plan"], data["emergency_worker"], data["review_on"]
                ),
                actor=actor,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Conversation recorded")
            suggest(request, data["note"], data["emergency_plan"])
            return redirect("plans:plan", person.pk)
    return _form_page(
        request,
        person,
        actor,
        form,
        heading="Record a conversation",
        intro="Conversation 2 (crisis) needs an emergency plan: what will happen, a named "
        "worker who stays with the person, and a review date.",
        button="Record conversation",
    )


@require_safe
def version(request: StaffRequest, person_id: UUID, version_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="An earlier version of the plan")
    shown = get_object_or_404(PlanVersion, pk=version_id, plan__person=person)
    context = person_context(person, actor, TAB) | {"version": shown}
    return render(request, "plans/version.html", context)


@require_safe
def privacy(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, _ = person_for(request, person_id, what="Plan: privacy check")
    return render(request, "plans/privacy.html", {"person": person})


def _person_view_context(person: Person) -> dict[str, Any]:
    page = selectors.plan_page(person)
    return {
        "person": person,
        "page": page,
        "goals": [
            {
                "goal": goal,
                "mine": [s for s in goal.steps.all() if s.by_the_person],
                "others": [s for s in goal.steps.all() if not s.by_the_person],
            }
            for goal in page.goals
        ],
    }


@require_safe
def person_view(request: StaffRequest, person_id: UUID) -> HttpResponse:
    """The plan addressed to the person, for them to read on the case manager's screen.

    No risk, no case notes, no staff-only details: only their goals and steps."""
    person, _ = person_for(request, person_id, what="Plan shown to the person")
    return render(request, "plans/person_view.html", _person_view_context(person))


@require_safe
def print_plan(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, _ = person_for(request, person_id, what="Plan printed for the person")
    context = _person_view_context(person) | {"printing": True}
    return render(request, "plans/person_view.html", context)


@require_safe
def plan_pdf(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, _ = person_for(request, person_id, what="Plan downloaded as a PDF")
    # fpdf2 and its fonts take seconds to import: only when a PDF is asked for.
    from mydirection.plans import pdf

    content = pdf.plan_pdf(person, selectors.plan_page(person))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{person.case_reference}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def share(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, action=Action.EDIT, what="Share the plan")
    form = ShareForm(_data(request))
    consent: Consent | None = None
    refused = ""
    try:
        consent = services.consent_to_share(person)
    except SharingRefused as error:
        refused = str(error)
    if request.method == "POST" and form.is_valid():
        try:
            shared = services.share_plan(
                person=person,
                shared_with=form.cleaned_data["shared_with"],
                relationship=form.cleaned_data["relationship"],
                actor=actor,
            )
        except SharingRefused as error:
            refused = str(error)
        else:
            messages.success(request, f"Plan shared with {shared.shared_with}")
            return redirect("plans:plan", person.pk)
    context = person_context(person, actor, TAB) | {
        "form": form,
        "consent": consent,
        "refused": refused,
    }
    return render(request, "plans/share.html", context)
