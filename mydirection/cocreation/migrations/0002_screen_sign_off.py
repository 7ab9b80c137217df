"""The risk screen's sign-off by a second person.

Screens saved before the rule existed: a passed screen is signed off, as of its screening, by a
co-creation lead who curates the story's group (an active programme manager of the group's
office or of no team, as ``access.policy.curated_groups`` reads) and is not the screener. When
there is none, the screen stays unsigned and the story waits for a sign-off before its next use.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def sign_off_past_screens(apps, schema_editor):  # type: ignore[no-untyped-def]
    Screen = apps.get_model("cocreation", "Screen")
    User = apps.get_model("staff", "User")
    # The role that holds CURATE_STORIES (access.policy.CAPABILITIES) when this was written.
    leads = list(
        User.objects.filter(role="programme_manager", is_active=True)
        .select_related("team")
        .order_by("username")
    )
    screens = Screen.objects.filter(
        no_victims=True, no_offence_details=True, no_licence_breach=True, signed_off_by=None
    ).select_related("story__group")
    for screen in screens:
        office_id = screen.story.group.office_id
        signer = next(
            (
                lead
                for lead in leads
                if lead.pk != screen.screened_by_id
                and (lead.team_id is None or lead.team.office_id == office_id)
            ),
            None,
        )
        if signer is not None:
            screen.signed_off_by = signer
            screen.signed_off_at = screen.screened_at
            screen.save(update_fields=["signed_off_by", "signed_off_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('cocreation', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='screen',
            name='signed_off_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='screen',
            name='signed_off_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(sign_off_past_screens, migrations.RunPython.noop),
    ]
