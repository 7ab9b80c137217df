"""The staff page for one's own API tokens: make one (its secret shown once), revoke one."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mydirection.access.actor import StaffActor
from mydirection.access.guard import requires
from mydirection.access.policy import Capability
from mydirection.api import selectors, services
from mydirection.api.forms import TokenForm
from mydirection.forms import add_errors
from mydirection.http import StaffRequest

# The new token's secret waits in the session for the one page that shows it.
_JUST_MADE = "api_token_secret"


@require_http_methods(["GET", "POST"])
@requires(Capability.USE_THE_API)
def tokens(request: StaffRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(
                actor=StaffActor.about_no_person(request.user),
                owner=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session[_JUST_MADE] = {"id": str(token.pk), "secret": secret}
            return redirect("api-tokens:list")
    new = request.session.pop(_JUST_MADE, None)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": selectors.tokens_of(request.user),
            "new": new,
            "now": timezone.now(),
        },
    )


@require_POST
@requires(Capability.USE_THE_API)
def revoke(request: StaffRequest, token_id: UUID) -> HttpResponse:
    token = selectors.token_of(request.user, token_id)
    if token is None:
        raise Http404
    services.revoke_token(actor=StaffActor.about_no_person(request.user), token=token)
    messages.success(request, f"The token '{token.name}' no longer works.")
    return redirect("api-tokens:list")
