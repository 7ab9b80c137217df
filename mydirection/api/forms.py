from django import forms

from mydirection.api import tokens
from mydirection.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, the name of the system that will use it",
        max_length=100,
        error_messages={"required": "Enter what the token is for"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it read?",
        help_text="Only the people you may open yourself, whatever you choose",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the token may read"},
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=[(days, f"{days} days") for days in tokens.DAY_CHOICES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long the token should last"},
    )
