"""The satisfaction survey (R28, 001 p.36): the link in the letter after the reception opens a
page with no login: a score from 1 to 5 and a comment, once per request. Stored through
``booking.domain.actions.record_satisfaction`` as the applicant's own step."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from booking.domain import actions, workflow
from booking.enums import RequestAction, RequestActor
from booking.models import ReceptionRequest

SCORES = [(score, str(score)) for score in range(5, 0, -1)]


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the reception? 5 is the best."),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (if you wish)"), max_length=500, required=False, widget=forms.Textarea
    )


@never_cache
def survey(request, number, token):
    reception_request = ReceptionRequest.objects.filter(number=number, token=token).first()
    if reception_request is None:
        raise Http404
    answered = reception_request.satisfaction is not None
    form = SurveyForm(None if answered else request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        allowed = RequestAction.SATISFACTION in workflow.allowed_actions(reception_request)
        try:
            if not allowed:
                raise ValidationError(_("This request cannot be rated."))
            actions.record_satisfaction(
                reception_request,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                actor_role=RequestActor.APPLICANT,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            answered = True
    response = TemplateResponse(
        request,
        "booking/survey.html",
        {"req": reception_request, "form": form, "answered": answered},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
