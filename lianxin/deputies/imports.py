"""Importing the deputy roll from Excel: one row per seat, people matched by ID number.

A person holding seats at several levels (五级代表) appears on several rows with the same
ID number and becomes one deputy with several seats. Constituencies, delegations and
deputies' groups named in the file are created in their term when they do not exist yet.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.accounts.permissions import scope_filter
from lianxin.audit.writes import create_recorded
from lianxin.congresses.models import Congress, Constituency, Delegation, DeputyGroup, Term
from lianxin.deputies.choices import ETHNICITIES, INDUSTRIES, PARTIES, Gender, SeatStatus
from lianxin.deputies.forms import TagsField
from lianxin.deputies.models import Deputy, ExpertiseTag, Seat
from lianxin.privacy.fields import digest_for
from lianxin.privacy.masking import ID_NUMBER
from lianxin.privacy.normalise import normalise
from lianxin.privacy.validators import validate_id_number, validate_phone
from lianxin.regions.models import Region
from lianxin.spreadsheets.imports import (
    ImportColumn,
    ImportResult,
    ImportSpec,
    LabelChoiceField,
    RowError,
    labels,
    region_for_code,
    region_reference,
)
from lianxin.spreadsheets.views import ImportView

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
PERMISSION = "deputies.import_deputy"


class DeputyRowForm(forms.Form):
    name = forms.CharField(max_length=50)
    gender = LabelChoiceField(Gender.choices)
    ethnicity = forms.ChoiceField(choices=[(e, e) for e in ETHNICITIES], required=False)
    birth_date = forms.DateField(input_formats=DATE_FORMATS, required=False)
    party = forms.ChoiceField(choices=[(p, p) for p in PARTIES], required=False)
    occupation = forms.CharField(max_length=50, required=False)
    industry = forms.ChoiceField(choices=[("", ""), *[(i, i) for i in INDUSTRIES]], required=False)
    workplace = forms.CharField(max_length=100, required=False)
    title = forms.CharField(max_length=100, required=False)
    region = forms.CharField(max_length=20)
    phone = forms.CharField(max_length=20, required=False, validators=[validate_phone])
    id_number = forms.CharField(max_length=20, required=False, validators=[validate_id_number])
    expertise = TagsField(required=False)
    congress = forms.CharField(max_length=100)
    term = forms.IntegerField(min_value=1, max_value=99)
    constituency = forms.CharField(max_length=100, required=False)
    electoral_unit = forms.CharField(max_length=100, required=False)
    delegation = forms.CharField(max_length=100, required=False)
    group = forms.CharField(max_length=100, required=False)
    status = LabelChoiceField(SeatStatus.choices)
    status_changed_on = forms.DateField(input_formats=DATE_FORMATS, required=False)
    elected_on = forms.DateField(input_formats=DATE_FORMATS, required=False)

    def __init__(self, data, *, user):
        data = {**data, "status": data.get("status") or str(SeatStatus.SERVING.label)}
        super().__init__(data)
        self.user = user

    def clean_region(self):
        return region_for_code(
            self.cleaned_data["region"], user=self.user, permission=PERMISSION, max_level=Region.Level.VILLAGE
        )

    def clean(self):
        cleaned = super().clean()
        name, number = cleaned.get("congress"), cleaned.get("term")
        if name and number:
            congress = Congress.objects.filter(
                scope_filter(self.user, PERMISSION, "region__path"), name=name
            ).first()
            term = Term.objects.filter(congress=congress, number=number).first() if congress else None
            if congress is None:
                self.add_error(
                    "congress", _("没有名为「%(name)s」的人大，或不在您的管辖范围内。") % {"name": name}
                )
            elif term is None:
                self.add_error("term", _("%(congress)s没有第 %(n)d 届。") % {"congress": name, "n": number})
            cleaned["term_obj"] = term
        status = cleaned.get("status")
        if status and status != SeatStatus.SERVING and not cleaned.get("status_changed_on"):
            self.add_error("status_changed_on", _("状态为辞职、罢免或终止时必须填写变更日期。"))
        return cleaned


class DeputyImportSpec(ImportSpec):
    title = gettext_lazy("导入人大代表")
    filename = "人大代表导入模板"
    columns = (
        ImportColumn("姓名", "name", required=True, example="王建国"),
        ImportColumn("性别", "gender", required=True, choices=("男", "女"), example="男"),
        ImportColumn("民族", "ethnicity", note="默认汉族", example="汉族"),
        ImportColumn("出生日期", "birth_date", note="如 1975-03-08", example="1975-03-08"),
        ImportColumn("政治面貌", "party", choices=tuple(PARTIES), example="中共党员"),
        ImportColumn("职业", "occupation", example="农民"),
        ImportColumn("行业", "industry", choices=tuple(INDUSTRIES), example="农民"),
        ImportColumn("工作单位", "workplace", example="某某村股份经济合作社"),
        ImportColumn("职务", "title", example="理事长"),
        ImportColumn(
            "所在区域代码",
            "region",
            required=True,
            note="代表所在乡镇（街道）或村（社区）的区划代码，见“区划代码”工作表",
        ),
        ImportColumn("手机号", "phone", example="13800000000"),
        ImportColumn("身份证号", "id_number", note="同一人在多级人大任代表时，各行填写相同身份证号"),
        ImportColumn("专长", "expertise", note="多个专长用顿号分隔", example="农业技术、乡村治理"),
        ImportColumn("人大", "congress", required=True, note="人大名称，见“人大与届次”工作表"),
        ImportColumn("届次", "term", required=True, note="数字，如 18", example="18"),
        ImportColumn("选区", "constituency", note="不存在时自动新建", example="第3选区"),
        ImportColumn("选举单位", "electoral_unit", note="间接选举的代表填写"),
        ImportColumn("代表团", "delegation", note="不存在时自动新建"),
        ImportColumn("代表小组", "group", note="不存在时自动新建"),
        ImportColumn("状态", "status", choices=labels(SeatStatus.choices), note="默认在任"),
        ImportColumn("状态变更日期", "status_changed_on", note="辞职、罢免、终止时必填"),
        ImportColumn("当选日期", "elected_on"),
    )
    row_form = DeputyRowForm

    def reference_sheets(self, user):
        terms = Term.objects.filter(scope_filter(user, PERMISSION, "congress__region__path")).select_related(
            "congress"
        )
        return [
            region_reference(user, PERMISSION, Region.Level.VILLAGE),
            (_("人大与届次"), [_("人大"), _("届次")], [[t.congress.name, t.number] for t in terms]),
        ]

    def check_rows(self, rows, user):
        errors = []
        first_row: dict[tuple[str, int], int] = {}
        first_name: dict[str, tuple[int, str]] = {}
        for number, row in rows:
            digest = digest_for(row["id_number"], ID_NUMBER)
            if not digest:
                continue
            term = row["term_obj"]
            if (digest, term.pk) in first_row:
                errors.append(
                    RowError(
                        number,
                        "身份证号",
                        _("与第 %(n)d 行是同一身份证号、同一届次，同一人在一届中只能有一个代表资格。")
                        % {"n": first_row[(digest, term.pk)]},
                    )
                )
            else:
                first_row[(digest, term.pk)] = number
            # Rows of one person (五级代表) must agree on who it is; the first row's details are kept.
            seen_at, seen_name = first_name.setdefault(digest, (number, row["name"]))
            if seen_name != row["name"]:
                errors.append(
                    RowError(
                        number,
                        "姓名",
                        _("与第 %(n)d 行身份证号相同但姓名不同（「%(a)s」与「%(b)s」），请核对。")
                        % {"n": seen_at, "a": seen_name, "b": row["name"]},
                    )
                )
            existing = Deputy.objects.filter(id_number_digest=digest).first()
            if existing is None:
                continue
            if not Deputy.objects.filter(
                scope_filter(user, PERMISSION, "region__path"), pk=existing.pk
            ).exists():
                errors.append(
                    RowError(
                        number,
                        "身份证号",
                        _("该身份证号已登记在您管辖范围之外的代表名下，请联系上级人大。"),
                    )
                )
            elif existing.name != row["name"]:
                errors.append(
                    RowError(
                        number,
                        "姓名",
                        _("该身份证号已登记为代表「%(name)s」，与本行姓名不一致，请核对。")
                        % {"name": existing.name},
                    )
                )
            elif Seat.objects.filter(deputy=existing, term=term).exists():
                errors.append(RowError(number, "届次", _("该代表在这一届次已有代表资格。")))
        return errors

    def commit(self, rows, *, actor, user):
        people: dict[str, Deputy] = {}
        created_people = created_seats = 0
        new_parts: dict[str, set[str]] = {"选区": set(), "代表团": set(), "代表小组": set()}
        for _number, row in rows:
            digest = digest_for(row["id_number"], ID_NUMBER)
            deputy = people.get(digest) if digest else None
            if deputy is None and digest:
                deputy = Deputy.objects.filter(id_number_digest=digest).first()
            if deputy is None:
                deputy = create_recorded(
                    Deputy,
                    actor=actor,
                    action="deputies.deputy.imported",
                    values={
                        "name": row["name"],
                        "gender": row["gender"],
                        "ethnicity": row["ethnicity"] or "汉族",
                        "birth_date": row["birth_date"],
                        "party": row["party"] or "群众",
                        "occupation": row["occupation"],
                        "industry": row["industry"],
                        "workplace": row["workplace"],
                        "title": row["title"],
                        "region": row["region"],
                        "phone": row["phone"],
                        "id_number": normalise(row["id_number"], ID_NUMBER),
                        "expertise": [
                            ExpertiseTag.objects.get_or_create(name=name)[0] for name in row["expertise"]
                        ],
                    },
                )
                created_people += 1
            if digest:
                people[digest] = deputy
            term = row["term_obj"]
            parts = {}
            for key, model, label, code in (
                ("constituency", Constituency, "选区", "constituency"),
                ("delegation", Delegation, "代表团", "delegation"),
                ("group", DeputyGroup, "代表小组", "group"),
            ):
                if not row[key]:
                    continue
                part = model.objects.filter(term=term, name=row[key]).first()
                if part is None:
                    part = create_recorded(
                        model,
                        actor=actor,
                        action=f"congresses.{code}.created",
                        values={"term": term, "name": row[key], "region": term.congress.region},
                    )
                    new_parts[label].add(row[key])
                parts[key] = part
            create_recorded(
                Seat,
                actor=actor,
                action="deputies.seat.imported",
                values={
                    "deputy": deputy,
                    "term": term,
                    "electoral_unit": row["electoral_unit"],
                    "status": row["status"],
                    "status_changed_on": row["status_changed_on"],
                    "elected_on": row["elected_on"],
                    **parts,
                },
            )
            created_seats += 1
        summary = [_("新增代表 %(p)d 人，代表资格 %(s)d 条。") % {"p": created_people, "s": created_seats}]
        summary += [
            _("新建%(kind)s：%(names)s") % {"kind": kind, "names": "、".join(sorted(names))}
            for kind, names in new_parts.items()
            if names
        ]
        return ImportResult(created=created_seats, summary=summary)


class DeputyImportView(ImportView):
    spec_class = DeputyImportSpec
    permission_name = PERMISSION
    list_url_name = "deputies:list"
    template_url_name = "deputies:import_template"
