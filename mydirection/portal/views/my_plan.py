"""The person's plan in the app (/my/plan/): their goals, the steps they own, how it went,
and their agreement. Every change goes through the plan's services with the person as author,
so the case manager's plan history says "by <first name>" and the access log names the person.
Steps and goals are looked up through the signed-in person: another person's ids give 404."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.forms import add_errors
from mydirection.people.models import Person
from mydirection.plans import services as plan_services
from mydirection.plans.models import Step
from mydirection.portal import selectors
from mydirection.portal.forms import MY_STEP_CHOICES, HowItWentForm, MyAgreementForm, MyStepForm
from mydirection.portal.session import PortalRequest, portal_view
from mydirection.versioning import StaleEdit, with_current_version

MY_STATUS_WORDS = dict(MY_STEP_CHOICES) | {
    "cannot_yet": "Cannot be done yet",
    "not_needed": "Not needed now",
}


def _my_step(person: Person, step_id: UUID) -> Step:
    step = selectors.my_step(person, step_id)
    if step is None:
        raise Http404
    return step


@require_safe
@portal_view("App: my plan")
def plan(request: PortalRequest) -> HttpResponse:
    the_plan, goals, latest = selectors.my_goals(request.person)
    context = {
        "person": request.person,
        "plan": the_plan,
        "goals": goals,
        "latest": latest,
    }
    return render(request, "portal/plan.html", context)


@require_http_methods(["GET", "POST"])
@portal_view("App: a step in my plan")
def step(request: PortalRequest, step_id: UUID) -> HttpResponse:
    person = request.person
    the_step = _my_step(person, step_id)
    initial = {"status": the_step.status, "version": the_step.version}
    form = MyStepForm(request.POST if request.method == "POST" else None, initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.update_step(
                step=the_step,
                actor=request.actor,
                changes={"status": form.cleaned_data["status"]},
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            # Keep the person's choice; show what the step says now; saving again is theirs.
            stale = True
            the_step.refresh_from_db()
            form = MyStepForm(with_current_version(request, the_step.version))
        else:
            words = MY_STATUS_WORDS.get(the_step.status, "")
            messages.success(request, f"Saved: {words.lower()}")
            return redirect("portal:plan")
    context = {
        "person": person,
        "step": the_step,
        "form": form,
        "stale": stale,
        "now": MY_STATUS_WORDS.get(the_step.status, the_step.get_status_display()),
    }
    return render(request, "portal/plan_step.html", context)


@require_http_methods(["GET", "POST"])
@portal_view("App: say how it went")
def how_it_went(request: PortalRequest) -> HttpResponse:
    person = request.person
    form = HowItWentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.add_progress_note(
                person=person,
                actor=request.actor,
                text=form.cleaned_data["text"],
                needs_support=form.cleaned_data["needs_support"],
                person_involved=True,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you. Your case manager will read it")
            return redirect("portal:plan")
    return render(request, "portal/plan_how_it_went.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
@portal_view("App: agree to my plan")
def agree(request: PortalRequest) -> HttpResponse:
    person = request.person
    form = MyAgreementForm(request.POST if request.method == "POST" else None)
    # Nothing to agree to until there are goals: no empty versions of the plan.
    has_goals = selectors.has_current_goals(person)
    if has_goals and request.method == "POST" and form.is_valid():
        try:
            plan_services.record_agreement(
                person=person,
                actor=request.actor,
                agreement=form.cleaned_data["agreement"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            agreed = form.cleaned_data["agreement"] == "agreed"
            messages.success(
                request,
                "Thank you. You agreed to your plan"
                if agreed
                else "Thank you. Your case manager will talk to you about it",
            )
            return redirect("portal:plan")
    context = {"person": person, "form": form, "has_goals": has_goals}
    return render(request, "portal/plan_agree.html", context)
