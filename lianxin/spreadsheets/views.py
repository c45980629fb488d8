from urllib.parse import quote

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission
from lianxin.spreadsheets.imports import ImportSpec, run_import, template_workbook


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class ImportView(View):
    spec_class: type[ImportSpec] = ImportSpec
    permission_name = ""
    list_url_name = ""
    template_url_name = ""

    @classmethod
    def as_view(cls, **initkwargs):
        return permission(cls.permission_name)(super().as_view(**initkwargs))

    @classmethod
    def template_view(cls):
        @permission(cls.permission_name)
        def download(request):
            spec = cls.spec_class()
            response = HttpResponse(
                template_workbook(spec, request.user),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(spec.filename + '.xlsx')}"
            return response

        return download

    def context(self, form, result=None):
        spec = self.spec_class()
        return {
            "spec": spec,
            "form": form,
            "result": result,
            "list_url_name": self.list_url_name,
            "template_url_name": self.template_url_name,
        }

    def get(self, request):
        return render(request, "spreadsheets/import.html", self.context(UploadForm()))

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            result = run_import(
                self.spec_class(),
                form.cleaned_data["file"],
                actor=Actor.from_request(request),
                user=request.user,
            )
        return render(request, "spreadsheets/import.html", self.context(form, result))
