"""{{ form }} through the Bootstrap renderer: labels, lists of choices as fieldsets, errors beside
each field and marked invalid for assistive technology."""

from django import forms


class UnitsForm(forms.Form):
    kind = forms.ChoiceField(
        label="承办方式", choices=[("lead", "主办"), ("separate", "分办")], widget=forms.RadioSelect
    )
    co = forms.MultipleChoiceField(
        label="会办单位", choices=[("1", "连心县教育局")], required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label="理由")


def test_choice_lists_are_fieldsets_named_by_their_legend_and_errors_mark_them_invalid():
    form = UnitsForm(data={"reason": ""})
    html = str(form)
    assert '<legend class="form-label fs-6">承办方式' in html
    assert '<legend class="form-label fs-6">会办单位' in html
    assert '<label for="id_reason" class="form-label">理由' in html
    # A list of radios with an error: marked invalid like any other control, no crash.
    assert 'class="is-invalid"' in html
    assert 'class="form-control is-invalid"' in html
    assert html.count('class="errorlist"') == 2
