from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import selectors, services
from mydirection.access.forms import (
    DATA_PROTECTION_REASONS,
    TEAM_REASONS,
    AccessLogSearchForm,
    ExclusionForm,
    JustificationForm,
    RestrictionForm,
)
from mydirection.access.guard import person_for, remember_justification, requires
from mydirection.access.policy import (
    Action,
    Capability,
    Relation,
    needs_a_reason,
    relation_of,
    visible_to,
    with_limited_access,
)
from mydirection.http import StaffRequest
from mydirection.people.models import Person


@require_http_methods(["GET", "POST"])
def justify(request: StaffRequest, person_id: UUID) -> HttpResponse:
    """Ask why someone outside the caseload needs a record, before they see any of it.

    Colleagues in the team give a reason to open it; the data protection officer gives one
    to see its access log. Nobody else reaches this page.
    """
    person = with_limited_access(Person.objects.all(), request.user).filter(pk=person_id).first()
    if person is None or not needs_a_reason(request.user, person):
        raise Http404
    for_data_protection = relation_of(request.user, person) is Relation.DATA_PROTECTION
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = JustificationForm(
        request.POST if request.method == "POST" else None,
        reasons=DATA_PROTECTION_REASONS if for_data_protection else TEAM_REASONS,
    )
    if request.method == "POST" and form.is_valid():
        remember_justification(request, person.pk, form.justification)
        if next_url:
            return redirect(next_url)
        return redirect(
            "access:person-log" if for_data_protection else "people:overview", person.pk
        )
    # Only the case reference is shown here: the record itself waits for the reason.
    return render(
        request,
        "access/justify.html",
        {
            "form": form,
            "case_reference": person.case_reference,
            "next": next_url,
            "for_data_protection": for_data_protection,
        },
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.AUDIT_ACCESS)
def log_search(request: StaffRequest) -> HttpResponse:
    """The data protection officer finds a person's access log by case reference."""
    form = AccessLogSearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = (
            visible_to(request.user)
            .filter(case_reference=form.cleaned_data["case_reference"].strip().upper())
            .first()
        )
        if person is None:
            form.add_error("case_reference", "No person has this case reference number")
        else:
            remember_justification(request, person.pk, form.cleaned_data["justification"])
            return redirect("access:person-log", person.pk)
    return render(request, "access/log_search.html", {"form": form})


@require_safe
@requires(Capability.AUDIT_ACCESS)
def person_log(request: StaffRequest, person_id: UUID) -> HttpResponse:
    """Who viewed or changed this person's record, when, and why."""
    person, _ = person_for(request, person_id, action=Action.VIEW_ACCESS_LOG, what="Access log")
    page = Paginator(selectors.entries_about(person), 100).get_page(request.GET.get("page"))
    return render(request, "access/person_log.html", {"person": person, "page": page})


@require_http_methods(["GET", "POST"])
@requires(Capability.AUDIT_ACCESS)
def access_rules(request: StaffRequest, person_id: UUID) -> HttpResponse:
    """The data protection officer excludes staff from a case, or restricts it to named staff."""
    person, actor = person_for(
        request, person_id, action=Action.MANAGE_ACCESS_RULES, what="Restricted-case rules"
    )
    kind = request.POST.get("kind")
    exclusion_form = ExclusionForm(request.POST if kind == "exclusion" else None, prefix="ex")
    restriction_form = RestrictionForm(
        request.POST if kind == "restriction" else None, prefix="re", team_id=person.team_id
    )
    if kind == "exclusion" and exclusion_form.is_valid():
        services.exclude(
            actor=actor,
            person=person,
            user=exclusion_form.cleaned_data["user"],
            reason=exclusion_form.cleaned_data["reason"],
            message=exclusion_form.cleaned_data["message"],
            ends_at=exclusion_form.ends_at(),
        )
        messages.success(request, "Exclusion added")
        return redirect("access:rules", person.pk)
    if kind == "restriction" and restriction_form.is_valid():
        services.restrict(
            actor=actor,
            person=person,
            allowed=list(restriction_form.cleaned_data["allowed"]),
            reason=restriction_form.cleaned_data["reason"],
            message=restriction_form.cleaned_data["message"],
            ends_at=restriction_form.ends_at(),
        )
        messages.success(request, "Restriction set")
        return redirect("access:rules", person.pk)
    context = {
        "person": person,
        "exclusions": selectors.exclusions(person),
        "restriction": selectors.restriction(person),
        "exclusion_form": exclusion_form,
        "restriction_form": restriction_form,
        "now": timezone.now(),
    }
    return render(request, "access/rules.html", context)


@require_POST
@requires(Capability.AUDIT_ACCESS)
def end_rule(request: StaffRequest, person_id: UUID, rule_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.MANAGE_ACCESS_RULES, what="Restricted-case rules"
    )
    exclusion = selectors.exclusions(person).filter(pk=rule_id).first()
    restriction = selectors.restriction(person)
    if exclusion is not None:
        services.end_exclusion(actor=actor, exclusion=exclusion)
    elif restriction is not None and restriction.pk == rule_id:
        services.end_restriction(actor=actor, restriction=restriction)
    else:
        raise Http404
    messages.success(request, "Ended")
    return redirect("access:rules", person.pk)
