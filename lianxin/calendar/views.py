from django.shortcuts import render

from lianxin.accounts.decorators import permission
from lianxin.calendar.models import HolidayYear


@permission("calendar.view_holidayyear")
def year_list(request):
    return render(request, "calendar/list.html", {"years": HolidayYear.objects.all()})
