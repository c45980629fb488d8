"""Create and edit screens: a form validates, a service function writes."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import permission


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RecordFormView(View):
    """GET shows the form, POST validates it and hands the cleaned data to ``save``.

    Subclasses set ``permission_name`` (checked without an object, so the page itself is
    guarded) and implement ``get_object`` (None when creating) and ``save``.
    """

    permission_name = ""
    form_class = None
    template_name = "backoffice/form.html"
    title = ""
    success_message = _("已保存。")

    @classmethod
    def as_view(cls, **initkwargs):
        return permission(cls.permission_name)(super().as_view(**initkwargs))

    def get_object(self):
        return None

    def get_form(self, obj):
        return self.form_class(
            self.request.POST or None, self.request.FILES or None, instance=obj, user=self.request.user
        )

    def save(self, form, actor: Actor, obj):
        raise NotImplementedError

    def get_title(self, obj) -> str:
        return str(self.title)

    def cancel_url(self, obj) -> str:
        # A new record's list is one level up (/office/stations/new/ → /office/stations/);
        # forms nested under another record override this.
        return obj.get_absolute_url() if obj is not None else ".."

    def context(self, form, obj) -> dict:
        return {"form": form, "object": obj, "title": self.get_title(obj), "cancel_url": self.cancel_url(obj)}

    def get(self, request, **kwargs):
        obj = self.get_object()
        return render(request, self.template_name, self.context(self.get_form(obj), obj))

    def post(self, request, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj)
        if form.is_valid():
            try:
                saved = self.save(form, Actor.from_request(request), obj)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect(saved.get_absolute_url())
        if NON_FIELD_ERRORS in form.errors or form.errors:
            messages.error(request, _("请根据提示修改后再保存，未保存任何内容。"))
        return render(request, self.template_name, self.context(form, obj), status=200)
