"""The case page and the actions on it: units sign, send back, ask for time, give co-handling
opinions and reply; staff assign, decide requests, urge and close unrated items.

Each action is a small form posted to its own URL. A service refusal (CaseworkError) is shown
beside the form, with nothing changed; success returns to the case page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.backoffice.forms_views import attach_errors
from lianxin.casework import access, forms, services, sources
from lianxin.casework.models import Assignment, Case, CoOpinion, Extension, Promise, Reply
from lianxin.casework.timeline import case_timeline


def _source_link(user, case: Case, source) -> str:
    """The source's own page, for those who oversee the item; the page works without it."""
    if not user.has_perm(access.VIEW, case):
        return ""
    try:
        return source.office_url(case) or ""
    except NoReverseMatch:
        # The source's office screens may not be installed (yet).
        return ""


def _unit_actions(assignment: Assignment, case: Case, today) -> list[dict]:
    """What a clerk of the assignment's unit may do now; the services check again on POST."""
    if assignment.round != case.round or case.state in Case.FINISHED:
        return []
    pk = assignment.pk
    actions = []
    state = assignment.state
    if state == Assignment.State.PENDING and assignment.kind in Assignment.ANSWERING:
        actions.append({"url": reverse("casework:sign", args=[pk]), "label": _("签收"), "post": True})
    if assignment.kind == Assignment.Kind.CO and state in (Assignment.State.PENDING, Assignment.State.SIGNED):
        if state == Assignment.State.PENDING:
            actions.append({"url": reverse("casework:sign", args=[pk]), "label": _("签收"), "post": True})
        actions.append({"url": reverse("casework:co_opinion", args=[pk]), "label": _("提交会办意见")})
    if state == Assignment.State.SIGNED and assignment.kind in Assignment.ANSWERING:
        actions.append({"url": reverse("casework:reply", args=[pk]), "label": _("答复")})
        if not any(e.state == Extension.State.PENDING for e in assignment.extensions.all()):
            actions.append({"url": reverse("casework:request_extension", args=[pk]), "label": _("申请延期")})
    if (
        state == Assignment.State.REPLIED
        and Reply.objects.filter(assignment=assignment, shown_at=None).exists()
    ):
        actions.append({"url": reverse("casework:revise_reply", args=[pk]), "label": _("修改答复")})
    if state in (Assignment.State.PENDING, Assignment.State.SIGNED) and today <= assignment.return_window_end:
        actions.append({"url": reverse("casework:request_return", args=[pk]), "label": _("申请退回")})
    talks = sources.get(case.source).effective_policy.first_contact is not None
    if talks and state not in (Assignment.State.PENDING, Assignment.State.RETURNED):
        actions.append({"url": reverse("casework:log_contact", args=[pk]), "label": _("登记沟通情况")})
    return actions


def _lead_units(case: Case) -> set[int]:
    # A lead unit whose send-back was approved no longer handles the item.
    leads = case.assignments.filter(kind=Assignment.Kind.LEAD).exclude(state=Assignment.State.RETURNED)
    return set(leads.values_list("unit_id", flat=True))


