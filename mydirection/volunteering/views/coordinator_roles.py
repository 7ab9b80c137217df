"""The role catalogue: each role's check level, training, supervision, and whether it is a
peer mentor or circle role. Changing one is a versioned edit (two coordinators cannot
overwrite each other); volunteers who hold it keep it."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import requires
from mydirection.http import StaffRequest
from mydirection.versioning import attempt, with_current_version
from mydirection.volunteering import coordinator_selectors as selectors
from mydirection.volunteering.coordinator_forms import ChangeRoleForm, RoleForm, role_initial
from mydirection.volunteering.models import Course
from mydirection.volunteering.services import catalogue
from mydirection.volunteering.views.coordinator_common import (
    COORDINATE,
    actor,
    data,
    form_page,
    found,
    office,
)


@require_safe
@requires(COORDINATE)
def role_list(request: StaffRequest) -> HttpResponse:
    office(request)
    rows = [(role, [Course(c).label for c in role.training]) for role in selectors.roles()]
    return render(request, "volunteering/coordinator/roles.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def add_role(request: StaffRequest) -> HttpResponse:
    office(request)
    form = RoleForm(data(request), initial={"supervision_days": 42})
    if request.method == "POST" and form.is_valid():
        outcome = attempt(form, lambda: catalogue.add_role(actor=actor(request), **form.values()))
        if outcome.done:
            messages.success(request, f"The role {outcome.value.name} is in the catalogue")
            return redirect("volunteering:roles")
    return form_page(
        request,
        form,
        heading="Add a role",
        button="Add the role",
        back=reverse("volunteering:roles"),
        back_text="Back to roles",
    )


@require_http_methods(["GET", "POST"])
@requires(COORDINATE)
def change_role(request: StaffRequest, role_id: UUID) -> HttpResponse:
    office(request)
    role = found(selectors.role_in(role_id))
    form = ChangeRoleForm(data(request), initial=role_initial(role))
    stale = False
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"] or 0
        outcome = attempt(
            form,
            lambda: catalogue.change_role(
                actor=actor(request), role=role, expected_version=version, **form.values()
            ),
        )
        if outcome.done:
            messages.success(request, f"The role {form.cleaned_data['name']} is saved")
            return redirect("volunteering:roles")
        if outcome.stale:
            role.refresh_from_db()
            form = ChangeRoleForm(with_current_version(request, role.version))
            form.is_valid()
            stale = True
    return form_page(
        request,
        form,
        heading=f"Change the role {role.name}",
        intro="Volunteers who hold the role keep it. What it takes applies to those given it "
        "from now on.",
        button="Save the role",
        stale=stale,
        back=reverse("volunteering:roles"),
        back_text="Back to roles",
    )
