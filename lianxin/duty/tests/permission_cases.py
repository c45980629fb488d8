"""Permission matrix: the duty record's office screens (/office/duty/) and public pages (/daibiao/)."""

from lianxin.accounts.tests.matrix import KEEPERS, OFFICE_VIEWERS, Case
from lianxin.duty.tests import fixtures

WEST_KEEPER = {"west_staff"}  # 西山乡's deputy-affairs staff: their own township only

CASES = {
    # Review of self-reports (代表工委 and 办公室 review; staff, leaders and administrators see)
    "duty:reports": Case(ok=OFFICE_VIEWERS | WEST_KEEPER),
    "duty:reports_batch": Case(ok=KEEPERS | WEST_KEEPER, method="post"),
    "duty:report_detail": Case(ok=OFFICE_VIEWERS, hidden=WEST_KEEPER, kwargs=fixtures.report),
    "duty:report_approve": Case(ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.report),
    "duty:report_return": Case(ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.report),
    "duty:evidence": Case(ok=OFFICE_VIEWERS, hidden=WEST_KEEPER, kwargs=fixtures.report_with_evidence),
    # A deputy's own reports: only the deputy whose account it is
    "duty:mine": Case(ok={"deputy"}),
    "duty:mine_new": Case(ok={"deputy"}),
    "duty:mine_evidence": Case(ok={"deputy"}, kwargs=fixtures.report_with_evidence),
    # Records, points, meetings
    "duty:record": Case(ok=OFFICE_VIEWERS, hidden=WEST_KEEPER, kwargs=lambda w: {"pk": w.east_deputy.pk}),
    "duty:photo_upload": Case(
        ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=lambda w: {"pk": w.east_deputy.pk}
    ),
    "duty:voter_report_create": Case(
        ok=KEEPERS, hidden=WEST_KEEPER, kwargs=lambda w: {"pk": w.east_deputy.pk}
    ),
    "duty:points": Case(ok=OFFICE_VIEWERS | WEST_KEEPER),
    "duty:rule_create": Case(ok=KEEPERS, hidden=WEST_KEEPER, kwargs=lambda w: {"pk": w.county_congress.pk}),
    "duty:rule_edit": Case(ok=KEEPERS, hidden=WEST_KEEPER, kwargs=fixtures.rule),
    "duty:recompute": Case(
        ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=lambda w: {"pk": w.county_congress.pk}
    ),
    "duty:publish": Case(
        ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=lambda w: {"pk": w.county_congress.pk}
    ),
    "duty:meetings": Case(ok=OFFICE_VIEWERS | WEST_KEEPER),
    "duty:meeting_create": Case(ok=KEEPERS | WEST_KEEPER),
    "duty:meeting_detail": Case(ok=OFFICE_VIEWERS, hidden=WEST_KEEPER, kwargs=fixtures.meeting),
    "duty:meeting_invite": Case(ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.meeting),
    "duty:attendance": Case(ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.attendance),
    "duty:meeting_close": Case(ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.meeting),
    "duty:material_upload": Case(ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.meeting),
    "duty:material": Case(ok=OFFICE_VIEWERS, hidden=WEST_KEEPER, kwargs=fixtures.material),
    "duty:voter_reports": Case(ok=OFFICE_VIEWERS | WEST_KEEPER),
    "duty:voter_report_detail": Case(ok=OFFICE_VIEWERS, hidden=WEST_KEEPER, kwargs=fixtures.voter_report),
    "duty:voter_report_rate": Case(
        ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.voter_report
    ),
    "duty:voter_report_codes": Case(
        ok=KEEPERS, hidden=WEST_KEEPER, method="post", kwargs=fixtures.voter_report
    ),
    # Public pages
    "duty_public:find": Case(public=True),
    "duty_public:vote": Case(public=True),
    "duty_public:ranking": Case(public=True, kwargs=lambda w: {"pk": w.county_congress.pk}),
    "duty_public:profile": Case(public=True, kwargs=lambda w: {"code": w.east_deputy.public_code}),
    "duty_public:photo": Case(public=True, kwargs=lambda w: {"code": w.east_deputy.public_code}),
    "duty_public:code_png": Case(public=True, kwargs=lambda w: {"code": w.east_deputy.public_code}),
    "duty_public:code_svg": Case(public=True, kwargs=lambda w: {"code": w.east_deputy.public_code}),
}
