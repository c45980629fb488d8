"""Searchable, filterable, paginated and exportable lists of the objects in a user's scope."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from lianxin.accounts.access import in_scope
from lianxin.accounts.decorators import permission
from lianxin.spreadsheets.export import xlsx_response


def within_region(queryset: QuerySet, region, path_field: str = "region__path") -> QuerySet:
    return queryset.filter(**{f"{path_field}__startswith": region.path})


@dataclass(frozen=True)
class Column:
    label: str
    value: str | Callable  # a dotted attribute path or a function of the object
    link: bool = False

    def of(self, obj):
        if callable(self.value):
            return self.value(obj)
        result = obj
        for part in self.value.split("."):
            result = getattr(result, part, None)
            if result is None:
                return ""
            if callable(result) and part.startswith("get_"):
                result = result()
        return result


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)


class ScopedListView(View):
    model = None
    view_permission = ""
    path_field = "region__path"
    title = ""
    columns: list[Column] = []
    search_fields: list[str] = []
    filter_form_class: type[forms.Form] | None = None
    # Filter form field → a queryset lookup, or a function (queryset, value) → queryset.
    filters: dict[str, str | Callable] = {}
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ()
    detail_url_name = ""
    create_url_name = ""
    create_permission = ""
    import_url_name = ""
    import_permission = ""
    export_permission = ""
    export_filename = "export"
    # Further pages beside the list (a ledger, statistics): (url name, label, permission).
    links: tuple = ()
    paginate_by = 25
    template_name = "backoffice/list.html"

    @classmethod
    def as_view(cls, **initkwargs):
        return permission(cls.view_permission)(super().as_view(**initkwargs))

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_queryset(self, search: forms.Form, filters: forms.Form | None) -> QuerySet:
        queryset = in_scope(
            self.base_queryset(), self.request.user, view=self.view_permission, path_field=self.path_field
        )
        term = search.cleaned_data.get("q") if search.is_valid() else ""
        if term:
            queryset = queryset.filter(self.search_q(term))
        if filters is not None and filters.is_valid():
            for name, lookup in self.filters.items():
                value = filters.cleaned_data.get(name)
                if value in (None, "", []):
                    continue
                queryset = lookup(queryset, value) if callable(lookup) else queryset.filter(**{lookup: value})
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        if self.ordering:
            queryset = queryset.order_by(*self.ordering)
        return queryset

    def search_q(self, term: str) -> Q:
        if not self.search_fields:
            return Q()
        return reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))

    def row_url(self, obj) -> str:
        return reverse(self.detail_url_name, args=[obj.pk]) if self.detail_url_name else ""

    def filter_form(self):
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(self.request.GET or None, user=self.request.user)

    def get(self, request):
        search = SearchForm(request.GET or None)
        filters = self.filter_form()
        queryset = self.get_queryset(search, filters)
        user = request.user
        if (
            request.GET.get("format") == "xlsx"
            and self.export_permission
            and user.has_perm(self.export_permission)
        ):
            return xlsx_response(
                self.export_filename,
                str(self.title),
                [str(c.label) for c in self.columns],
                ([c.of(obj) for c in self.columns] for obj in queryset.iterator(chunk_size=2000)),
            )
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        rows = [
            {
                "cells": [c.of(obj) for c in self.columns],
                "url": self.row_url(obj),
            }
            for obj in page.object_list
        ]
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "title": self.title,
            "columns": self.columns,
            "rows": rows,
            "page": page,
            "search": search,
            "filters": filters,
            "querystring": query.urlencode(),
            "create_url": reverse(self.create_url_name)
            if self.create_url_name and user.has_perm(self.create_permission)
            else "",
            "import_url": reverse(self.import_url_name)
            if self.import_url_name and user.has_perm(self.import_permission)
            else "",
            "can_export": bool(self.export_permission) and user.has_perm(self.export_permission),
            "links": [(reverse(name), label) for name, label, perm in self.links if user.has_perm(perm)],
        }
        template = self.template_name
        if request.htmx and request.htmx.target == "results":
            template += "#results"
        return render(request, template, context)
