"""The forms of "Stories" in the app (``views/stories.py``): a reporter on probation captures a
story with its consent on one page; a storyteller narrows or withdraws theirs. The consent's
layers are the staff's own (``cocreation.forms.ConsentForm``), in the storyteller's words."""

from typing import Any

from django import forms

from mydirection.cocreation.forms import ConsentForm, WithdrawForm
from mydirection.cocreation.models import Technique
from mydirection.cocreation.services.app import OWN, PEER
from mydirection.uploads import files
from mydirection.uploads.forms import UploadField

TOLD_BY = [
    (OWN, "Me: it is my own story"),
    (PEER, "A peer: someone else on probation"),
    ("staff", "A member of staff"),
    ("volunteer", "A volunteer"),
    ("family", "A family or community member"),
]


class CaptureForm(ConsentForm):
    """The story first, then the layers of consent the storyteller gave."""

    title = forms.CharField(
        label="Give the story a title",
        max_length=120,
        error_messages={"required": "Enter a title", "max_length": "Use 120 characters or fewer"},
    )
    told_by = forms.ChoiceField(
        label="Whose story is it?",
        choices=TOLD_BY,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose story it is"},
    )
    storyteller_name = forms.CharField(
        label="Their first name (optional)",
        max_length=60,
        required=False,
        help_text="Only what they told you. For a peer, leave it empty to say 'A peer'",
        error_messages={"max_length": "Use 60 characters or fewer"},
    )
    technique = forms.ChoiceField(
        label="How did you capture it?",
        choices=Technique.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you captured it"},
    )
    text = forms.CharField(
        label="The story",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Type it, or add a recording below",
        error_messages={"max_length": "Use 20000 characters or fewer"},
    )
    recording = UploadField(label="A recording (optional)", required=False, kinds=files.MEDIA)
    transcript = forms.CharField(
        label="What is said in the recording (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Use 20000 characters or fewer"},
    )

    field_order = [
        "title",
        "told_by",
        "storyteller_name",
        "technique",
        "text",
        "recording",
        "transcript",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].label = "The storyteller agrees to their story being kept"
        self.fields["analysis"].label = "They agree to it being analysed"
        self.fields["workshops"].label = "They agree to it being shown in workshops"


class NarrowForm(ConsentForm):
    """The storyteller's own consent, to take uses away (``app_rules.widens`` refuses more)."""

    record = None  # type: ignore[assignment]
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["analysis"].label = "I agree to it being analysed"
        self.fields["workshops"].label = "I agree to it being shown in workshops"
        self.fields["channels"].label = "Where it may be published"
        self.fields["identification"].label = "How may we name you?"


class WithdrawStoryForm(WithdrawForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Tell us why (optional)"
