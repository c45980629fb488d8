"""The inbox: every signed-in user's own messages, and how they want to be told."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.accounts.actor import Actor
from lianxin.accounts.decorators import signed_in
from lianxin.notifications import services
from lianxin.notifications.access import notification_for
from lianxin.notifications.forms import PreferenceForm
from lianxin.notifications.models import Notification
from lianxin.notifications.push import preference_for

PAGE_SIZE = 30


@signed_in
def inbox(request):
    unread_first = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    mine = Notification.objects.filter(recipient=request.user)
    page = Paginator(mine.order_by(unread_first.desc(), "-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unread = mine.filter(read_at__isnull=True).count()
    return render(request, "notifications/inbox.html", {"page": page, "unread": unread})


@signed_in
@require_POST
def open_notification(request, pk):
    """Follow a message's link, marking it read on the way."""
    notification = notification_for(request.user, pk)
    services.mark_read(actor=Actor.from_request(request), notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@signed_in
@require_POST
def mark_read(request, pk):
    notification = notification_for(request.user, pk)
    services.mark_read(actor=Actor.from_request(request), notification=notification)
    return redirect("notifications:inbox")


@signed_in
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(actor=Actor.from_request(request))
    messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
    return redirect("notifications:inbox")


@signed_in
def preferences(request):
    preference = preference_for(request.user)
    # Not ``request.POST or None``: every box unticked and no address posts nothing at all.
    form = PreferenceForm.for_preference(preference, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.save_preference(actor=Actor.from_request(request), values=form.cleaned_data)
        messages.success(request, _("通知设置已保存。"))
        return redirect("notifications:inbox")
    has_phone = bool(request.user.phone)
    return render(request, "notifications/preferences.html", {"form": form, "has_phone": has_phone})