@permission(access.OPEN)
def case_detail(request, pk):
    user = request.user
    case = access.case_for(user, pk)
    source = sources.get(case.source)
    policy = source.effective_policy
    labels = {**dict(Case.State.choices), **policy.state_labels}
    today = timezone.localdate()
    oversees = user.has_perm(access.VIEW, case)
    my_units = set(access.units_for_clerk(user).values_list("pk", flat=True))
    assignments = list(case.assignments.select_related("unit", "assigned_by").prefetch_related("extensions"))
    rows = []
    for assignment in assignments:
        mine = assignment.unit_id in my_units
        rows.append(
            {
                "object": assignment,
                "light": assignment.light(today),
                "mine": mine,
                "actions": _unit_actions(assignment, case, today) if mine else [],
                "decide_return_url": reverse("casework:decide_return", args=[assignment.pk])
                if oversees
                and assignment.state == Assignment.State.RETURN_REQUESTED
                and user.has_perm(access.ASSIGN, case)
                else "",
            }
        )
    # Co-handling opinions go to the lead unit (and the staff who assigned them); each co-handling
    # unit sees its own.
    co_opinions = CoOpinion.objects.filter(assignment__case=case).select_related(
        "assignment__unit", "given_by"
    )
    if not oversees and not (my_units & _lead_units(case)):
        co_opinions = co_opinions.filter(assignment__unit__in=my_units)
    extensions = (
        Extension.objects.filter(assignment__case=case)
        .select_related("assignment__unit", "requested_by", "decided_by")
        .order_by("requested_at")
    )
    may_decide = user.has_perm(access.ASSIGN, case)
    context = {
        "case": case,
        "title": case.title,
        "source": source,
        "source_url": _source_link(user, case, source),
        "source_facts": source.facts(case),
        "state_label": labels.get(case.state, case.state),
        "light": case.light(today),
        "rating_lapsed": case.rating_lapsed(today),
        "assignments": rows,
        "co_opinions": co_opinions,
        "extensions": [
            {
                "object": extension,
                "decide_url": reverse("casework:decide_extension", args=[extension.pk])
                if may_decide and extension.state == Extension.State.PENDING
                else "",
            }
            for extension in extensions
        ],
        "replies": case.replies.select_related("assignment__unit", "replied_by").prefetch_related(
            "attachments"
        ),
        "ratings": case.ratings.all(),
        "rates_attitude": policy.rate_attitude,
        "communications": case.communications.select_related("assignment__unit", "recorded_by")
        if oversees or my_units
        else [],
        "promises": [
            {
                "object": promise,
                "light": promise.light(today),
                "report_url": reverse("casework:report_promise", args=[promise.pk])
                if promise.state == Promise.State.OPEN and promise.reply.assignment.unit_id in my_units
                else "",
            }
            for promise in case.promises.select_related("reply__assignment__unit")
        ],
        "urges": case.urges.select_related("urged_by"),
        "timeline": case_timeline(case, labels),
        "oversees": oversees,
        "assign_url": reverse("casework:assign", args=[case.pk])
        if may_decide and case.state == Case.State.REGISTERED
        else "",
        "urge_url": reverse("casework:urge", args=[case.pk])
        if user.has_perm(access.URGE, case) and case.state not in Case.FINISHED
        else "",
        "close_url": reverse("casework:close_unrated", args=[case.pk])
        if may_decide and case.rating_lapsed(today)
        else "",
        "list_url": reverse("casework:overview") if oversees else reverse("casework:unit_items"),
        "list_title": _("办理件") if oversees else _("待办事项"),
    }
    return render(request, "casework/detail.html", context)


@permission(access.OPEN)
def reply_attachment(request, pk):
    attachment = access.attachment_for(request.user, pk)
    try:
        stream = attachment.file.open("rb")
    except FileNotFoundError:
        # The record outlived its file (a restore without the uploads folder): say so, not 500.
        raise Http404 from None
    return FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


