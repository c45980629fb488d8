"""Evaluate the trained category classifier.

    python -m lianxin.insight.evaluate                 the data set's test split
    python -m lianxin.insight.evaluate --data F.csv    any CSV with 留言主题, 留言详情, 一级标签

Prints accuracy, macro-F1 (a line `macro-F1: 0.XXXX`), F1 per category and the throughput
(messages per second on one core, jieba segmentation included). Without --data it then adds the
hot topics of hotspots.csv and the reply scores of replies.csv, where the data folder has them
(`analysis_evaluation`; --skip-analysis leaves them out). Needs no database.
"""

import argparse
import contextlib
import sys
from pathlib import Path

from lianxin.insight import model_files
from lianxin.insight.dataset import DatasetError, dataset_directory, evaluation_rows, labelled_messages
from lianxin.insight.measure import measure


def _test_split_directory(argument: str | None, manifest: dict) -> Path:
    """--messages, else LIANXIN_CITIZEN_MESSAGES, else the folder the model was trained from."""
    try:
        return dataset_directory(argument)
    except DatasetError:
        recorded = manifest.get("dataset_directory")
        if argument or not recorded:
            raise
        return dataset_directory(recorded)


def write(line: str, stream=None) -> None:
    """The command's output (a command line tool: its output is the point)."""
    (stream or sys.stdout).write(f"{line}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lianxin.insight.evaluate", description="评测留言一级分类模型"
    )
    parser.add_argument("--data", type=Path, help="CSV 文件，含列 留言主题、留言详情、一级标签（其他列忽略）")
    parser.add_argument(
        "--messages", help="数据集目录（默认 LIANXIN_CITIZEN_MESSAGES 或训练时的目录），用其 test 划分"
    )
    parser.add_argument("--model-dir", type=Path, default=None, help="模型目录（默认 var/insight）")
    parser.add_argument("--repeats", type=int, default=3, help="测速重复次数，取最快一次（默认 3）")
    parser.add_argument("--skip-analysis", action="store_true", help="不评测热点话题和答复质量")
    arguments = parser.parse_args(argv)

    try:
        loaded = model_files.load(arguments.model_dir or model_files.default_directory())
    except model_files.ModelUnavailable as unavailable:
        write(f"错误：{unavailable}", sys.stderr)
        # Hot topics and reply quality need no trained model: still measure them.
        if not arguments.data and not arguments.skip_analysis:
            with contextlib.suppress(DatasetError):
                _analysis_sections(dataset_directory(arguments.messages))
        return 2
    try:
        if arguments.data:
            rows = labelled_messages(arguments.data)
            source = f"{arguments.data}（{len(rows)} 条）"
        else:
            directory = _test_split_directory(arguments.messages, loaded.manifest)
            rows, _ = evaluation_rows(directory)
            source = f"{directory / 'messages.csv'} 中 split=test 的 {len(rows)} 条"
    except DatasetError as error:
        write(f"错误：{error}", sys.stderr)
        return 2
    if not rows:
        write("错误：没有可评测的留言。", sys.stderr)
        return 2

    manifest = loaded.manifest
    figures = measure(loaded.classifier, [r.text for r in rows], [r.label for r in rows], arguments.repeats)
    write(
        f"model: category-{loaded.version}"
        f"（训练数据 sha256 {manifest['training_data']['rows_sha256'][:16]}…）"
    )
    write(f"data: {source}")
    write(f"accuracy: {figures.accuracy:.4f}")
    write(f"macro-F1: {figures.macro_f1:.4f}")
    write("per-category F1:")
    width = max(len(c) for c in figures.per_category_f1)
    for category, score in figures.per_category_f1.items():
        write(f"  {category:{chr(0x3000)}<{width}}  {score:.4f}  (n={figures.support[category]})")
    if figures.labels_unknown_to_model:
        write(f"注意：模型不认识这些类别，它们的 F1 必为 0：{'、'.join(figures.labels_unknown_to_model)}")
    write(
        f"throughput: {figures.messages_per_second:.0f} messages/s "
        f"(CPU time of one core, jieba segmentation included, best of {max(1, arguments.repeats)} passes; "
        f"wall clock {figures.messages_per_second_wall_clock:.0f} messages/s)"
    )
    if not arguments.data and not arguments.skip_analysis:
        _analysis_sections(directory)
    return 0


def _analysis_sections(directory: Path) -> None:
    from lianxin.insight import analysis_evaluation

    for name, section in (
        (analysis_evaluation.HOTSPOTS_FILE, analysis_evaluation.topic_lines),
        (analysis_evaluation.REPLIES_FILE, analysis_evaluation.reply_lines),
    ):
        if (directory / name).is_file():
            for line in section(directory):
                write(line)


if __name__ == "__main__":
    sys.exit(main())
