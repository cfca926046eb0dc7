from django import forms

from guides.models import Contributor

from .models import Comment


class ReplyForm(forms.ModelForm):
    """A reply in the name of an author or medical reviewer: plain text, escaped."""

    reply_by = forms.ModelChoiceField(
        queryset=Contributor.objects.all(),
        required=False,
        label="Reply in the name of",
        help_text="An author or medical reviewer; readers see their name and title.",
    )

    class Meta:
        model = Comment
        fields = ["reply_by", "reply_text"]
        widgets = {"reply_text": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply_text", "").strip() and not cleaned.get("reply_by"):
            self.add_error("reply_by", "Choose who the reply is from.")
        return cleaned
