from django import template
from django.template.loader import render_to_string
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def masked(context, obj, field: str, kind: str, reveal_permission: str = ""):
    """A masked personal value, with a "查看明文" button for users allowed to reveal it."""
    user = context["request"].user
    value = getattr(obj, field)
    return render_to_string(
        "privacy/masked.html",
        {
            "value": value,
            "dom_id": f"pv-{kind.replace('.', '-')}-{obj.pk}-{field}",
            "can_reveal": bool(reveal_permission) and user.has_perm(reveal_permission, obj),
            "reveal_url": reverse("privacy:reveal", args=[kind, obj.pk, field]),
        },
    )
