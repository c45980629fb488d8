"""Error pages in Chinese; none of them ever shows a stack trace."""

from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _


def _page(request, status: int, title: str, message: str):
    # Error pages must render even when the failure was in a context processor or the database.
    try:
        return render(
            request, "error.html", {"status": status, "title": title, "message": message}, status=status
        )
    except Exception:
        from django.http import HttpResponse

        return HttpResponse(f"<h1>{status} {title}</h1><p>{message}</p>", status=status)


def bad_request(request, exception=None):
    return _page(request, 400, _("请求有误"), _("请求的内容不完整或格式不正确，请返回上一页重试。"))


def permission_denied(request, exception=None):
    return _page(request, 403, _("没有权限"), _("您的角色不能执行这项操作。如有需要，请联系系统管理员。"))


def page_not_found(request, exception=None):
    return _page(request, 404, _("页面不存在"), _("您访问的页面不存在，或不在您的管辖范围内。"))


def server_error(request):
    # Rendered without the request context: the failure may have been in a context processor.
    template = get_template("error_plain.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(
        template.render(
            {"status": 500, "title": _("系统繁忙"), "message": _("服务器处理时出错，已记录。请稍后重试。")}
        )
    )


def csrf_failure(request, reason=""):
    return _page(request, 403, _("页面已过期"), _("表单已过期或来源无法验证，请刷新页面后重新提交。"))
