from lianxin.spreadsheets.imports import ImportSpec
from lianxin.spreadsheets.views import ImportView


class UnitImportSpec(ImportSpec):
    title = "导入承办单位"


class UnitImportView(ImportView):
    spec_class = UnitImportSpec
    permission_name = "units.import_unit"
    list_url_name = "units:list"
    template_url_name = "units:import_template"
