"""MNR self-assessments: a member's yearly assessment against the Model National Response's 21
capabilities, one answer per capability, with its edit history and private evidence documents.

The rules (who starts, saves, submits, reopens and publishes) are in
``members.services.assessments``; these are the rows.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage
from .organisations import MemberOrganisation


class Phase(models.IntegerChoices):
    """The maturity model: "not started" and four phases, from the foundations to mature."""

    NOT_STARTED = 0, _("Not started")
    FOUNDATIONS = 1, _("Building the foundations")
    DEVELOPING = 2, _("Developing")
    ESTABLISHED = 3, _("Established")
    MATURE = 4, _("Mature and sustained")


# The top two phases: a capability below them is a gap.
TOP_PHASES = frozenset({Phase.ESTABLISHED, Phase.MATURE})
# A member "mature in" a capability (named to others who look for help, when it agreed) reports
# one of the same two phases: what is a gap for one member is where another can help.
MATURE_PHASES = TOP_PHASES


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def published(self):
        return self.submitted().exclude(publication=Assessment.Publication.PRIVATE)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Publication(models.TextChoices):
        PRIVATE = "private", _("Private: our contacts and the secretariat only")
        LEVELS = "levels", _("Publish the levels")
        EVIDENCE = "evidence", _("Publish the levels and the evidence")

    member = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.PRIVATE,
        help_text=_("A summary shows on the member's page once the assessment is submitted."),
    )
    contactable = models.BooleanField(
        _("other members may contact us"),
        default=False,
        help_text=_(
            "Once the assessment is submitted and published, name us on the pages of the "
            "capabilities we report as established or mature, so that other members can ask us "
            "how we got there."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("MNR self-assessment")
        verbose_name_plural = _("MNR self-assessments")
        ordering = ["member__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_assessment_per_year")
        ]

    def __str__(self):
        return f"{self.member} {self.year}"

    @property
    def is_locked(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_published(self):
        return self.is_locked and self.publication != self.Publication.PRIVATE


class AssessmentAnswer(models.Model):
    """What the member says of one capability in one year's assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    capability = models.ForeignKey(
        "resources.MNRCapability",
        verbose_name=_("capability"),
        on_delete=models.PROTECT,
        related_name="assessment_answers",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Phase.choices, default=Phase.NOT_STARTED
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=5000)
    links = models.TextField(
        _("links"), blank=True, max_length=2000, help_text=_("One address a line.")
    )
    responsible_bodies = models.TextField(_("responsible bodies"), blank=True, max_length=1000)
    priority = models.PositiveSmallIntegerField(
        _("priority for the coming year"), choices=Priority.choices, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment answer")
        verbose_name_plural = _("assessment answers")
        ordering = ["capability__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "capability"], name="one_answer_per_capability"
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.capability_id}"

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class AssessmentEdit(models.Model):
    """One saved change of one capability's answer: who, when, which fields from what to what."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="edits"
    )
    capability = models.ForeignKey(
        "resources.MNRCapability",
        verbose_name=_("capability"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, default="change")
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("assessment edit")
        verbose_name_plural = _("assessment edits")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.assessment}: {self.action}"


def evidence_document_path(instance, filename):
    # The name the contact chose is never used on disk.
    return f"assessments/{uuid.uuid4().hex}.pdf"


class AssessmentDocument(models.Model):
    """A private evidence document: stored outside the media folder, served by a view that checks
    the reader may see the assessment."""

    answer = models.ForeignKey(
        AssessmentAnswer,
        verbose_name=_("answer"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(
        _("file"), upload_to=evidence_document_path, storage=private_storage, max_length=200
    )
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name
