from django import forms

from mydirection.messaging.services import MAX_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your message",
            "max_length": f"Your message must be {MAX_LENGTH} characters or less",
        },
    )

    def __init__(self, *args: object, label: str = "Your message", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["text"].label = label
