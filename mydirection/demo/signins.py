"""The demo's sign-ins: one random password for every demo member of staff, kept in
``var/demo-sign-ins.txt`` (``var/`` is never committed) with the personas' usernames, and a
person on probation's sign-in to the app (the number or email address to type, and their PIN).

The password and the PIN are made once, on the first load, and reused by later loads so that
a rebuilt demo keeps what people have already noted.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FILE_NAME = "demo-sign-ins.txt"
# Where `make demo` serves unless told otherwise (scripts/demo.sh sets MYDIRECTION_DEMO_ADDRESS).
DEFAULT_ADDRESS = "127.0.0.1:8000"
# Letters and digits that cannot be mistaken for one another when read off a screen.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class SignIn:
    persona: str  # a key of organisation.PERSONAS
    role: str  # what the persona shows, for people reading the table
    name: str
    username: str


@dataclass(frozen=True)
class AppSignIn:
    """A person on probation's sign-in to the app."""

    name: str
    case_manager: str
    contact: str  # what to type on the app's sign-in page: their mobile number or email
    pin: str


@dataclass(frozen=True)
class Sheet:
    password: str
    sign_ins: tuple[SignIn, ...]
    app: AppSignIn | None = None


def sheet_path() -> Path:
    return Path(settings.VAR_DIR) / FILE_NAME


def new_password() -> str:
    """Four groups of four, like ``k7mq-x2ra-9fdt-pw3e``: 16 random characters (about 79
    bits), at least 12 long as the password rules ask, and easy to type."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def read(path: Path) -> Sheet | None:
    if not path.exists():
        return None
    password = ""
    sign_ins: list[SignIn] = []
    app: AppSignIn | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if parts[0] == "password" and len(parts) == 2:
            password = parts[1]
        elif parts[0] == "sign-in" and len(parts) == 5:
            sign_ins.append(SignIn(*parts[1:]))
        elif parts[0] == "app-sign-in" and len(parts) == 5:
            app = AppSignIn(*parts[1:])
    return Sheet(password, tuple(sign_ins), app) if password else None


def password_for_load(path: Path) -> str:
    """The password of an earlier load, or a new one."""
    sheet = read(path)
    return sheet.password if sheet else new_password()


def pin_for_load(path: Path) -> str | None:
    """The app PIN of an earlier load, if there was one."""
    sheet = read(path)
    return sheet.app.pin if sheet and sheet.app else None


def write(path: Path, sheet: Sheet) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# MyDirection demo sign-ins. Demo data only: never reuse this password anywhere.",
        "# Written by `mydirection demo-data`; the fields are separated by tabs.",
        f"password\t{sheet.password}",
        *(f"sign-in\t{s.persona}\t{s.role}\t{s.name}\t{s.username}" for s in sheet.sign_ins),
    ]
    if sheet.app is not None:
        app = sheet.app
        lines.append(f"app-sign-in\t{app.name}\t{app.case_manager}\t{app.contact}\t{app.pin}")
    # Readable by its owner only: it holds a password.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    path.chmod(0o600)


def table(sheet: Sheet) -> str:
    """The sign-in table as plain text."""
    header = ("Role", "Name", "Username", "Password")
    rows = [(s.role, s.name, s.username, sheet.password) for s in sheet.sign_ins]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]

    def line(row: tuple[str, str, str, str]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def app_line(app: AppSignIn, address: str) -> str:
    """How to try the person's app (its code page shows the code in the demo)."""
    return (
        f"The app, as {app.name} (a person on probation on {app.case_manager}'s caseload):\n"
        f"  open http://{address}/my/ and type {app.contact}, then the code the demo shows "
        f"and the PIN {app.pin}."
    )
