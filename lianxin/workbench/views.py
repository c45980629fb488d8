"""The home page: the public site for citizens and visitors, a workbench for every other role."""

from django.shortcuts import render

from lianxin.accounts.actor import active_membership
from lianxin.accounts.decorators import public
from lianxin.accounts.roles import Role
from lianxin.workbench import homes
from lianxin.workbench.todos import todos_for


@public
def home(request):
    membership = active_membership(request) if request.user.is_authenticated else None
    role = membership.role if membership else Role.CITIZEN
    build = homes.BUILDERS.get(role, homes.citizen)
    template, context = build(request, membership)
    todos = todos_for(request.user) if membership else []
    return render(request, template, {"membership": membership, "todos": todos, **context})
