"""Staff pages: the outbox (development and demo only) and a person's messages."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from mydirection.access.guard import consulted, person_for
from mydirection.access.policy import Action
from mydirection.http import StaffRequest
from mydirection.notifications import selectors, services, texts
from mydirection.notifications.forms import preferences_form
from mydirection.people.record import person_context
from mydirection.versioning import StaleEdit, with_current_version


@require_safe
def outbox(request: StaffRequest) -> HttpResponse:
    """What would have been sent. Not there at all when messages really go out.

    Each user reads the messages to people they may open without giving a reason; everyone
    sees only counts of the rest (see ``selectors.outbox``).
    """
    if settings.NOTIFICATIONS_BACKEND != "outbox":
        raise Http404
    shown = selectors.outbox(request.user)
    consulted(request.user, "Notifications outbox", (message.person for message in shown))
    rows = [
        {"message": message, "text": texts.render(message.template, message.personalisation)}
        for message in shown
    ]
    return render(
        request,
        "notifications/outbox.html",
        {"rows": rows, "counts": selectors.outbox_counts()},
    )


@require_safe
def person_messages(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(request, person_id, what="Messages")
    preferences = selectors.preferences_of(person)
    context = person_context(person, actor, "notifications:person-messages")
    context |= {
        "sent": selectors.messages_of(person),
        "preferences": preferences,
        "channel": selectors.preferred_channel(person, preferences),
        "reminders_blocked": services.why_not_reminded(person, preferences),
    }
    return render(request, "notifications/person_messages.html", context)


@require_http_methods(["GET", "POST"])
def preferences(request: StaffRequest, person_id: UUID) -> HttpResponse:
    person, actor = person_for(
        request, person_id, action=Action.EDIT, what="Change contact preferences"
    )
    form = preferences_form(person, request.POST if request.method == "POST" else None)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(
                person=person,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"] or 0,
                actor=actor,
            )
        except StaleEdit:
            # Keep what they typed; the page links to the preferences as they are now.
            stale = True
            stored = selectors.preferences_of(person).version
            form = preferences_form(person, with_current_version(request, stored))
        else:
            messages.success(request, "Contact preferences saved")
            return redirect("notifications:person-messages", person.pk)
    context = person_context(person, actor, "notifications:person-messages")
    context |= {"form": form, "stale": stale}
    return render(request, "notifications/preferences_form.html", context)
