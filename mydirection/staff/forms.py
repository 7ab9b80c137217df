from typing import Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from mydirection.forms import GovUKDateField
from mydirection.staff.models import (
    CASE_HOLDING_ROLES,
    Organisation,
    Team,
    TrainingCourse,
    User,
)


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Speak to your administrator",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false", "class": "govuk-input"}
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "govuk-input"}
        )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Security code",
        regex=r"^\s*\d{6}\s*$",
        help_text="The 6-digit code from your authenticator app",
        error_messages={
            "required": "Enter the 6-digit security code",
            "invalid": "The security code must be 6 digits",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input govuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    @property
    def token(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class StaffForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "username",
            "email",
            "role",
            "team",
            "organisation",
            "job_title",
        ]
        widgets = {"role": forms.RadioSelect}
        labels = {
            "username": "Username",
            "email": "Work email address",
            "organisation": "Partner organisation",
        }
        help_texts = {
            "username": "Letters, numbers and . _ - only. For example jo.bloggs",
            "organisation": "Only for a partner organisation worker: the organisation whose "
            "referrals they see",
        }
        error_messages = {
            "first_name": {"required": "Enter their first name"},
            "last_name": {"required": "Enter their last name"},
            "username": {
                "required": "Enter a username",
                "unique": "Someone already has this username",
            },
            "role": {"required": "Select their role"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        team = cast(forms.ModelChoiceField[Team], self.fields["team"])
        team.queryset = Team.objects.select_related("office")
        team.empty_label = "No team"
        organisation = cast(forms.ModelChoiceField[Organisation], self.fields["organisation"])
        organisation.empty_label = "No organisation"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") in CASE_HOLDING_ROLES and not cleaned.get("team"):
            self.add_error("team", "Select a team: case managers hold a team's cases")
        return cleaned


class StaffStatusForm(forms.Form):
    is_active = forms.TypedChoiceField(
        label="Can they sign in?",
        choices=[("True", "Yes"), ("False", "No, switch the account off")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )


class TrainingForm(forms.Form):
    course = forms.ChoiceField(
        label="Course",
        choices=TrainingCourse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the course"},
    )
    completed_on = GovUKDateField(label="Date completed", not_future=True)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right",
        "password_mismatch": "The two new passwords do not match",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. A few unrelated words make a strong password"
        self.fields["new_password2"].label = "New password again"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
