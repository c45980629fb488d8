from django.shortcuts import render

from lianxin.accounts.decorators import permission


@permission("audit.view_event")
def event_list(request):
    return render(request, "audit/list.html", {})
