"""Sending text messages through a pluggable backend (LIANXIN_SMS_BACKEND).

Development and the demo write messages to the console or to files under var/sms/; a
deployment plugs in its SMS gateway by naming a class with the same ``send`` method.
Message bodies may carry codes, so backends never log them in full, and phone numbers go
through the log filter that masks them.
"""

import json
import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        # The developer needs to read the code on the console; the phone itself is masked by the log filter.
        print(f"[短信] {phone}: {text}")  # noqa: T201


class FileBackend:
    """One JSON line per message in LIANXIN_SMS_DIR (var/sms by default); tests read them back."""

    def send(self, phone: str, text: str) -> None:
        directory = Path(getattr(settings, "LIANXIN_SMS_DIR", settings.VAR_DIR / "sms"))
        directory.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"at": timezone.now().isoformat(), "phone": phone, "text": text}, ensure_ascii=False
        )
        with (directory / f"{timezone.localdate():%Y%m%d}.jsonl").open("a", encoding="utf-8") as out:
            out.write(line + "\n")


class MemoryBackend:
    """Keeps messages in ``outbox`` for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryBackend.outbox.append((phone, text))


@cache
def _backend(path: str):
    return import_string(path)()


def send_sms(phone: str, text: str) -> None:
    _backend(settings.LIANXIN_SMS_BACKEND).send(phone, text)
