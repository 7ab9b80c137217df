"""Staff sign-in: a password, then a time-based code from an authenticator app."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mydirection.staff.models import User

View = TypeVar("View", bound=Callable[..., object])


def before_second_factor(view: View) -> View:
    """Mark a view as reachable by a signed-in user who has not yet given their code."""
    view.before_second_factor = True  # type: ignore[attr-defined]
    return view


def confirmed_device(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def unconfirmed_device(user: User) -> TOTPDevice:
    """The device being set up; made afresh if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def demo_code(device: TOTPDevice) -> str | None:
    """The current code, shown on the sign-in page only in the demo (refused in production)."""
    if not settings.DEMO_MODE:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
