"""The risk screen's sign-off and publication per channel: the co-creation lead's pages.

Publishing is part of curating (``Capability.CURATE_STORIES``), not a duty of its own: the lead
who chose the excerpts and grouped them into insights is the one who knows what they say and
answers for their use; a separate capability would today be granted to the same role. The
sign-off is the lead's too (or another curator's): never the person who screened the story.
"""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mydirection.access import guard
from mydirection.cocreation import selectors
from mydirection.cocreation.models import Channel
from mydirection.cocreation.services import publication, stories
from mydirection.cocreation.views.common import curated, curates, form_page
from mydirection.http import StaffRequest


def _channel(value: str) -> Channel:
    if value not in Channel.values:
        raise Http404
    return Channel(value)


@require_http_methods(["GET", "POST"])
def sign_off(request: StaffRequest, story_id: UUID) -> HttpResponse:
    found, story_actor = guard.story_for(request, story_id, what="Story risk screen")
    if not curates(request):
        raise Http404
    refusal = selectors.sign_off_refusal(request.user, found)
    back = reverse("cocreation:story", kwargs={"story_id": found.pk})
    if request.method == "POST" and not refusal:
        try:
            stories.sign_off(actor=story_actor, story=found)
        except ValidationError as refused:
            refusal = " ".join(refused.messages)
        else:
            messages.success(request, "The risk screen is signed off: the story may be used")
            return redirect(back)
    return form_page(
        request,
        None,
        heading="Sign off the risk screen",
        caption=found.title,
        intro="Read the story as outputs show it. Sign off only if nobody who was harmed can be "
        "identified, there are no offence details and nothing could breach licence conditions.",
        button="" if refusal else "Sign off the risk screen",
        back=back,
        back_text="Back to the story",
        refusal=refusal,
        transcript=selectors.redacted_transcript(found),
    )


@require_safe
def page(request: StaffRequest, group_id: UUID, channel: str) -> HttpResponse:
    group = curated(request, group_id)
    plan = selectors.publication_plan(group, _channel(channel))
    guard.cocreation_consulted(request, "Stories for publication", plan.storyteller_ids)
    return render(
        request,
        "cocreation/publication.html",
        {
            "group": group,
            "plan": plan,
            "channels": Channel.choices,
            "earlier": selectors.publications_of(group),
        },
    )


@require_POST
def download(request: StaffRequest, group_id: UUID, channel: str) -> HttpResponse:
    group = curated(request, group_id)
    chosen = _channel(channel)
    try:
        made, plan = publication.publish(
            actor=guard.cocreation_actor(request.user), group=group, channel=chosen
        )
    except ValidationError as refused:
        messages.warning(request, " ".join(refused.messages))
        return redirect("cocreation:publication", group_id=group.pk, channel=chosen.value)
    handout = render_to_string(
        "cocreation/publication_handout.html",
        {"group": group, "plan": plan, "made": made},
    )
    response = HttpResponse(handout, content_type="text/html; charset=utf-8")
    name = f"stories-{chosen.value}-{timezone.localdate():%Y-%m-%d}.html"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
