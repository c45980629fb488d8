import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.roles import Role, WorkingBody
from lianxin.privacy.fields import EncryptedField, LookupDigestField
from lianxin.privacy.masking import PHONE
from lianxin.privacy.validators import validate_mobile


class UserManager(BaseUserManager):
    def create_user(self, username: str, password: str | None = None, **fields):
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save()
        return user


class User(AbstractBaseUser):
    """An account. What it may do comes from its memberships, never from flags on the user."""

    username = models.CharField(
        _("用户名"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("该用户名已被使用。")},
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = EncryptedField(_("手机号"), kind=PHONE, validators=[validate_mobile])
    phone_digest = LookupDigestField(source="phone")
    is_active = models.BooleanField(_("启用"), default=True)
    date_joined = models.DateTimeField(_("创建时间"), default=timezone.now)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.name}（{self.username}）" if self.name else self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts_office:user_detail", args=[self.pk])

    # Django and third-party code ask these; nobody gets blanket rights here.
    is_staff = False
    is_superuser = False

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def has_perm(self, perm: str, obj=None) -> bool:
        return self.is_active and rules.has_perm(perm, self, obj)

    def has_perms(self, perm_list, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return False

    @property
    def scope_path(self) -> str:
        # Events about an account are visible to auditors of the account's first scope.
        memberships = self.active_memberships()
        return memberships[0].region.path if memberships else ""

    def active_memberships(self) -> list["Membership"]:
        # Cached on the instance: a request checks many permissions against the same rows.
        cached = getattr(self, "_active_memberships", None)
        if cached is None:
            cached = list(self.memberships.filter(is_active=True).select_related("region").order_by("pk"))
            self._active_memberships = cached
        return cached


class Membership(models.Model):
    """A role held within a scope: the region subtree the holder sees and acts in."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("管辖范围"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("可以查看和办理的行政区划（含下级）。"),
    )
    working_body = models.CharField(
        _("工作机构"),
        max_length=40,
        choices=WorkingBody.choices,
        blank=True,
        help_text=_("仅常委会工作人员填写。"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="membership_unique_role_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.region}"

    @property
    def scope_path(self) -> str:
        return self.region.path
