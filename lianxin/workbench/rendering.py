from django.forms.renderers import TemplatesSetting

_CONTROL_CLASSES = {
    "CheckboxInput": "form-check-input",
    "RadioSelect": "",
    "CheckboxSelectMultiple": "",
    "Select": "form-select",
    "SelectMultiple": "form-select",
    "NullBooleanSelect": "form-select",
}


class BootstrapFormRenderer(TemplatesSetting):
    """Renders ``{{ form }}`` as labelled Bootstrap fields with errors beside each field."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        form = context.get("form")
        if form is not None and hasattr(form, "fields"):
            style_widgets(form)
        return super().render(template_name, context, request)


def style_widgets(form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        css = _CONTROL_CLASSES.get(type(widget).__name__, "form-control")
        if css and css not in widget.attrs.get("class", ""):
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
        if form.is_bound and name in form.errors and "is-invalid" not in widget.attrs.get("class", ""):
            # Radio and checkbox lists carry no control class of their own.
            widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
