from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField


class CommitmentStatementQuerySet(models.QuerySet):
    def current(self):
        """The statement applicants endorse today: the latest published version."""
        return self.filter(published=True).order_by("-version").first()


class CommitmentStatement(models.Model):
    """The alliance's statement of commitments. Each version is its own row: a version that
    someone endorsed is never edited, so an application always shows what was endorsed."""

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    text = RichTextField(_("text"), features=["bold", "italic", "ol", "ul", "link", "h3"])
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Applicants endorse the latest published version."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CommitmentStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement of commitments")
        verbose_name_plural = _("statements of commitments")
        ordering = ["-version"]

    def __str__(self):
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

    def save(self, *args, **kwargs):
        if self.version is None:
            latest = CommitmentStatement.objects.aggregate(v=models.Max("version"))["v"] or 0
            self.version = latest + 1
        super().save(*args, **kwargs)

    @property
    def is_endorsed(self):
        """Once an application or a member endorsed this version, it is frozen."""
        from .applications import Application
        from .organisations import MemberOrganisation

        return (
            Application.objects.filter(commitment=self).exists()
            or MemberOrganisation.objects.filter(commitment=self).exists()
        )
