"""Points and ranks for every serving deputy of one or many congresses in one year, in SQL.

The rules of each congress score each deputy's activities of the year (count × points per
kind, held within the kind's yearly cap, deductions too), and the totals are ranked within
the congress, each delegation and each deputies' group with window functions; a province's
1,300 congresses go in a few statements. Nothing is
scored row by row in Python, so a province's 100,000 deputies take seconds, not hours
(docs/performance.md). The SQL is plain enough for SQLite and PostgreSQL alike.
"""

from django.db import connection

from lianxin.congresses.models import Term
from lianxin.deputies.choices import SeatStatus
from lianxin.deputies.models import Seat
from lianxin.duty.models import DutyActivity, PointRule, PointTotal, PublishedPoint

_TOTALS = PointTotal._meta.db_table
_ACTIVITIES = DutyActivity._meta.db_table
_RULES = PointRule._meta.db_table
_SEATS = Seat._meta.db_table
_PUBLISHED = PublishedPoint._meta.db_table

_TERMS = Term._meta.db_table

# Table names are the models' own; every value is a parameter. ``{terms}`` is a list of
# placeholders, one per term scored.
_SCORE = f"""
INSERT INTO {_TOTALS}
    (congress_id, year, deputy_id, points, items, delegation_id, group_id,
     rank_congress, rank_delegation, rank_group)
SELECT scored.congress_id, %(year)s, scored.deputy_id, scored.points, scored.items,
       scored.delegation_id, scored.group_id,
       RANK() OVER (PARTITION BY scored.congress_id ORDER BY scored.points DESC),
       CASE WHEN scored.delegation_id IS NULL THEN NULL
            ELSE RANK() OVER (PARTITION BY scored.congress_id, scored.delegation_id
                              ORDER BY scored.points DESC) END,
       CASE WHEN scored.group_id IS NULL THEN NULL
            ELSE RANK() OVER (PARTITION BY scored.congress_id, scored.group_id
                              ORDER BY scored.points DESC) END
FROM (
    SELECT term.congress_id, seat.deputy_id, seat.delegation_id, seat.group_id,
           COALESCE(per_deputy.points, 0) AS points, COALESCE(per_deputy.items, 0) AS items
    FROM {_SEATS} seat
    JOIN {_TERMS} term ON term.id = seat.term_id
    LEFT JOIN (
        SELECT per_kind.term_id, per_kind.deputy_id,
               SUM(per_kind.capped) AS points, SUM(per_kind.n) AS items
        FROM (
            SELECT member.term_id, activity.deputy_id, COUNT(*) AS n,
                   CASE
                     WHEN rule.yearly_cap IS NULL THEN COUNT(*) * rule.points
                     WHEN COUNT(*) * rule.points > rule.yearly_cap THEN rule.yearly_cap
                     WHEN COUNT(*) * rule.points < -rule.yearly_cap THEN -rule.yearly_cap
                     ELSE COUNT(*) * rule.points
                   END AS capped
            FROM {_ACTIVITIES} activity
            JOIN {_SEATS} member ON member.deputy_id = activity.deputy_id
                 AND member.status = %(serving)s AND member.term_id IN ({{terms}})
            JOIN {_TERMS} member_term ON member_term.id = member.term_id
            JOIN {_RULES} rule ON rule.congress_id = member_term.congress_id AND rule.kind = activity.kind
            WHERE activity.year = %(year)s
            GROUP BY member.term_id, activity.deputy_id, rule.kind, rule.points, rule.yearly_cap
        ) per_kind
        GROUP BY per_kind.term_id, per_kind.deputy_id
    ) per_deputy ON per_deputy.term_id = seat.term_id AND per_deputy.deputy_id = seat.deputy_id
    WHERE seat.status = %(serving)s AND seat.term_id IN ({{terms}})
) scored
"""  # noqa: S608

# Congresses scored per statement. Each statement reads the year's activities once, so fewer is
# faster (a province's 1,300 congresses: 4 statements took 32 s, 1 took … s); the bound keeps
# the list of terms inside the databases' limits on parameters (PostgreSQL 65,535; SQLite
# 32,766 since 3.32).
CHUNK = 5000


def score(*, congress, year: int) -> int:
    """Rewrite the congress's totals for ``year`` from its rules; returns how many deputies were scored.

    The caller holds the transaction and the lock (services.recompute_points)."""
    return score_many(congresses=[congress], year=year)


def score_many(*, congresses, year: int) -> int:
    """Score every congress in ``congresses`` (each by its own rules, in its current term) with one
    statement per CHUNK congresses; ranks are partitioned by congress."""
    congress_ids = [c.pk for c in congresses]
    current = {}
    for term_id, congress_id in (
        Term.objects.filter(congress_id__in=congress_ids)
        .order_by("congress_id", "number")
        .values_list("pk", "congress_id")
    ):
        current[congress_id] = term_id  # the highest number wins
    scored = 0
    for start in range(0, len(congress_ids), CHUNK):
        chunk = congress_ids[start : start + CHUNK]
        PointTotal.objects.filter(congress_id__in=chunk, year=year).delete()
        terms = [current[c] for c in chunk if c in current]
        if not terms:
            continue
        params = {"year": year, "serving": SeatStatus.SERVING}
        names = []
        for index, term_id in enumerate(terms):
            params[f"t{index}"] = term_id
            names.append(f"%(t{index})s")
        with connection.cursor() as cursor:
            cursor.execute(_SCORE.replace("{terms}", ", ".join(names)), params)
            scored += cursor.rowcount
    return scored


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
