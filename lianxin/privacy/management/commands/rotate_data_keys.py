"""Re-encrypt personal data with the active key (the first in LIANXIN_DATA_KEYS).

Rotation: put the new key first and keep the old one after it, run this command, then
remove the old key once the command reports nothing left to rotate.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Substr

from lianxin.accounts.actor import Actor
from lianxin.audit.recorder import record
from lianxin.privacy.crypto import SEPARATOR, keyring
from lianxin.privacy.fields import EncryptedField

BATCH = 500


def encrypted_fields():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            yield model, fields


def stale_rows(model, field, prefix: str):
    return (
        model._default_manager.annotate(
            key_prefix=Substr(field.attname, 1, len(prefix), output_field=models.CharField())
        )
        .exclude(**{field.attname: ""})
        .exclude(key_prefix=prefix)
    )


class Command(BaseCommand):
    help = "用当前密钥重新加密所有个人信息字段（密钥轮换）。"

    def handle(self, *args, **options):
        prefix = keyring().active_id + SEPARATOR
        counts = {}
        for model, fields in encrypted_fields():
            for field in fields:
                rotated = 0
                while True:
                    with transaction.atomic():
                        batch = list(stale_rows(model, field, prefix).select_for_update()[:BATCH])
                        if not batch:
                            break
                        # Loading decrypted each value; saving encrypts it again with the active key.
                        model._default_manager.bulk_update(batch, [field.name])
                        rotated += len(batch)
                if rotated:
                    counts[f"{model._meta.label}.{field.name}"] = rotated
        record(
            actor=Actor.system(),
            action="privacy.keys.rotated",
            data={"active_key": keyring().active_id, "rotated": counts},
        )
        total = sum(counts.values())
        self.stdout.write(f"已用密钥 {keyring().active_id} 重新加密 {total} 个字段值。")
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
