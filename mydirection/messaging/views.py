"""Staff pages: the conversation on a person's record, the inbox, and flagged messages.

The thread is reached through ``person_for`` (so a team colleague covering for an absent
case manager gives a justification first); the inbox and the flagged list start from
``visible_to`` and log a consultation of each person they show."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import consulted, person_for, requires
from mydirection.access.policy import Action, Capability
from mydirection.forms import add_errors
from mydirection.http import StaffRequest
from mydirection.messaging import selectors, services
from mydirection.messaging.forms import MessageForm
from mydirection.people.record import person_context

TAB = "messaging:thread"


@require_http_methods(["GET", "POST"])
def thread(request: StaffRequest, person_id: UUID) -> HttpResponse:
    posting = request.method == "POST"
    person, actor = person_for(
        request,
        person_id,
        action=Action.EDIT if posting else Action.VIEW,
        what="Reply to a message" if posting else "Conversation",
    )
    form = MessageForm(request.POST if posting else None, label="Reply")
    if posting and form.is_valid():
        try:
            services.write_by_staff(
                actor=actor,
                person=person,
                text=form.cleaned_data["text"],
                link=request.build_absolute_uri(reverse("portal:messages")),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Message sent to {person.known_as}")
            return redirect(TAB, person.pk)
    if not posting:
        services.mark_read_by_staff(person, request.user)
    context = person_context(person, actor, TAB) | {
        "form": form,
        "thread": selectors.thread(person),
    }
    return render(request, "messaging/thread.html", context)


@require_safe
@requires(Capability.READ_THE_INBOX)
def inbox(request: StaffRequest) -> HttpResponse:
    people = selectors.inbox(request.user)
    consulted(request.user, "Messages inbox", people)
    context = {
        "people": people,
        "unread": sum(person.unread for person in people),  # type: ignore[attr-defined]
    }
    return render(request, "messaging/inbox.html", context)


@require_safe
@requires(Capability.READ_THE_INBOX)
def flagged(request: StaffRequest) -> HttpResponse:
    flagged_messages = selectors.flagged_for(request.user)
    consulted(request.user, "Messages to check", (message.person for message in flagged_messages))
    return render(request, "messaging/flagged.html", {"flagged_messages": flagged_messages})
