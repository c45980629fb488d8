from lianxin.accounts.permissions import declare, grant
from lianxin.accounts.roles import Role

declare(
    {
        # Who registers, accepts and assigns sees the suggestions and the models behind them.
        "routing.view_routingmodel": grant(Role.STAFF),
    }
)
