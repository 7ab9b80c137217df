"""Co-creation in the person's app: "you said, we did" (every change the service made from
what people told it, with the ones their own stories led to marked), and, for a co-analyst,
the consented, screened and redacted excerpts of the group they analyse."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mydirection.access.log import record_many
from mydirection.access.models import Operation
from mydirection.cocreation import selectors
from mydirection.portal.session import PortalRequest, portal_view


@require_safe
@portal_view("App: you said, we did")
def you_said_we_did(request: PortalRequest) -> HttpResponse:
    changes = selectors.changes_for_person(request.person)
    co_analyst = selectors.co_analyst_groups(request.person).exists()
    return render(
        request,
        "portal/you_said_we_did.html",
        {"changes": changes, "co_analyst": co_analyst},
    )


@require_safe
@portal_view("App: analysing stories")
def analyse(request: PortalRequest) -> HttpResponse:
    groups = list(selectors.co_analyst_groups(request.person))
    if not groups:
        raise Http404
    shown = [(group, selectors.co_analyst_excerpts(request.person, group)) for group in groups]
    others = [
        e.story.storyteller_person_id
        for _, excerpts in shown
        for e in excerpts
        if e.story.storyteller_person_id not in (None, request.person.pk)
    ]
    if others:
        record_many(
            actor=request.actor,
            operation=Operation.CONSULT,
            what="App: analysing stories (excerpts)",
            subject_ids=list(dict.fromkeys(others)),
        )
    return render(request, "portal/analyse.html", {"shown": shown})
