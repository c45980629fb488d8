from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role, WorkingBody

# Deputies' duty records are kept by the deputy-affairs committee (代表/选联工委) and the office.
_KEEPERS = grant(Role.STAFF, working_bodies=[WorkingBody.DEPUTY_AFFAIRS, WorkingBody.OFFICE])


def is_own_record(user, obj) -> bool:
    deputy = getattr(obj, "deputy", obj)
    return deputy.user_id == user.pk


declare(
    {
        "duty.view_record": grant(Role.STAFF, Role.LEADER, Role.ADMIN),
        "duty.review_report": _KEEPERS,
        # A deputy reports their own activities and sees their own record.
        "duty.submit_report": grant(Role.DEPUTY, condition=is_own_record),
        "duty.change_rule": _KEEPERS,
        "duty.compute_points": _KEEPERS,
        "duty.publish_points": _KEEPERS,
        "duty.change_meeting": _KEEPERS,
        "duty.enter_voter_report": _KEEPERS,
        "duty.change_photo": _KEEPERS,
        # The 述职评议 ledger: deputies' names and voters' counts only, no personal data.
        "duty.export_voter_reports": grant(Role.STAFF, Role.LEADER),
    }
)
