"""A partner organisation's worker: the open referrals to their organisation, and nothing
else (``access.policy.partner_referrals``)."""

from django.urls import path

from mydirection.interventions.views import partner

app_name = "partner"

urlpatterns = [
    path("", partner.referrals, name="referrals"),
    path("<uuid:referral_id>/", partner.referral, name="referral"),
    path("<uuid:referral_id>/respond/", partner.respond, name="respond"),
    path("<uuid:referral_id>/session/", partner.session, name="session"),
    path("<uuid:referral_id>/close/", partner.close, name="close"),
]
