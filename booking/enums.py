"""Choices of the reception domain, with labels in the visitor's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    APPARATUS = "apparatus", _("Akimat apparatus")
    DEPARTMENT = "department", _("Regional department")
    LOCAL_AKIMAT = "local_akimat", _("City or district akimat")
    TERRITORIAL = "territorial", _("Territorial office of a central body")


class VenueKind(models.TextChoices):
    RECEPTION_OFFICE = "reception_office", _("Public reception office")
    CITIZEN_CENTRE = "citizen_centre", _("Citizen Reception Centre")


class ReceptionMode(models.TextChoices):
    IN_PERSON = "in_person", pgettext_lazy("reception mode", "In person")
    VIDEO = "video", pgettext_lazy("reception mode", "By video conference")
    EITHER = "either", pgettext_lazy("reception mode", "In person or by video conference")


class ReceptionKind(models.TextChoices):
    # R04 (001 p.7, p.9): besides the schedule, receptions after meetings with the population
    # and outside the schedule on the first head's instruction.
    SCHEDULE = "schedule", pgettext_lazy("reception kind", "By schedule")
    AFTER_MEETING = (
        "after_meeting",
        pgettext_lazy("reception kind", "After a meeting with the population"),
    )
    EXTRA = (
        "extra",
        pgettext_lazy("reception kind", "Outside the schedule, on the akim's instruction"),
    )


class DayStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("reception day status", "Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("reception day status", "Cancelled")
    MOVED = "moved", pgettext_lazy("reception day status", "Moved")


class ChangeReason(models.TextChoices):
    # R20 (001 p.16): illness or a business trip; the office tells the applicants.
    ILLNESS = "illness", pgettext_lazy("reason a reception day changed", "Illness")
    BUSINESS_TRIP = (
        "business_trip",
        pgettext_lazy("reason a reception day changed", "Business trip"),
    )
    SCHEDULE_CHANGED = (
        "schedule_changed",
        pgettext_lazy("reason a reception day changed", "The schedule was changed"),
    )
    OTHER = "other", pgettext_lazy("reason a reception day changed", "Other reason")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Monthly, on a weekday of a given week")
    MONTHLY_DAY = "monthly_day", _("Monthly, on a day of the month")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off (holiday or transferred day off)")
    WORKING_DAY = "working_day", _("Working day (a weekend day made working)")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    REPRESENTATIVE = "representative", _("A representative of a legal entity")


class Channel(models.TextChoices):
    # R05 (001 p.4; 002 p.4): every way a sign-up request may arrive.
    PORTAL = "portal", pgettext_lazy("request channel", "This portal")
    EGOV = "egov", pgettext_lazy("request channel", "E-government portal")
    EOTINISH = "eotinish", pgettext_lazy("request channel", "e-Otinish")
    PAPER = "paper", pgettext_lazy("request channel", "On paper")
    ORAL = "oral", pgettext_lazy("request channel", "Orally")
    PHONE = "phone", pgettext_lazy("request channel", "By phone (call centre)")


class RequestStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("request status", "Registered")
    UNDER_REVIEW = "under_review", pgettext_lazy("request status", "Under review")
    CORRECTIONS = "corrections", pgettext_lazy("request status", "Awaiting corrections")
    HEARING = "hearing", pgettext_lazy("request status", "Preliminary refusal, hearing")
    SCHEDULED = "scheduled", pgettext_lazy("request status", "Reception date set")
    RECEIVED = "received", pgettext_lazy("request status", "Received at the reception")
    NO_SHOW = "no_show", pgettext_lazy("request status", "Did not come to the reception")
    ON_CONTROL = "on_control", pgettext_lazy("request status", "Assignments under control")
    CLOSED = "closed", pgettext_lazy("request status", "Closed with the final answer")
    FORWARDED = "forwarded", pgettext_lazy("request status", "Forwarded to the competent body")
    REFUSED = "refused", pgettext_lazy("request status", "Refused with reasons")
    NOT_CONSIDERED = "not_considered", pgettext_lazy("request status", "Left without consideration")
    RETURNED = "returned", pgettext_lazy("request status", "Returned")
    WITHDRAWN = "withdrawn", pgettext_lazy("request status", "Withdrawn by the applicant")


class RequestAction(models.TextChoices):
    """What happened in one step of a request's history (``booking.domain.workflow``)."""

    REGISTER = "register", pgettext_lazy("request action", "Registered")
    WITHDRAW = "withdraw", pgettext_lazy("request action", "Withdrawn by the applicant")
    DAY_MOVED = "day_moved", pgettext_lazy("request action", "Reception day moved")
    DAY_CANCELLED = "day_cancelled", pgettext_lazy("request action", "Reception day cancelled")
    NOT_CONSIDERED = (
        "not_considered",
        pgettext_lazy("request action", "Left without consideration"),
    )
    REVIEW = "review", pgettext_lazy("request action", "Taken up for review")
    ASK_CORRECTIONS = "ask_corrections", pgettext_lazy("request action", "Corrections asked")
    CORRECTED = "corrected", pgettext_lazy("request action", "Corrected by the applicant")
    RETURN = "return", pgettext_lazy("request action", "Returned: not corrected in time")
    FORWARD = "forward", pgettext_lazy("request action", "Forwarded to the competent body")
    EXTEND = "extend", pgettext_lazy("request action", "Answer deadline extended")
    TOLD = "told", pgettext_lazy("request action", "Applicant told by phone or post")
    REFERENCE = "reference", pgettext_lazy("request action", "Reference information prepared")
    SCHEDULE = "schedule", pgettext_lazy("request action", "Reception date and time set")
    PROPOSE_REFUSAL = (
        "propose_refusal",
        pgettext_lazy("request action", "Preliminary decision to refuse sent"),
    )
    OBJECTION = "objection", pgettext_lazy("request action", "Applicant's objection recorded")
    RECONSIDER = "reconsider", pgettext_lazy("request action", "Back to review after the hearing")
    REFUSE = "refuse", pgettext_lazy("request action", "Refused with reasons")
    ATTENDED = "attended", pgettext_lazy("request action", "Came to the reception")
    NO_SHOW = "no_show", pgettext_lazy("request action", "Did not come to the reception")
    PROTOCOL = "protocol", pgettext_lazy("request action", "Protocol recorded")
    ASSIGNMENT_CLOSED = (
        "assignment_closed",
        pgettext_lazy("request action", "Assignment carried out"),
    )
    REASSIGN = "reassign", pgettext_lazy("request action", "Assignment given to another worker")
    CLOSE = "close", pgettext_lazy("request action", "Final answer given")
    SATISFACTION = "satisfaction", pgettext_lazy("request action", "Satisfaction survey recorded")


