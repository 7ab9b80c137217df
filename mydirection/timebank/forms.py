"""The Time Bank's forms. They read what was typed; the rules (conditions, balances, who may
confirm) live in ``rules`` and the services, whose refusals go on the form with
``mydirection.forms.add_errors``. The words are plain: members, coordinators and people on
probation read the same forms, and none of them says probation."""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from mydirection.forms import GovUKDateField
from mydirection.interventions.models import Condition
from mydirection.staff.models import User
from mydirection.timebank import rules
from mydirection.timebank.models import ListingKind, Member, MemberKind, Place, Skill
from mydirection.timebank.services.joining import EXISTING_ACCOUNT, NEW_ACCOUNT, NO_ACCOUNT


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def _member_choices(members: Iterable[Member]) -> list[tuple[str, str]]:
    return [(str(m.pk), f"{m.name} (member {m.number})") for m in members]


class MemberChoiceField(forms.ChoiceField):
    """A member of the bank, chosen from ``members`` (set by the form)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members: dict[str, Member] = {}

    def offer(self, members: Iterable[Member], blank: str = "") -> None:
        self.members = {str(m.pk): m for m in members}
        choices: list[tuple[str, str]] = [("", blank)] if blank else []
        self.choices = choices + _member_choices(self.members.values())

    def member(self, value: str) -> Member | None:
        return self.members.get(value)


class MembersChoiceField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members: dict[str, Member] = {}

    def offer(self, members: Iterable[Member]) -> None:
        self.members = {str(m.pk): m for m in members}
        self.choices = _member_choices(self.members.values())

    def chosen(self, values: Sequence[str]) -> list[Member]:
        return [self.members[v] for v in values if v in self.members]


def _one(form: forms.BaseForm, name: str) -> MemberChoiceField:
    return cast(MemberChoiceField, form.fields[name])


def _many(form: forms.BaseForm, name: str) -> MembersChoiceField:
    return cast(MembersChoiceField, form.fields[name])


# --- Offers and requests ---------------------------------------------------------------------

ANY = ("", "Any")


class SearchForm(forms.Form):
    kind = forms.ChoiceField(
        label="Offers or requests",
        choices=[("", "Both"), *ListingKind.choices],
        required=False,
    )
    skill = forms.ChoiceField(label="Skill", choices=[ANY, *Skill.choices], required=False)
    area = forms.CharField(
        label="Area",
        help_text="For example, a part of town",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


GROUP_CHOICES = [("no", "One-to-one"), ("yes", "A group activity, for several people at once")]


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Do you offer this, or ask for it?",
        choices=[(ListingKind.OFFER, "I offer it"), (ListingKind.REQUEST, "I would like it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you offer this or ask for it"},
    )
    skill = forms.ChoiceField(
        label="What kind of skill?",
        choices=[("", "Choose a skill"), *Skill.choices],
        error_messages={"required": "Select the kind of skill"},
    )
    title = forms.CharField(
        label="Say in a few words what it is",
        help_text="For example, 'Help in your garden' or 'Learn to paint'",
        max_length=120,
        error_messages={
            "required": "Say in a few words what it is",
            "max_length": "Use 120 characters or fewer",
        },
    )
    description = forms.CharField(
        label="More about it",
        help_text="Optional",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 1000 characters or fewer"},
    )
    is_group = forms.ChoiceField(
        label="One-to-one or a group?",
        choices=GROUP_CHOICES,
        initial="no",
        widget=forms.RadioSelect,
        error_messages={"required": "Select one-to-one or a group"},
    )
    place = forms.ChoiceField(
        label="Where?",
        choices=Place.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where it happens"},
    )
    area = forms.CharField(
        label="Area",
        help_text="Optional. Where in town",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def __init__(self, *args: Any, members: Iterable[Member] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if members is not None:
            # The coordinator lists for a member without a phone.
            field = MemberChoiceField(
                label="For which member?", error_messages={"required": "Select the member"}
            )
            field.offer(members, blank="Choose a member")
            self.fields = {"member": field, **self.fields}

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "skill": data["skill"],
            "title": data["title"],
            "description": data["description"],
            "is_group": data["is_group"] == "yes",
            "place": data["place"],
            "area": data["area"],
        }

    @property
    def chosen_member(self) -> Member | None:
        field = self.fields.get("member")
        if not isinstance(field, MemberChoiceField):
            return None
        return field.member(self.cleaned_data.get("member", ""))


class TimeForm(forms.Form):
    """When, how long and where: the hours and minutes make whole minutes
    (``rules.minutes_of``, whose message goes by the minutes)."""

    happens_on = GovUKDateField(
        label="Which day?", subject="The day", help_text="For example, 27 3 2026"
    )
    hours = forms.IntegerField(
        label="Hours",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "invalid": "Hours must be a number",
            "min_value": "Hours cannot be less than 0",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={
            "invalid": "Minutes must be a number",
            "min_value": "The time cannot be less than 0",
        },
    )
    place = forms.ChoiceField(
        label="Where?",
        choices=Place.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where it happens"},
    )
    involves_children = forms.BooleanField(label="Children will be there", required=False)
    description = forms.CharField(
        label="What will happen",
        help_text="Optional. For example, 'Weeding the front garden'",
        max_length=200,
        required=False,
        error_messages={"max_length": "Use 200 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "hours" in cleaned and "minutes" in cleaned:
            try:
                cleaned["total"] = rules.minutes_of(cleaned["hours"], cleaned["minutes"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return cleaned

    def time_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "happens_on": data["happens_on"],
            "minutes": data["total"],
            "place": data["place"],
            "involves_children": data["involves_children"],
            "description": data["description"],
        }


class ProposeForm(TimeForm):
    def __init__(self, *args: Any, members: Iterable[Member] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if members is not None:
            field = MemberChoiceField(
                label="Which member takes it up?",
                error_messages={"required": "Select the member"},
            )
            field.offer(members, blank="Choose a member")
            self.fields = {"member": field, **self.fields}

    @property
    def chosen_member(self) -> Member | None:
        field = self.fields.get("member")
        if not isinstance(field, MemberChoiceField):
            return None
        return field.member(self.cleaned_data.get("member", ""))


class JoinAsForm(forms.Form):
    """The coordinator signs a member up to a group session."""

    member = MemberChoiceField(
        label="Which member joins?", error_messages={"required": "Select the member"}
    )

    def __init__(self, *args: Any, members: Iterable[Member], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _one(self, "member").offer(members, blank="Choose a member")

    @property
    def chosen(self) -> Member | None:
        return _one(self, "member").member(self.cleaned_data["member"])


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        help_text="The others in the exchange read this",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the exchange is cancelled",
            "max_length": "Use 300 characters or fewer",
        },
    )


class ProfileForm(forms.Form):
    version = _version()
    profile = forms.CharField(
        label="About you",
        help_text="In your own words: what you enjoy, what you are good at",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Use 1000 characters or fewer"},
    )
    availability = forms.CharField(
        label="When are you free?",
        help_text="For example, 'Weekday mornings'",
        max_length=200,
        required=False,
        error_messages={"max_length": "Use 200 characters or fewer"},
    )
    area = forms.CharField(
        label="Area",
        help_text="Where in town you are happy to go",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    phone = forms.CharField(
        label="Phone",
        help_text="Optional. The coordinator uses it to arrange things",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Email",
        help_text="Optional",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )


# --- The coordinator's forms -------------------------------------------------------------


class AddMemberForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who are they?",
        choices=[
            (MemberKind.COMMUNITY, "A member of the community"),
            (MemberKind.VOLUNTEER, "A volunteer"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a community member or a volunteer"},
    )
    first_name = forms.CharField(
        label="First name",
        max_length=60,
        error_messages={"required": "Enter their first name"},
    )
    last_initial = forms.CharField(
        label="First letter of their last name",
        help_text="Other members see their first name and this letter only",
        max_length=1,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2"}),
        error_messages={"max_length": "Enter one letter"},
    )
    phone = ProfileForm.base_fields["phone"]
    email = ProfileForm.base_fields["email"]
    area = ProfileForm.base_fields["area"]
    profile = forms.CharField(
        label="About them",
        help_text="Optional. In their own words",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    availability = ProfileForm.base_fields["availability"]
    account = forms.ChoiceField(
        label="How will they use the Time Bank?",
        choices=[
            (NO_ACCOUNT, "Through you: you record their exchanges"),
            (NEW_ACCOUNT, "With an account of their own (a community member)"),
            (EXISTING_ACCOUNT, "With the account they already have (a volunteer)"),
        ],
        initial=NO_ACCOUNT,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they will use the Time Bank"},
    )
    username = forms.CharField(
        label="Username for their new account",
        help_text="They sign in with it, a password and a code from an app on their phone",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    user = forms.ChoiceField(label="Their account", required=False)

    def __init__(self, *args: Any, accounts: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.accounts = {str(u.pk): u for u in accounts}
        self.fields["user"].choices = [  # type: ignore[attr-defined]
            ("", "Choose their account"),
            *((key, f"{u.display_name} ({u.username})") for key, u in self.accounts.items()),
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "first_name": data["first_name"],
            "last_initial": data["last_initial"],
            "account": data["account"],
            "username": data["username"],
            "user": self.accounts.get(data["user"] or ""),
            "phone": data["phone"].strip(),
            "email": data["email"].strip(),
            "area": data["area"].strip(),
            "profile": data["profile"].strip(),
            "availability": data["availability"].strip(),
        }


class ConditionsForm(forms.Form):
    version = _version()
    conditions = forms.MultipleChoiceField(
        label="Conditions for taking part",
        help_text="Exchanges that break a condition are refused. Select all that apply",
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    no_contact_with = MembersChoiceField(
        label="Members they must not be matched with",
        help_text="Needed for 'No contact with named people'",
        required=False,
    )

    def __init__(self, *args: Any, others: Iterable[Member], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _many(self, "no_contact_with").offer(others)

    @property
    def chosen_others(self) -> list[Member]:
        return _many(self, "no_contact_with").chosen(self.cleaned_data["no_contact_with"])


class JoinReferralForm(forms.Form):
    first_name = AddMemberForm.base_fields["first_name"]
    last_initial = AddMemberForm.base_fields["last_initial"]
    phone = ProfileForm.base_fields["phone"]
    email = ProfileForm.base_fields["email"]
    no_contact_with = MembersChoiceField(
        label="Members they must not be matched with",
        help_text="The members named in the referral's conditions, if any are members",
        required=False,
    )

    def __init__(self, *args: Any, others: Iterable[Member], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _many(self, "no_contact_with").offer(others)

    @property
    def chosen_others(self) -> list[Member]:
        return _many(self, "no_contact_with").chosen(self.cleaned_data["no_contact_with"])


class RecordExchangeForm(TimeForm):
    """An exchange that happened between members without phones."""

    giver = MemberChoiceField(
        label="Who gave the time?", error_messages={"required": "Select who gave the time"}
    )
    receivers = MembersChoiceField(
        label="Who received it?",
        help_text="More than one for a group activity",
        error_messages={"required": "Select who received the time"},
    )
    skill = ListingForm.base_fields["skill"]
    is_group = forms.BooleanField(label="It was a group activity", required=False)

    field_order = ("giver", "receivers", "skill", "is_group", "happens_on", "hours", "minutes")

    def __init__(self, *args: Any, members: Sequence[Member], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _one(self, "giver").offer(members, blank="Choose a member")
        _many(self, "receivers").offer(members)
        self.fields["happens_on"].label = "Which day was it?"
        self.fields["description"].label = "What happened"

    def exchange_values(self) -> dict[str, Any]:
        giver, receivers = _one(self, "giver"), _many(self, "receivers")
        data = self.cleaned_data
        values = self.time_values()
        skill_label = Skill(data["skill"]).label
        return values | {
            "giver": giver.member(data["giver"]),
            "receivers": receivers.chosen(data["receivers"]),
            "skill": data["skill"],
            "is_group": data["is_group"],
            "description": values["description"] or skill_label,
        }
