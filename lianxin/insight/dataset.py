"""The citizen-message data set (2020 泰迪杯 problem C; the split as its README defines it) and any CSV of
labelled messages: reading, the train/test split, and the hashes a model file records.

Test = `messages.csv` rows with split == "test". Training = `train_tokenized.csv` (pre-segmented
rows from which every near-duplicate of a test message was removed) plus the split == "train"
rows of `messages.csv`. Nothing here ever hands a test row to training.
"""

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from lianxin.insight.text import message_text

ENVIRONMENT_VARIABLE = "LIANXIN_CITIZEN_MESSAGES"
MESSAGES_FILE = "messages.csv"
TOKENIZED_FILE = "train_tokenized.csv"

TITLE, BODY, LABEL = "留言主题", "留言详情", "一级标签"
TOKENS = "分词文本"


class DatasetError(Exception):
    """A data file is missing or lacks the columns it needs; the message says which (in Chinese)."""


@dataclass(frozen=True)
class Row:
    text: str  # raw text (title + body), or space-separated words when `pre_tokenized`
    label: str
    pre_tokenized: bool


@dataclass(frozen=True)
class DataFile:
    path: Path
    sha256: str
    rows_used: int

    def describe(self) -> dict:
        return {"file": self.path.name, "sha256": self.sha256, "rows_used": self.rows_used}


def dataset_directory(argument: str | None) -> Path:
    raw = argument or os.environ.get(ENVIRONMENT_VARIABLE, "")
    if not raw:
        raise DatasetError(
            f"没有指定数据目录：请用 --messages 目录 或环境变量 {ENVIRONMENT_VARIABLE} 指向含 "
            f"{MESSAGES_FILE} 和 {TOKENIZED_FILE} 的目录。"
        )
    directory = Path(raw).expanduser()
    for name in (MESSAGES_FILE, TOKENIZED_FILE):
        if not (directory / name).is_file():
            raise DatasetError(f"数据目录 {directory} 中没有 {name}。")
    return directory


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def rows_sha256(rows: list[Row]) -> str:
    """A hash of exactly the rows used (text, label, form), in order."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{int(row.pre_tokenized)}\x1f{row.label}\x1f{row.text}\x1e".encode())
    return digest.hexdigest()


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DatasetError(
                    f"{path.name} 缺少列：{'、'.join(missing)}（需要 {'、'.join(required)}）。"
                )
            return list(reader)
    except FileNotFoundError:
        raise DatasetError(f"找不到文件 {path}。") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name} 不是 UTF-8 编码的 CSV 文件。") from None
    except csv.Error as error:
        raise DatasetError(f"{path.name} 不是有效的 CSV 文件：{error}") from None


def labelled_messages(path: Path) -> list[Row]:
    """Any CSV with the columns 留言主题, 留言详情, 一级标签 (others ignored)."""
    rows = _read_csv(path, (TITLE, BODY, LABEL))
    out = [Row(message_text(r[TITLE], r[BODY]), (r[LABEL] or "").strip(), False) for r in rows]
    out = [r for r in out if r.label]
    if not out:
        raise DatasetError(f"{path.name} 中没有带一级标签的留言。")
    return out


def _split_messages(directory: Path, split: str) -> list[Row]:
    path = directory / MESSAGES_FILE
    rows = _read_csv(path, (TITLE, BODY, LABEL, "split"))
    return [
        Row(message_text(r[TITLE], r[BODY]), r[LABEL].strip(), False) for r in rows if r["split"] == split
    ]


def evaluation_rows(directory: Path) -> tuple[list[Row], DataFile]:
    rows = _split_messages(directory, "test")
    path = directory / MESSAGES_FILE
    return rows, DataFile(path, file_sha256(path), len(rows))


def training_rows(directory: Path) -> tuple[list[Row], list[DataFile]]:
    tokenized_path = directory / TOKENIZED_FILE
    tokenized = [
        Row(r[TOKENS].strip(), r[LABEL].strip(), True)
        for r in _read_csv(tokenized_path, (TOKENS, LABEL))
        if r[LABEL].strip()
    ]
    raw = _split_messages(directory, "train")
    messages_path = directory / MESSAGES_FILE
    files = [
        DataFile(tokenized_path, file_sha256(tokenized_path), len(tokenized)),
        DataFile(messages_path, file_sha256(messages_path), len(raw)),
    ]
    return tokenized + raw, files