class RequestActor(models.TextChoices):
    """Who took a step: a staff member (named), the applicant, or the system (a task)."""

    STAFF = "staff", pgettext_lazy("who acted on a request", "Staff member")
    APPLICANT = "applicant", pgettext_lazy("who acted on a request", "Applicant")
    SYSTEM = "system", pgettext_lazy("who acted on a request", "System")


# Requests on their way to the reception: the applicant may withdraw them, and they go along
# when their day is moved or back to the queue when it is cancelled.
OPEN_STATUSES = (
    RequestStatus.REGISTERED,
    RequestStatus.UNDER_REVIEW,
    RequestStatus.CORRECTIONS,
    RequestStatus.HEARING,
    RequestStatus.SCHEDULED,
)

# Requests whose applicant was received (consulted) at the reception, whatever came after.
ATTENDED_STATUSES = (RequestStatus.RECEIVED, RequestStatus.ON_CONTROL, RequestStatus.CLOSED)

# Requests in these states hold (or used) their place on their reception day.
PLACE_HOLDING_STATUSES = (
    *OPEN_STATUSES,
    RequestStatus.RECEIVED,
    RequestStatus.NO_SHOW,
    RequestStatus.ON_CONTROL,
    RequestStatus.CLOSED,
)


class DeadlineKind(models.TextChoices):
    """What the next deadline of a request is for (``booking.domain.deadlines``)."""

    ANSWER = "answer", pgettext_lazy("deadline", "Answer (date and time or refusal)")
    FORWARDING = "forwarding", pgettext_lazy("deadline", "Forwarding to the competent body")
    CORRECTIONS = "corrections", pgettext_lazy("deadline", "Corrections by the applicant")
    NOTICE = "notice", pgettext_lazy("deadline", "Telling the applicant")
    REFERENCE = "reference", pgettext_lazy("deadline", "Reference information")
    FINAL_LIST = "final_list", pgettext_lazy("deadline", "Final list to the official")
    RECEPTION = "reception", pgettext_lazy("deadline", "Reception")
    PROTOCOL = "protocol", pgettext_lazy("deadline", "Protocol of the reception")
    NEW_DATE = "new_date", pgettext_lazy("deadline", "A new date after a cancelled day")
    ASSIGNMENT = "assignment", pgettext_lazy("deadline", "Assignment")


