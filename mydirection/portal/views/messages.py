"""The person's messages in the app (/my/messages/): the thread with whoever holds their
case, and a box to write. Opening the page marks staff messages read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from mydirection.messaging import selectors, services
from mydirection.messaging.forms import MessageForm
from mydirection.portal.session import PortalRequest, portal_view


@require_http_methods(["GET", "POST"])
@portal_view("App: my messages")
def thread(request: PortalRequest) -> HttpResponse:
    person = request.person
    posting = request.method == "POST"
    form = MessageForm(request.POST if posting else None, label="Write a message")
    if posting and form.is_valid():
        try:
            services.write_by_person(actor=request.actor, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.message_dict.get("text", error.messages))
        else:
            messages.success(request, "Message sent")
            return redirect("portal:messages")
    if not posting:
        services.mark_read_by_person(person)
    context = {
        "person": person,
        "form": form,
        "thread": selectors.thread(person),
        "case_manager": person.case_manager,
    }
    return render(request, "portal/messages.html", context)
