"""Points and ranks for every serving deputy of a congress in one year, in two SQL statements.

The rules of the congress score each deputy's activities of the year (count × points per
kind, held within the kind's yearly cap, deductions too), and the totals are ranked within
the congress, each delegation and each deputies' group with window functions. Nothing is
scored row by row in Python, so a province's 100,000 deputies take seconds, not hours
(docs/performance.md). The SQL is plain enough for SQLite and PostgreSQL alike.
"""

from django.db import connection

from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Seat
from lianxin.duty.models import DutyActivity, PointRule, PointTotal, PublishedPoint

_TOTALS = PointTotal._meta.db_table
_ACTIVITIES = DutyActivity._meta.db_table
_RULES = PointRule._meta.db_table
_SEATS = Seat._meta.db_table
_PUBLISHED = PublishedPoint._meta.db_table

# Table names are the models' own; every value is a parameter.
_SCORE = f"""
INSERT INTO {_TOTALS}
    (congress_id, year, deputy_id, points, items, delegation_id, group_id,
     rank_congress, rank_delegation, rank_group)
SELECT %(congress)s, %(year)s, scored.deputy_id, scored.points, scored.items,
       scored.delegation_id, scored.group_id,
       RANK() OVER (ORDER BY scored.points DESC),
       CASE WHEN scored.delegation_id IS NULL THEN NULL
            ELSE RANK() OVER (PARTITION BY scored.delegation_id ORDER BY scored.points DESC) END,
       CASE WHEN scored.group_id IS NULL THEN NULL
            ELSE RANK() OVER (PARTITION BY scored.group_id ORDER BY scored.points DESC) END
FROM (
    SELECT seat.deputy_id, seat.delegation_id, seat.group_id,
           COALESCE(per_deputy.points, 0) AS points, COALESCE(per_deputy.items, 0) AS items
    FROM {_SEATS} seat
    LEFT JOIN (
        SELECT per_kind.deputy_id, SUM(per_kind.capped) AS points, SUM(per_kind.n) AS items
        FROM (
            SELECT activity.deputy_id, COUNT(*) AS n,
                   CASE
                     WHEN rule.yearly_cap IS NULL THEN COUNT(*) * rule.points
                     WHEN COUNT(*) * rule.points > rule.yearly_cap THEN rule.yearly_cap
                     WHEN COUNT(*) * rule.points < -rule.yearly_cap THEN -rule.yearly_cap
                     ELSE COUNT(*) * rule.points
                   END AS capped
            FROM {_ACTIVITIES} activity
            JOIN {_RULES} rule ON rule.kind = activity.kind AND rule.congress_id = %(congress)s
            JOIN {_SEATS} member ON member.deputy_id = activity.deputy_id
                 AND member.term_id = %(term)s AND member.status = %(serving)s
            WHERE activity.year = %(year)s
            GROUP BY activity.deputy_id, rule.kind, rule.points, rule.yearly_cap
        ) per_kind
        GROUP BY per_kind.deputy_id
    ) per_deputy ON per_deputy.deputy_id = seat.deputy_id
    WHERE seat.term_id = %(term)s AND seat.status = %(serving)s
) scored
"""  # noqa: S608


def score(*, congress, year: int) -> int:
    """Rewrite the congress's totals for ``year`` from its rules; returns how many deputies were scored.

    The caller holds the transaction and the lock (services.recompute_points)."""
    PointTotal.objects.filter(congress=congress, year=year).delete()
    term = congress.current_term()
    if term is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            _SCORE, {"congress": congress.pk, "year": year, "term": term.pk, "serving": SeatStatus.SERVING}
        )
        return cursor.rowcount


def copy_to_publication(*, publication) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {_PUBLISHED}
                (publication_id, deputy_id, points, items, rank_congress, rank_delegation, rank_group)
            SELECT %s, deputy_id, points, items, rank_congress, rank_delegation, rank_group
            FROM {_TOTALS} WHERE congress_id = %s AND year = %s
            """,  # noqa: S608 - the models' own table names.
            [publication.pk, publication.congress_id, publication.year],
        )
        return cursor.rowcount


def rule_row(rule: PointRule) -> dict:
    return {
        "kind": rule.kind,
        "label": str(rule.get_kind_display()),
        "points": rule.points,
        "yearly_cap": rule.yearly_cap,
        "requires_evidence": rule.requires_evidence,
    }


def rule_table(congress) -> list[dict]:
    """The rules as they stand, in the form kept with a computation and shown beside published figures."""
    return [rule_row(rule) for rule in PointRule.objects.filter(congress=congress).order_by("kind")]


def stale_reason(*, congress, year: int, computation) -> str:
    """Why the totals no longer reflect the rules and records, or "" when they do."""
    from django.utils.translation import gettext as _

    if computation is None:
        return _("本年度积分尚未计算。")
    if computation.rules != rule_table(congress):
        return _("积分规则在上次计算后有修改，新规则要在重新计算后才生效。")
    members = Seat.objects.filter(term=congress.current_term(), status=SeatStatus.SERVING).values("deputy_id")
    newer = DutyActivity.objects.filter(
        year=year, collected_at__gt=computation.computed_at, deputy_id__in=members
    )
    if newer.exists():
        return _("上次计算后有新的履职记录。")
    return ""