class RefusalGround(models.TextChoices):
    """R10 (001 p.15; 000 p.14): the grounds on which a request is not signed up."""

    COMPETENCE = (
        "competence",
        pgettext_lazy("refusal ground", "The question is outside the competence of state bodies"),
    )
    DECISION_EXISTS = (
        "decision_exists",
        pgettext_lazy(
            "refusal ground",
            "An administrative decision on the same subject and grounds already exists",
        ),
    )
    COURT_ACT = (
        "court_act",
        pgettext_lazy(
            "refusal ground", "A court act in force on the same subject and grounds exists"
        ),
    )
    RETURNED_EARLIER = (
        "returned_earlier",
        pgettext_lazy("refusal ground", "The request on the same question was returned"),
    )
    REPEAT = (
        "repeat",
        pgettext_lazy("refusal ground", "A repeated request without new arguments"),
    )


class AssignmentKind(models.TextChoices):
    # R23 (001 p.19): an assignment of the protocol; R25 (001 p.34): an appeal filed at the
    # reception, registered with the mark "from personal reception".
    ASSIGNMENT = "assignment", pgettext_lazy("protocol entry", "Assignment")
    APPEAL = "appeal", pgettext_lazy("protocol entry", "Appeal filed at the reception")


class Topic(models.TextChoices):
    HOUSING = "housing", _("Housing and utilities")
    LAND = "land", _("Land and construction")
    SOCIAL = "social", _("Social support and employment")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education")
    TRANSPORT = "transport", _("Roads and transport")
    BUSINESS = "business", _("Business and taxes")
    LAW = "law", _("Law and order")
    OTHER = "other", _("Other")


class PriorityCategory(models.TextChoices):
    # R16 (001 p.12): received out of turn; checked against documents at the reception.
    NONE = "", _("None")
    WAR_VETERAN = "war_veteran", _("Veteran of the Great Patriotic War or a person equated to one")
    COMBAT_VETERAN = "combat_veteran", _("Combat veteran")
    LABOUR_VETERAN = "labour_veteran", _("Labour veteran")
    DISABILITY = "disability", _("Person with a disability")
    PREGNANT = "pregnant", _("Pregnant woman")
    ORDER_HOLDER = (
        "order_holder",
        _("Holder of the order «Altyn Kyran», «Khalyk Kaharmany» or «Kazakhstannyn Enbek Eri»"),
    )


class IdentityDocument(models.TextChoices):
    PASSPORT = "passport", _("Foreign passport")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    STATELESS = "stateless", _("Stateless person's certificate")
    OTHER = "other", _("Other identity document")
