"""Keeping the processing notice's promise: "意见办结后保存 N 年，期满后删除您的手机号、姓名等个人信息
或作匿名化处理". Run daily by ``manage.py erase_expired_personal_data``.

An opinion is finished when its case is closed or withdrawn, when it was refused, or when the
opinion it was merged into is finished. N years later its submitter's name, phone and exact place
are erased, its attachments deleted, and the personal data written into its text masked (the
same de-identification the 回音壁 uses). The opinion itself, its category, region, dates and
answer stay: they are the congress's record and the statistics' source.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.calendar import add_months
from lianxin.casework.models import Case
from lianxin.opinions import uploads
from lianxin.opinions.deidentify import deidentify
from lianxin.opinions.models import Opinion


def cutoff(today: datetime.date | None = None) -> datetime.datetime:
    """Finished before this moment, an opinion's personal data has been kept long enough."""
    today = today or timezone.localdate()
    day = add_months(today, -12 * settings.LIANXIN_OPINION_RETENTION_YEARS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def expired(today: datetime.date | None = None) -> QuerySet:
    before = cutoff(today)
    finished = (
        Q(case__state__in=Case.FINISHED, case__closed_at__lt=before)
        | Q(status=Opinion.Status.REFUSED, decided_at__lt=before)
        | Q(
            status=Opinion.Status.MERGED,
            merged_into__case__state__in=Case.FINISHED,
            merged_into__case__closed_at__lt=before,
        )
    )
    return Opinion.objects.filter(finished, personal_data_erased_at__isnull=True)


@transaction.atomic
def erase_personal_data(*, actor: Actor, opinion: Opinion) -> Opinion:
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.personal_data_erased_at is not None:
        return opinion
    names = [opinion.submitter_name] if opinion.submitter_name else []
    files = [attachment.file.name for attachment in opinion.attachments.all()]
    opinion.title = deidentify(opinion.title, names=names).text
    opinion.content = deidentify(opinion.content, names=names).text
    opinion.submitter_name = ""
    opinion.submitter_phone = ""
    opinion.place = ""
    opinion.personal_data_erased_at = timezone.now()
    opinion.save(
        update_fields=[
            "title",
            "content",
            "submitter_name",
            "submitter_phone",
            "submitter_phone_digest",
            "place",
            "personal_data_erased_at",
        ]
    )
    opinion.attachments.all().delete()
    record(
        actor=actor,
        action="opinions.opinion.personal_data_erased",
        target=opinion,
        data={"attachments": len(files), "retention_years": settings.LIANXIN_OPINION_RETENTION_YEARS},
    )
    # Files go only once the rows are gone for good.
    transaction.on_commit(lambda: uploads.remove(files))
    return opinion


def erase_expired(*, actor: Actor, today: datetime.date | None = None) -> int:
    erased = 0
    for opinion in expired(today).only("pk").iterator():
        erase_personal_data(actor=actor, opinion=opinion)
        erased += 1
    return erased
