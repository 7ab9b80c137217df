"""Steps shared by browser tests: signing in as a person would, with the real second factor."""

from typing import Any

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from mydirection.staff.models import User
from mydirection.testing import PASSWORD


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(page: Any, base_url: str, user: User) -> None:
    """Password, then the authenticator code, through the real pages."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    # A code is accepted once (replay protection); a test signing in twice within the same
    # 30 seconds would otherwise be refused, as it should be.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out").first).to_be_visible()
    expect(page.get_by_label("Security code")).to_have_count(0)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").first.click()
