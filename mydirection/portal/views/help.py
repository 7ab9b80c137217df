"""Things that can help me (/my/help/): what the person's office offers, in plain words; the
referrals that were sent for them, with where each is in plain words; and, for each offer, a
page with an "I'm interested" button that tells their case manager
(``interventions.services.referrals.express_interest``).

Only the person's own office's interventions: another office's is a 404. The case manager's
suitability decisions, reasons and notes, and the provider's, never show here.
"""

from dataclasses import dataclass
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.forms import add_errors
from mydirection.interventions import selectors as intervention_selectors
from mydirection.interventions.models import Availability, Interest, Intervention, Referral, Status
from mydirection.interventions.services import referrals as referral_services
from mydirection.portal import selectors
from mydirection.portal.forms import InterestForm
from mydirection.portal.session import PortalRequest, portal_view


@dataclass(frozen=True)
class Plain:
    tag: str
    colour: str
    text: str


# Where a referral is, as the person reads it.
PLAIN_STATUS: dict[str, Plain] = {
    Status.SENT: Plain(
        "Waiting", "blue", "We asked if you can join. We are waiting for an answer."
    ),
    Status.ACCEPTED: Plain("Yes", "turquoise", "They said yes. You can start soon."),
    Status.DECLINED: Plain(
        "Not now", "grey", "They cannot take you now. Ask your case manager what else can help."
    ),
    Status.STARTED: Plain("Started", "green", "You have started. Keep going."),
    Status.COMPLETED: Plain("Finished", "green", "You finished it. Well done."),
    Status.ENDED_EARLY: Plain("Stopped", "grey", "It stopped before the end."),
    Status.WITHDRAWN: Plain("Stopped", "grey", "It did not go ahead."),
}


@dataclass(frozen=True)
class MyReferral:
    referral: Referral
    plain: Plain


@dataclass(frozen=True)
class Offer:
    intervention: Intervention
    interest: Interest | None
    referral: MyReferral | None


def _mine(referral: Referral) -> MyReferral:
    return MyReferral(referral, PLAIN_STATUS[referral.status])


@require_safe
@portal_view("App: things that can help me")
def help_list(request: PortalRequest) -> HttpResponse:
    person = request.person
    referrals = [_mine(referral) for referral in selectors.my_referrals(person)]
    open_referrals = {
        mine.referral.intervention_id: mine for mine in referrals if mine.referral.is_open
    }
    interests = {i.intervention_id: i for i in intervention_selectors.interests_of(person)}
    offers = [
        Offer(intervention, interests.get(intervention.pk), open_referrals.get(intervention.pk))
        for intervention in intervention_selectors.open_for(person)
    ]
    context = {"person": person, "offers": offers, "referrals": referrals}
    return render(request, "portal/help.html", context)


@require_http_methods(["GET", "POST"])
@portal_view("App: something that can help me")
def interested(request: PortalRequest, intervention_id: UUID) -> HttpResponse:
    person = request.person
    intervention = selectors.my_intervention(person, intervention_id)
    if intervention is None:
        raise Http404
    taking_people = intervention_selectors.availability_today(intervention) == Availability.OPEN
    interest = intervention_selectors.interests_of(person).filter(intervention=intervention).first()
    referral = next(
        (
            _mine(referral)
            for referral in selectors.my_referrals(person).filter(intervention=intervention)
            if referral.is_open
        ),
        None,
    )
    # Nothing to ask for when it is full or paused, or already asked for, or already theirs.
    can_ask = taking_people and interest is None and referral is None
    form = InterestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and can_ask and form.is_valid():
        try:
            referral_services.express_interest(
                actor=request.actor, intervention=intervention, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you. We told your case manager you are interested")
            return redirect("portal:help")
    context = {
        "person": person,
        "intervention": intervention,
        "taking_people": taking_people,
        "interest": interest,
        "referral": referral,
        "can_ask": can_ask,
        "form": form,
    }
    return render(request, "portal/help_intervention.html", context)
