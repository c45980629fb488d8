"""Daily reminders of deadlines: 临期 (yellow) and 逾期 (red) for every open assignment.

The lights themselves are computed whenever a page is read; these reminders only tell the
units' clerks, at most once per assignment, kind and day, however often the job runs.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from lianxin.casework.models import Assignment, Case, Light
from lianxin.notifications.delivery import Occasion
from lianxin.notifications.models import Kind


def remind(today: datetime.date) -> dict[str, int]:
    """Make today's reminders; returns how many new messages of each kind."""
    soon = today + datetime.timedelta(days=settings.LIANXIN_DUE_SOON_DAYS)
    candidates = (
        Assignment.objects.filter(state__in=Assignment.ACTIVE, due_date__lte=soon)
        .exclude(case__state__in=Case.FINISHED)
        .select_related("case__region", "unit")
        .order_by("pk")
    )
    made = {Kind.DUE_SOON: 0, Kind.OVERDUE: 0}
    for assignment in candidates.iterator(chunk_size=500):
        light = assignment.light(today)
        occasion = Occasion(assignment.case, assignment, token=today.isoformat())
        if light == Light.YELLOW:
            kind, title, body = (
                Kind.DUE_SOON,
                _("临期：%(case)s"),
                _("%(case)s将于 %(due)s 到期（%(unit)s，%(kind)s），请抓紧办理。"),
            )
        elif light == Light.RED:
            kind, title, body = (
                Kind.OVERDUE,
                _("逾期：%(case)s"),
                _("%(case)s已于 %(due)s 到期（%(unit)s，%(kind)s），尚未办结，请尽快办理。"),
            )
        else:
            continue
        values = {
            "case": occasion.name,
            "due": assignment.due_date,
            "unit": assignment.unit.name,
            "kind": assignment.get_kind_display(),
        }
        made[kind] += occasion.to_unit(assignment, kind, title % values, body % values)
    return made
