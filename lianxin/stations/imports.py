from lianxin.spreadsheets.imports import ImportSpec
from lianxin.spreadsheets.views import ImportView


class StationImportSpec(ImportSpec):
    title = "导入履职阵地"


class StationImportView(ImportView):
    spec_class = StationImportSpec
    permission_name = "stations.import_station"
    list_url_name = "stations:list"
    template_url_name = "stations:import_template"
