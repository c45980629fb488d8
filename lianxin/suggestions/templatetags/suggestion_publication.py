"""Panels the publication module adds to the suggestion and motion pages, so that those pages
(and their views) need one line each rather than their own context for publication."""

from django import template
from django.utils import timezone

from lianxin.suggestions import motion_reports, publication
from lianxin.suggestions.models import MotionReport, Publication

register = template.Library()


@register.inclusion_tag("suggestions/publication/_panel.html", takes_context=True)
def publication_panel(context, suggestion):
    user = context["request"].user
    if suggestion.case_id is None or not user.has_perm(publication.PUBLISH, suggestion):
        return {"show": False}
    current = Publication.objects.filter(suggestion=suggestion, published_at__isnull=False).first()
    return {"show": True, "suggestion": suggestion, "published": current}


@register.inclusion_tag("suggestions/publication/_motion_panel.html", takes_context=True)
def motion_reports_panel(context, motion):
    user = context["request"].user
    if motion.status not in motion.REPORTED or not user.has_perm(motion_reports.REPORT, motion):
        return {"show": False}
    found = {r.kind: r for r in MotionReport.objects.filter(motion=motion)}
    today = timezone.localdate()
    rows = []
    for kind, label in MotionReport.Kind.choices:
        due = motion_reports.due_on(motion, kind, found)
        owed = motion_reports.outstanding(motion, kind, found)
        rows.append(
            (kind, label, found.get(kind), due if owed else None, owed and due is not None and due < today)
        )
    return {"show": True, "motion": motion, "reports": rows}
