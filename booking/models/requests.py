import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from booking.enums import (
    ApplicantKind,
    AssignmentKind,
    Channel,
    DeadlineKind,
    IdentityDocument,
    PriorityCategory,
    ReceptionMode,
    RefusalGround,
    RequestAction,
    RequestActor,
    RequestStatus,
    Topic,
)
from booking.models.files import private_storage, private_upload_to


def new_token():
    return secrets.token_urlsafe(24)


class RegistrationCounter(models.Model):
    """The last registration number given in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")

    def __str__(self):
        return f"{self.year}: {self.last}"


class ReceptionRequest(models.Model):
    """A citizen's sign-up request for a personal reception (R05-R10, R13, R16-R19, R22, R32).

    Personal data lives only here and is shown only to the reception office (R30)."""

    number = models.CharField(_("registration number"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        # Translators: where a sign-up request stands (registered, under review, refused…)
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.REGISTERED,
        db_index=True,
    )
    received_at = models.DateTimeField(_("received"))
    registered_on = models.DateField(_("registration date"), db_index=True)
    answer_due = models.DateField(_("answer due"), db_index=True)

    applicant_kind = models.CharField(
        _("who applies"), max_length=20, choices=ApplicantKind.choices
    )
    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True, db_index=True)
    document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdentityDocument.choices, blank=True
    )
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    legal_entity = models.CharField(_("organisation represented"), max_length=300, blank=True)
    authority_document = models.FileField(
        _("document confirming the authority"),
        upload_to=private_upload_to,
        storage=private_storage,
        blank=True,
    )
    phone = models.CharField(_("mobile phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)

    official = models.ForeignKey(
        "booking.Official",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("official"),
    )
    preferred_day = models.ForeignKey(
        "booking.ReceptionDay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="place_holders",
        verbose_name=_("preferred reception day"),
    )
    # The day the applicant asked for when it could not hold them: it filled up while they
    # were writing (R06: registered all the same), or it was cancelled (R20).
    requested_day = models.ForeignKey(
        "booking.ReceptionDay",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("day asked for"),
    )
    needs_new_date = models.BooleanField(
        _("needs a new date"),
        default=False,
        help_text=_("Its reception day was cancelled: the office proposes another one (R20)."),
    )
    # Blank only for a paper or oral request registered without it (R07: registered, then left
    # without consideration).
    question = models.TextField(_("essence of the question"), max_length=5000, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    earlier_appeal = models.CharField(_("earlier appeal number"), max_length=50, blank=True)
    language = models.CharField(
        _("language of the reception"), max_length=2, choices=settings.LANGUAGES
    )
    mode = models.CharField(
        _("mode"), max_length=20, choices=ReceptionMode.choices, default=ReceptionMode.IN_PERSON
    )
    video_consent = models.BooleanField(_("agrees to a video conference"), default=False)
    priority = models.CharField(
        _("out-of-turn category"), max_length=20, choices=PriorityCategory.choices, blank=True
    )
    consent_at = models.DateTimeField(_("consent to data processing given"))
    # The same person with the same question (see ``booking.domain.signup.duplicate_key``).
    duplicate_key = models.CharField(max_length=64, db_index=True, editable=False)
    # R06: over the per-person limit a sign-up is still registered, only marked for the office.
    possible_duplicate = models.BooleanField(
        _("possible duplicate"),
        default=False,
        editable=False,
        help_text=_(
            "More sign-ups with this IIN or identity document within a day than the portal's "
            "limit. Registered all the same: check whether it repeats another request."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    # The workflow's state beyond the status, written only by ``booking.domain.workflow`` and
    # ``booking.domain.protocol``. The next deadline is stored so that the queue sorts and
    # filters by it in the database.
    due_on = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    due_kind = models.CharField(
        _("deadline for"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    corrections_asked = models.TextField(_("corrections asked"), max_length=2000, blank=True)
    corrections_due = models.DateField(_("corrections due"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    # A date or an extension the applicant has no e-mail to learn of: the office tells them by
    # phone or post by this day (R13: 2 working days; R14: 3 working days).
    notice_due = models.DateField(_("applicant to be told by"), null=True, blank=True)
    reference = models.TextField(
        _("reference information with a proposal"), max_length=5000, blank=True
    )
    reference_on = models.DateField(_("reference information prepared"), null=True, blank=True)
    slot_time = models.TimeField(_("reception time"), null=True, blank=True)
    # Sent only to the applicant, never shown on the tracking page.
    video_link = models.URLField(_("video conference link"), blank=True)
    invited_bodies = models.CharField(
        _("other bodies taking part"),
        max_length=500,
        blank=True,
        help_text=_("R21: bodies whose competence the question touches (prosecutor, police…)."),
    )
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    hearing_until = models.DateField(
        _("refusal possible from"), null=True, blank=True, help_text=_("R15: after the hearing.")
    )
    objection = models.TextField(_("applicant's objection"), max_length=5000, blank=True)
    protocol_decision = models.TextField(
        _("decision of the reception"), max_length=5000, blank=True
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.CharField(_("survey comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("sign-up request")
        verbose_name_plural = _("sign-up requests")
        permissions = [
            ("register_request", _("Can register requests from other channels")),
            ("process_request", _("Can take requests through the workflow")),
        ]

    def __str__(self):
        return self.number

    @property
    def masked_iin(self):
        return f"{self.iin[:2]}••••••••{self.iin[-2:]}" if self.iin else ""

    @property
    def applicant_initials(self):
        """What the tracking page shows of the name: "Серікбаев Е."."""
        return f"{self.surname} {self.given_name[:1]}." if self.given_name else self.surname


class RequestEvent(models.Model):
    """One step in a request's history, never edited: from which status to which, by what
    action, who did it (a staff member, the applicant or the system), with what note.

    Written only by ``booking.domain.workflow``."""

    reception_request = models.ForeignKey(
        ReceptionRequest, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=30, choices=RequestAction.choices)
    from_status = models.CharField(
        # Translators: the status a request had before a step of its history
        pgettext_lazy("request history", "from"),
        max_length=20,
        choices=RequestStatus.choices,
        blank=True,
    )
    to_status = models.CharField(
        # Translators: the status a request has after a step of its history
        pgettext_lazy("request history", "to"),
        max_length=20,
        choices=RequestStatus.choices,
    )
    actor_role = models.CharField(_("by"), max_length=20, choices=RequestActor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    note = models.CharField(_("internal note"), max_length=1000, blank=True)
    public_note = models.TextField(_("note to the applicant"), max_length=5000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request history entry")
        verbose_name_plural = _("request history")

    def __str__(self):
        return f"{self.reception_request_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class RequestAttachment(models.Model):
    reception_request = models.ForeignKey(
        ReceptionRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=private_upload_to, storage=private_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")

    def __str__(self):
        return self.original_name


class Assignment(models.Model):
    """One entry of a reception's protocol (R23): an assignment with a responsible person and a
    deadline, or an appeal filed at the reception (R25), registered with the mark "from
    personal reception" and never given to the worker who handled the matter before (R26).
    Controlled until closed with the final reasoned answer (R24).

    Written only by ``booking.domain.protocol``."""

    reception_request = models.ForeignKey(
        ReceptionRequest, on_delete=models.CASCADE, related_name="assignments"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AssignmentKind.choices, default=AssignmentKind.ASSIGNMENT
    )
    number = models.CharField(_("registration number"), max_length=30, blank=True)
    from_personal_reception = models.BooleanField(_("from personal reception"), default=False)
    text = models.TextField(_("what is to be done"), max_length=5000)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible"),
    )
    # R26 (001 p.35): the workers to whom the matter was given before (the earlier appeal's
    # handler, every former responsible); it is never given to one of them again.
    handled_before = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("handled the matter before"),
    )
    due = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    closed_on = models.DateField(_("carried out"), null=True, blank=True)
    answer = models.TextField(_("final reasoned answer"), max_length=5000, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return self.number or f"{self.reception_request} · {self.get_kind_display()}"

    @property
    def is_open(self):
        return self.closed_on is None