class CaseAction(View):
    """GET shows the action's form, POST hands it to the service; a refusal stays beside the form."""

    permission_name = ""
    form_class = forms.ConfirmForm
    title = ""
    button = gettext_lazy("提交")
    success_message = gettext_lazy("已提交。")
    template_name = "casework/action.html"

    @classmethod
    def as_view(cls, **initkwargs):
        return permission(cls.permission_name)(super().as_view(**initkwargs))

    def target(self):
        raise NotImplementedError

    def case_of(self, target) -> Case:
        return target.case

    def form_kwargs(self, target) -> dict:
        return {}

    def perform(self, actor: Actor, target, form):
        raise NotImplementedError

    def describe(self, target) -> list[tuple[str, object]]:
        """Facts shown above the form, so the clerk knows what is being acted on."""
        return []

    def notice(self, target) -> str:
        """Why the action will be refused as things stand, said before anyone fills in the form."""
        return ""

    def hints_url(self, target) -> str:
        """A fragment of hints the page fetches after it is shown (e.g. suggested units)."""
        return ""

    def form(self, target):
        if self.request.method == "POST":
            # Bound even when empty: an action without fields (签收) is still a submitted form.
            return self.form_class(self.request.POST, self.request.FILES, **self.form_kwargs(target))
        return self.form_class(**self.form_kwargs(target))

    def render(self, target, form, status=200):
        case = self.case_of(target)
        context = {
            "case": case,
            "case_url": reverse("casework:detail", args=[case.pk]),
            "state_label": case.state_label(),
            "title": self.title,
            "facts": self.describe(target),
            "notice": self.notice(target),
            "form": form,
            "button": self.button,
            "hints_url": self.hints_url(target),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        target = self.target()
        return self.render(target, self.form(target))

    def post(self, request, pk):
        target = self.target()
        form = self.form(target)
        if form.is_valid():
            try:
                self.perform(Actor.from_request(request), target, form)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect("casework:detail", self.case_of(target).pk)
        messages.error(request, _("未能提交，请根据提示修改；未作任何更改。"))
        return self.render(target, form)


class UnitAction(CaseAction):
    permission_name = access.WORK

    def target(self):
        return access.assignment_for_clerk(self.request.user, self.kwargs["pk"])

    def describe(self, assignment):
        return [
            (_("承办单位"), f"{assignment.unit.name}（{assignment.get_kind_display()}）"),
            (_("交办状态"), assignment.get_state_display()),
            (_("期限"), assignment.due_date),
        ]


class SignView(UnitAction):
    title = gettext_lazy("签收")
    button = gettext_lazy("确认签收")
    success_message = gettext_lazy("已签收。")

    def perform(self, actor, assignment, form):
        services.sign(actor=actor, assignment=assignment)


class ReturnRequestView(UnitAction):
    form_class = forms.ReturnRequestForm
    title = gettext_lazy("申请退回")
    success_message = gettext_lazy("退回申请已提交，等待常委会工作机构审批。")

    def describe(self, assignment):
        return [*super().describe(assignment), (_("申请退回截止"), assignment.return_window_end)]

    def perform(self, actor, assignment, form):
        services.request_return(actor=actor, assignment=assignment, reason=form.cleaned_data["reason"])


class ExtensionRequestView(UnitAction):
    form_class = forms.ExtensionRequestForm
    title = gettext_lazy("申请延期")
    success_message = gettext_lazy("延期申请已提交，等待审批。")

    def form_kwargs(self, assignment):
        return {"assignment": assignment}

    def perform(self, actor, assignment, form):
        services.request_extension(
            actor=actor,
            assignment=assignment,
            new_date=form.cleaned_data["new_date"],
            reason=form.cleaned_data["reason"],
        )


class CoOpinionView(UnitAction):
    form_class = forms.CoOpinionForm
    title = gettext_lazy("提交会办意见")
    success_message = gettext_lazy("会办意见已提交主办单位。")

    def perform(self, actor, assignment, form):
        services.give_co_opinion(actor=actor, assignment=assignment, text=form.cleaned_data["text"])


class ReplyView(UnitAction):
    form_class = forms.ReplyForm
    title = gettext_lazy("答复")
    button = gettext_lazy("提交答复")
    success_message = gettext_lazy("答复已提交。")

    def form_kwargs(self, assignment):
        return {"case": assignment.case}

    def describe(self, assignment):
        # The lead unit answers with the co-handling units' opinions in front of it.
        opinions = CoOpinion.objects.filter(
            assignment__case=assignment.case_id, assignment__round=assignment.round
        ).select_related("assignment__unit")
        return [
            *super().describe(assignment),
            *((_("会办意见（%(unit)s）") % {"unit": o.assignment.unit.name}, o.text) for o in opinions),
        ]

    def notice(self, assignment):
        return " ".join(services.reply_warnings(assignment.case, assignment))

    def perform(self, actor, assignment, form):
        services.reply(
            actor=actor,
            assignment=assignment,
            text=form.cleaned_data["text"],
            category=form.cleaned_data.get("category", ""),
            signed_off_by=form.cleaned_data["signed_off_by"],
            attachments=form.cleaned_data["attachments"],
            promises=form.promises(),
        )


class ReviseReplyView(UnitAction):
    """While staff hold the unit's reply (答复质量审核), the unit may rewrite it."""

    form_class = forms.ReviseReplyForm
    title = gettext_lazy("修改答复")
    button = gettext_lazy("重新提交答复")
    success_message = gettext_lazy("答复已重新提交。")

    def held_reply(self, assignment) -> Reply:
        reply = Reply.objects.filter(assignment=assignment, shown_at=None).first()
        if reply is None:
            raise Http404
        return reply

    def form(self, target):
        if self.request.method == "POST":
            return super().form(target)
        return self.form_class(initial={"text": self.held_reply(target).text})

    def describe(self, assignment):
        return [*super().describe(assignment), (_("暂缓送达原因"), self.held_reply(assignment).held_note)]

    def perform(self, actor, assignment, form):
        services.revise_reply(actor=actor, reply=self.held_reply(assignment), text=form.cleaned_data["text"])


class ContactView(UnitAction):
    form_class = forms.CommunicationForm
    title = gettext_lazy("登记沟通情况")
    success_message = gettext_lazy("沟通情况已登记。")

    def describe(self, assignment):
        due = services.first_contact_due(assignment.case, assignment)
        return [*super().describe(assignment), (_("首次沟通期限"), due)]

    def perform(self, actor, assignment, form):
        services.log_contact(actor=actor, assignment=assignment, **form.cleaned_data)


class PromiseReportView(CaseAction):
    """二次答复: the unit that promised reports a promise kept."""

    permission_name = access.WORK
    form_class = forms.PromiseReportForm
    title = gettext_lazy("报告承诺事项落实情况")
    success_message = gettext_lazy("落实情况已报告，等待提出人确认。")

    def target(self):
        promise = (
            Promise.objects.select_related("reply__assignment", "case").filter(pk=self.kwargs["pk"]).first()
        )
        if promise is None or promise.reply.assignment_id is None:
            raise Http404
        access.assignment_for_clerk(self.request.user, promise.reply.assignment_id)
        return promise

    def describe(self, promise):
        return [(_("承诺事项"), promise.text), (_("承诺时限"), promise.due_date)]

    def perform(self, actor, promise, form):
        services.report_promise(actor=actor, promise=promise, report=form.cleaned_data["report"])


class DecideReturnView(CaseAction):
    permission_name = access.ASSIGN
    form_class = forms.ReturnDecisionForm
    title = gettext_lazy("审批退回申请")
    success_message = gettext_lazy("已审批退回申请。")

    def target(self):
        return access.assignment_for_staff(self.request.user, self.kwargs["pk"])

    def form_kwargs(self, assignment):
        return {"user": self.request.user}

    def describe(self, assignment):
        return [
            (_("承办单位"), f"{assignment.unit.name}（{assignment.get_kind_display()}）"),
            (_("退回理由"), assignment.return_reason),
        ]

    def perform(self, actor, assignment, form):
        services.decide_return(
            actor=actor,
            assignment=assignment,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"].strip(),
            reassign_to=form.cleaned_data["reassign_to"],
        )


class DecideExtensionView(CaseAction):
    permission_name = access.ASSIGN
    form_class = forms.ExtensionDecisionForm
    title = gettext_lazy("审批延期申请")
    success_message = gettext_lazy("已审批延期申请。")

    def target(self):
        return access.extension_for(self.request.user, self.kwargs["pk"])

    def case_of(self, extension):
        return extension.assignment.case

    def describe(self, extension):
        assignment = extension.assignment
        return [
            (_("承办单位"), assignment.unit.name),
            (_("当前期限"), assignment.due_date),
            (_("申请延至"), extension.requested_date),
            (_("最迟期限"), assignment.cap_date),
            (_("延期理由"), extension.reason),
        ]

    def perform(self, actor, extension, form):
        services.decide_extension(
            actor=actor,
            extension=extension,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"].strip(),
        )


class StaffCaseAction(CaseAction):
    action_permission = access.ASSIGN

    def target(self):
        return access.case_for(self.request.user, self.kwargs["pk"], action=self.action_permission)

    def case_of(self, case):
        return case


class UrgeView(StaffCaseAction):
    permission_name = access.URGE
    action_permission = access.URGE
    form_class = forms.UrgeForm
    title = gettext_lazy("督办催办")
    success_message = gettext_lazy("督办意见已发送承办单位。")

    def describe(self, case):
        return [(_("已督办次数"), case.urge_count), (_("答复期限"), case.due_date)]

    def perform(self, actor, case, form):
        services.urge(actor=actor, case=case, message=form.cleaned_data["message"])


class CloseUnratedView(StaffCaseAction):
    permission_name = access.ASSIGN
    title = gettext_lazy("结束评价")
    button = gettext_lazy("按未评价办结")
    success_message = gettext_lazy("评价期已过，已按未评价办结。")

    def describe(self, case):
        return [(_("评价截止"), case.rating_due)]

    def perform(self, actor, case, form):
        services.close_unrated(actor=actor, case=case)


class AssignView(StaffCaseAction):
    """交办: a lead unit with co-handling units, or several units separately. Also used again after
    an approved send-back leaves the item waiting to be assigned."""

    permission_name = access.ASSIGN
    form_class = forms.AssignForm
    title = gettext_lazy("交办")
    button = gettext_lazy("交办")
    success_message = gettext_lazy("已交办，承办单位将收到通知。")

    def form_kwargs(self, case):
        return {"user": self.request.user, "case": case}

    def describe(self, case):
        return [(_("办理轮次"), case.round)]

    def hints_url(self, case):
        # 承办单位 suggestions (lianxin.routing), by URL name: the engine does not import it.
        return reverse("routing:case_units", args=[case.pk]) if case.state == Case.State.REGISTERED else ""

    def notice(self, case):
        if case.state != Case.State.REGISTERED:
            return _("该事项已交办，只有待交办的事项才能交办；需改交其他单位时，请审批承办单位的退回申请。")
        return ""

    def perform(self, actor, case, form):
        services.assign(actor=actor, case=case, **form.arguments())
