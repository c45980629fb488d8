"""Every view says who may open it; a test walks the URL tree and fails on any that does not.

``public``      anyone, signed in or not;
``signed_in``   any signed-in user (the view then works only on the user's own things);
``permission(name)``  a signed-in user holding ``name`` somewhere in their scope; objects
                are then fetched through the app's access helpers, which answer 404 or 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

PUBLIC = "public"
SIGNED_IN = "signed_in"


def public(view):
    view.access = PUBLIC
    return view


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access = SIGNED_IN
    return wrapper


def permission(name: str):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(name):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = name
        return wrapper

    return decorate
