"""Office screens of 云接待: the sessions, scheduling one, its questions and the deputies' answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.audit.presentation import timeline_entries
from lianxin.backoffice.forms_views import RecordFormView, attach_errors
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.onlinestation import access, services
from lianxin.onlinestation.forms import AnswerForm, SessionForm
from lianxin.onlinestation.models import Session
from lianxin.workbench.rendering import style_widgets


class SessionListView(ScopedListView):
    model = Session
    view_permission = access.VIEW
    path_field = "station__region__path"
    title = gettext_lazy("云接待")
    columns = [
        Column(gettext_lazy("主题"), "title"),
        Column(gettext_lazy("履职阵地"), "station.name"),
        Column(gettext_lazy("开始时间"), lambda s: f"{s.starts_at.astimezone():%Y-%m-%d %H:%M}"),
        Column(gettext_lazy("结束时间"), lambda s: f"{s.ends_at.astimezone():%Y-%m-%d %H:%M}"),
        Column(gettext_lazy("状态"), "get_state_display"),
        Column(gettext_lazy("留言"), "question_count"),
        Column(gettext_lazy("未答复"), "unanswered_count"),
    ]
    search_fields = ["title", "station__name"]
    ordering = ("-starts_at", "-pk")
    detail_url_name = "onlinestation:detail"
    create_url_name = "onlinestation:create"
    create_permission = access.MANAGE

    def base_queryset(self):
        return access.sessions_for_list(self.request.user).annotate(
            question_count=Count("questions", distinct=True),
            unanswered_count=Count("questions", filter=Q(questions__visibility=""), distinct=True),
        )


class SessionCreateView(RecordFormView):
    permission_name = access.MANAGE
    form_class = SessionForm
    title = gettext_lazy("安排云接待")

    def save(self, form, actor, obj):
        data = form.cleaned_data
        return services.session_create(
            actor=actor,
            station=data["station"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            deputies=data["deputies"],
            note=data["note"],
        )


def _detail(request, session: Session, answer_forms: dict | None = None):
    user = request.user
    answer_forms = answer_forms or {}
    # Whoever may answer one of the session's questions may answer them all: asked once.
    may_answer = session.closed_at is None and user.has_perm(access.ANSWER, session)
    rows = []
    for question in session.questions.select_related("answered_by", "opinion"):
        form = None
        waiting = not question.is_answered() and question.opinion_id is None
        if waiting and may_answer:
            form = answer_forms.get(question.pk) or AnswerForm(question=question)
            style_widgets(form)
        rows.append({"question": question, "form": form})
    return render(
        request,
        "onlinestation/detail.html",
        {
            "session": session,
            "title": session.title,
            "rows": rows,
            "deputies": session.deputies.order_by("name"),
            "timeline": timeline_entries(session),
        },
    )


@permission(access.VIEW)
def session_detail(request, pk):
    return _detail(request, access.session_for(request.user, pk))


@permission(access.ANSWER)
@require_POST
def question_answer(request, pk):
    question = access.question_for(request.user, pk, action=access.ANSWER)
    form = AnswerForm(request.POST, question=question)
    if form.is_valid():
        try:
            services.answer(
                actor=Actor.from_request(request),
                question=question,
                text=form.cleaned_data["text"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已答复，并已短信告知留言人。"))
            return redirect(question.session.get_absolute_url())
    messages.error(request, _("答复未保存，请根据提示修改。"))
    session = access.session_for(request.user, question.session_id)
    return _detail(request, session, {question.pk: form})
