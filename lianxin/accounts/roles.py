from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("群众")
    DEPUTY = "deputy", _("人大代表")
    LIAISON = "liaison", _("联络站联络员")
    UNIT_CLERK = "unit_clerk", _("承办单位经办人")
    STAFF = "staff", _("常委会工作人员")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("系统管理员")
    # 等保 三员分立: the auditor reads the audit trail and changes nothing else.
    AUDITOR = "auditor", _("审计管理员")


class WorkingBody(models.TextChoices):
    """Offices and committees of a standing committee that staff work in."""

    OFFICE = "office", _("办公室")
    DEPUTY_AFFAIRS = "deputy_affairs", _("代表工作委员会（选联工委）")
    LEGAL_AFFAIRS = "legal_affairs", _("法制工作委员会")
    FINANCE_ECONOMY = "finance_economy", _("财政经济委员会")
    SUPERVISION_JUDICIARY = "supervision_judiciary", _("监察和司法委员会")
    EDUCATION_CULTURE_HEALTH = "education_culture_health", _("教育科学文化卫生委员会")
    URBAN_ENVIRONMENT = "urban_environment", _("城乡建设环境保护委员会")
    AGRICULTURE_RURAL = "agriculture_rural", _("农业农村委员会")
    SOCIAL = "social", _("社会建设委员会")
