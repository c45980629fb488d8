"""Letter templates (per congress) and the letters made from them, downloaded as .docx."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.backoffice.forms_views import attach_errors
from lianxin.documents import access, fields, services
from lianxin.documents.forms import UploadForm
from lianxin.documents.models import Kind, LetterTemplate
from lianxin.suggestions import access as suggestion_access

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ASSIGNMENT_LETTER = "documents.assignment_letter"
REPLY_LETTER = "documents.reply_letter"


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _page(request, congress, form=None, status=200):
    congresses = list(access.congresses_for(request.user))
    versions = list(
        LetterTemplate.objects.filter(congress=congress)
        .select_related("uploaded_by")
        .order_by("kind", "-version")
    )
    kinds = [
        {
            "value": kind,
            "label": label,
            "versions": [v for v in versions if v.kind == kind],
            "active": next((v for v in versions if v.kind == kind and v.is_active), None),
            "fields": fields.FIELDS[kind],
        }
        for kind, label in Kind.choices
    ]
    return render(
        request,
        "documents/templates.html",
        {
            "title": _("公文模板"),
            "congress": congress,
            "congresses": congresses,
            "kinds": kinds,
            "form": form or UploadForm(),
        },
        status=status,
    )


def _chosen_congress(request):
    congresses = access.congresses_for(request.user)
    wanted = request.GET.get("congress") or request.POST.get("congress")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        return access.congress_for(request.user, int(wanted))
    congress = congresses.first()
    if congress is None:
        raise Http404
    return congress


@permission(services.MANAGE)
def templates(request):
    congress = _chosen_congress(request)
    if request.method != "POST":
        return _page(request, congress)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            template = services.upload_template(
                actor=Actor.from_request(request),
                congress=congress,
                kind=data["kind"],
                upload=data["file"],
                note=data["note"],
                activate=data["activate"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("已上传 %(t)s。") % {"t": template})
            return redirect(f"{reverse('documents:templates')}?congress={congress.pk}")
    messages.error(request, _("模板未上传，请根据提示修改，未做任何更改。"))
    return _page(request, congress, form, status=400)


@permission(services.MANAGE)
def current(request, congress_pk, kind):
    """The template in use (or the built-in one): what staff download to edit."""
    congress = access.congress_for(request.user, congress_pk)
    if kind not in Kind.values:
        raise Http404
    template, data = services.current_template(congress, kind)
    version = template.version if template else 0
    return _docx(data, f"{Kind(kind).label}模板-{congress.name}-第{version}版.docx")


@permission(services.MANAGE)
def version_file(request, pk):
    template = access.template_for(request.user, pk)
    with template.file.open("rb") as handle:
        data = handle.read()
    return _docx(
        data, f"{template.get_kind_display()}模板-{template.congress.name}-第{template.version}版.docx"
    )


@permission(services.MANAGE)
@require_POST
def activate(request, pk):
    template = access.template_for(request.user, pk)
    try:
        services.activate_template(actor=Actor.from_request(request), template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已启用 %(t)s。") % {"t": template})
    return redirect(f"{reverse('documents:templates')}?congress={template.congress_id}")


@permission(services.MANAGE)
@require_POST
def use_default(request, congress_pk, kind):
    congress = access.congress_for(request.user, congress_pk)
    if kind not in Kind.values:
        raise Http404
    try:
        services.use_default(actor=Actor.from_request(request), congress=congress, kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已改用内置模板。"))
    return redirect(f"{reverse('documents:templates')}?congress={congress.pk}")


@permission(ASSIGNMENT_LETTER)
def assignment_letter(request, pk):
    """交办函 of an assigned suggestion, for the congress's offices."""
    suggestion = suggestion_access.suggestion_for(request.user, pk, action=ASSIGNMENT_LETTER)
    case = suggestion.case
    if case is None or not case.assignments.exists():
        raise Http404
    context = fields.assignment_context(suggestion)
    data, _version = services.make_letter(
        actor=Actor.from_request(request),
        congress=suggestion.congress,
        kind=Kind.ASSIGNMENT,
        context=context,
        target=suggestion,
    )
    return _docx(data, f"交办函-{suggestion.label or suggestion.pk}.docx")


@permission(REPLY_LETTER)
def reply_letter(request, pk):
    """答复函 of one reply, for whoever may see the reply."""
    reply = access.reply_for(request.user, pk)
    suggestion = reply.case.suggestion
    data, _version = services.make_letter(
        actor=Actor.from_request(request),
        congress=suggestion.congress,
        kind=Kind.REPLY,
        context=fields.reply_context(suggestion, reply),
        target=suggestion,
    )
    return _docx(data, f"答复函-{suggestion.label or suggestion.pk}-第{reply.round}轮.docx")
