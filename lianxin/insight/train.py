"""Train the category classifier and write a versioned model file with its manifest.

    python -m lianxin.insight.train --messages 数据目录   (or LIANXIN_CITIZEN_MESSAGES=数据目录)

The folder holds the data set's messages.csv and train_tokenized.csv. Training uses
train_tokenized.csv and the split == "train" rows of messages.csv only; the split == "test" rows
are classified once, after training, for the manifest's test figures. Deterministic: the same data
gives the same model (fixed random_state, no sampling).
"""

import argparse
import platform
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from lianxin.insight import model_files
from lianxin.insight.classifier import Settings
from lianxin.insight.crossval import cross_validate, fit_classifier, prepare_rows, pretokenized_vocabulary
from lianxin.insight.dataset import (
    DatasetError,
    dataset_directory,
    evaluation_rows,
    rows_sha256,
    training_rows,
)
from lianxin.insight.measure import measure

LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "jieba")


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "?"
    return versions


def train(
    directory: Path, output: Path, *, folds: int = 5, settings: Settings | None = None, say=None
) -> Path:
    settings = settings or Settings()
    say = say or write
    rows, files = training_rows(directory)
    vocabulary = pretokenized_vocabulary(rows)
    say(f"训练数据：{len(rows)} 条（{', '.join(f'{f.path.name} {f.rows_used}' for f in files)}）")
    prepared = prepare_rows(rows, settings, vocabulary)
    cv = cross_validate(prepared, settings, folds=folds)
    say(
        f"交叉验证（{folds} 折，仅训练数据）：原文留言 macro-F1 {cv.raw_macro_f1:.4f}，"
        f"全部 {cv.all_macro_f1:.4f}"
    )
    classifier = fit_classifier(prepared, settings, vocabulary, cv.temperature)

    manifest = {
        "kind": "category",
        "version": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset_directory": str(directory.resolve()),
        "settings": settings.describe(),
        "classes": classifier.classes,
        "training_data": {
            "files": [f.describe() for f in files],
            "rows": len(rows),
            "rows_sha256": rows_sha256(rows),
        },
        "libraries": library_versions(),
        "cross_validation": cv.describe(),
    }
    test, test_file = evaluation_rows(directory)
    if test:
        figures = measure(classifier, [r.text for r in test], [r.label for r in test])
        manifest["test"] = {"data": {**test_file.describe(), "split": "test"}, **figures.describe()}
        say(f"测试集（{len(test)} 条）：accuracy {figures.accuracy:.4f}，macro-F1 {figures.macro_f1:.4f}")
    path = model_files.save(classifier, manifest, output)
    say(f"模型 {manifest['version']} 已写入 {path.parent}（{path.name}）")
    return path


def write(line: str, stream=None) -> None:
    """The command's output (a command line tool: its output is the point)."""
    (stream or sys.stdout).write(f"{line}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lianxin.insight.train", description="训练留言一级分类模型"
    )
    parser.add_argument(
        "--messages", help="含 messages.csv 和 train_tokenized.csv 的目录（或 LIANXIN_CITIZEN_MESSAGES）"
    )
    parser.add_argument("--output", type=Path, default=None, help="模型目录（默认 var/insight）")
    parser.add_argument("--folds", type=int, default=5, help="交叉验证折数（默认 5）")
    arguments = parser.parse_args(argv)
    try:
        directory = dataset_directory(arguments.messages)
        started = time.perf_counter()
        train(directory, arguments.output or model_files.default_directory(), folds=arguments.folds)
    except DatasetError as error:
        write(f"错误：{error}", sys.stderr)
        return 2
    write(f"用时 {time.perf_counter() - started:.0f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
