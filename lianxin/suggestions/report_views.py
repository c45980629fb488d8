"""建议办理台账 (Excel) and 办理情况统计 (tables, charts, Excel) for the offices and leaders."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from lianxin.accounts.decorators import permission
from lianxin.spreadsheets.export import xlsx_response, xlsx_sheets_response
from lianxin.suggestions import access, ledger
from lianxin.suggestions import statistics as figures_of
from lianxin.suggestions.report_forms import LedgerForm, StatisticsForm

EXPORT = "suggestions.export_suggestion"
STATISTICS = "suggestions.view_statistics"


def _congress_in_scope(request, form) -> None:
    """A congress outside the user's scope does not exist for them (404), like any object."""
    wanted = request.GET.get("congress")
    if (
        wanted
        and not form.fields["congress"].queryset.filter(pk=wanted if wanted.isdigit() else None).exists()
    ):
        raise Http404


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@permission(EXPORT)
def ledger_view(request):
    """The filter page; with format=xlsx the ledger itself, every matching row."""
    form = LedgerForm(request.GET, user=request.user, permission=EXPORT)
    _congress_in_scope(request, form)
    count = None
    if form.is_valid():
        queryset = form.filter(access.suggestions_for(request.user))
        if request.GET.get("format") == "xlsx":
            data = form.cleaned_data
            return xlsx_response(
                _("建议办理台账-%(c)s-%(y)s") % {"c": data["congress"].name, "y": data["year"]},
                _("建议办理台账"),
                [str(h) for h in ledger.HEADERS],
                ledger.rows(queryset),
            )
        count = queryset.count()
    status = 200 if form.is_valid() else 400
    return render(
        request,
        "suggestions/ledger.html",
        {"title": _("建议办理台账"), "form": form, "count": count, "querystring": _querystring(request)},
        status=status,
    )


def _ratio(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0


def _charts(report) -> list[dict]:
    """ECharts options (drawn by static/lianxin/app.js from json_script; no inline script)."""
    units = report.by_unit[:15]
    total = report.total
    return [
        {
            "id": "chart-units",
            "option": {
                "title": {"text": _("各承办单位件数与办成情况"), "textStyle": {"fontSize": 14}},
                "tooltip": {"trigger": "axis"},
                "legend": {"top": 24},
                "grid": {"top": 60, "containLabel": True},
                "xAxis": {"type": "category", "data": [f.label for f in units], "axisLabel": {"rotate": 30}},
                "yAxis": {"type": "value"},
                "series": [
                    {"name": _("件数"), "type": "bar", "data": [f.count for f in units]},
                    {"name": _("已办结"), "type": "bar", "data": [f.handled for f in units]},
                    {"name": _("已办成"), "type": "bar", "data": [f.solved for f in units]},
                ],
            },
        },
        {
            "id": "chart-categories",
            "option": {
                "title": {
                    "text": _("答复类别（已答复 %(n)d 件）") % {"n": total.replied},
                    "textStyle": {"fontSize": 14},
                },
                "tooltip": {"trigger": "item"},
                "series": [
                    {
                        "type": "pie",
                        "radius": "60%",
                        "data": [
                            {"name": f"{c}类", "value": total.categories[c]} for c in figures_of.CATEGORIES
                        ],
                    }
                ],
            },
        },
        {
            "id": "chart-rates",
            "option": {
                "title": {"text": _("各类别按期答复率、满意率、办成率（%）"), "textStyle": {"fontSize": 14}},
                "tooltip": {"trigger": "axis"},
                "legend": {"top": 24},
                "grid": {"top": 60, "containLabel": True},
                "xAxis": {"type": "category", "data": [f.label for f in report.by_category]},
                "yAxis": {"type": "value", "max": 100},
                "series": [
                    {
                        "name": _("按期答复率"),
                        "type": "bar",
                        "data": [_ratio(f.on_time, f.replied) for f in report.by_category],
                    },
                    {
                        "name": _("满意率"),
                        "type": "bar",
                        "data": [_ratio(f.satisfied, f.rated) for f in report.by_category],
                    },
                    {
                        "name": _("办成率"),
                        "type": "bar",
                        "data": [_ratio(f.solved, f.handled) for f in report.by_category],
                    },
                ],
            },
        },
    ]


@permission(STATISTICS)
def statistics_view(request):
    form = StatisticsForm(request.GET, user=request.user, permission=STATISTICS)
    _congress_in_scope(request, form)
    if not form.is_valid():
        return render(
            request,
            "suggestions/statistics.html",
            {"title": _("建议办理情况统计"), "form": form, "report": None},
            status=400,
        )
    data = form.cleaned_data
    start, end = form.bounds()
    queryset = access.suggestions_for(request.user).filter(congress=data["congress"])
    report = figures_of.report(queryset, start, end)
    tables = [
        (_("按承办单位"), _("承办单位"), report.by_unit),
        (_("按类别"), _("类别"), report.by_category),
        (_("按代表团"), _("代表团"), report.by_delegation),
    ]
    headers = [str(h) for h in figures_of.HEADERS]
    if request.GET.get("format") == "xlsx":
        sheets = [
            (str(title), [str(first), *headers], [*(f.cells() for f in rows), report.total.cells()])
            for title, first, rows in tables
        ]
        sheets.append(
            (_("指标说明"), [_("指标"), _("口径")], [[str(a), str(b)] for a, b in figures_of.DEFINITIONS])
        )
        return xlsx_sheets_response(
            _("建议办理情况统计-%(c)s-%(s)s至%(e)s") % {"c": data["congress"].name, "s": start, "e": end},
            sheets,
        )
    return render(
        request,
        "suggestions/statistics.html",
        {
            "title": _("建议办理情况统计"),
            "form": form,
            "report": report,
            "start": start,
            "end": end,
            "congress": data["congress"],
            "headers": headers,
            "tables": [(title, first, [f.cells() for f in rows]) for title, first, rows in tables],
            "total": report.total.cells(),
            "definitions": figures_of.DEFINITIONS,
            "charts": [{**chart, "data_id": f"{chart['id']}-data"} for chart in _charts(report)],
            "querystring": _querystring(request),
        },
    )
