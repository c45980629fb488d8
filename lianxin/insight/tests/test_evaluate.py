import csv
import os
import re
import subprocess
import sys
from pathlib import Path

from lianxin.insight.evaluate import main as evaluate_main

PROJECT = Path(__file__).resolve().parents[3]


def _csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _own_messages(tmp_path):
    return _csv(
        tmp_path / "mine.csv",
        ["编号", "留言主题", "留言详情", "一级标签"],
        [
            ["1", "小区路灯不亮", "我们小区的路灯坏了很久，物业不管，道路施工也没有围墙。", "城乡建设"],
            ["2", "学校乱收学费", "学校老师组织补课，学费太高，学生负担重。", "教育文体"],
            ["3", "医院挂号难", "医院门诊挂号排队很久，医生看病时间太短。", "卫生计生"],
            ["4", "幼儿园校车", "幼儿园校车超载，希望教育局检查。", "教育文体"],
        ],
    )


def test_evaluating_a_csv_of_ones_own(trained_model_dir, tmp_path, capsys):
    code = evaluate_main(["--data", str(_own_messages(tmp_path)), "--model-dir", str(trained_model_dir)])

    out = capsys.readouterr().out
    assert code == 0
    assert re.search(r"^macro-F1: [01]\.\d{4}$", out, re.MULTILINE)
    assert re.search(r"^accuracy: [01]\.\d{4}$", out, re.MULTILINE)
    assert "教育文体" in out
    assert "(n=2)" in out
    assert re.search(r"^throughput: \d+ messages/s", out, re.MULTILINE)


def test_the_test_split_by_default(trained_model_dir, dataset_dir, capsys, monkeypatch):
    monkeypatch.delenv("LIANXIN_CITIZEN_MESSAGES", raising=False)
    # The folder the model was trained from is recorded in its manifest.
    assert evaluate_main(["--model-dir", str(trained_model_dir), "--repeats", "1"]) == 0

    out = capsys.readouterr().out
    assert "split=test 的 9 条" in out
    assert re.search(r"^macro-F1: [01]\.\d{4}$", out, re.MULTILINE)


def test_a_csv_without_the_columns_is_refused(trained_model_dir, tmp_path, capsys):
    wrong = _csv(tmp_path / "wrong.csv", ["标题", "内容", "一级标签"], [["小区路灯", "路灯坏了", "城乡建设"]])

    assert evaluate_main(["--data", str(wrong), "--model-dir", str(trained_model_dir)]) == 2

    err = capsys.readouterr().err
    assert "缺少列" in err
    assert "留言主题、留言详情" in err


def test_no_model_says_how_to_train(tmp_path, capsys):
    assert evaluate_main(["--data", str(_own_messages(tmp_path)), "--model-dir", str(tmp_path / "none")]) == 2

    assert "python -m lianxin.insight.train" in capsys.readouterr().err


def test_the_command_runs_without_django_settings_or_a_database(trained_model_dir, tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    environment["LIANXIN_INSIGHT_MODEL_DIR"] = str(trained_model_dir)
    result = subprocess.run(  # noqa: S603 — our own interpreter and module
        [
            sys.executable,
            "-m",
            "lianxin.insight.evaluate",
            "--data",
            str(_own_messages(tmp_path)),
            "--repeats",
            "1",
        ],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert re.search(r"^macro-F1: [01]\.\d{4}$", result.stdout, re.MULTILINE)
    assert "django" not in result.stderr.lower()


def test_categories_the_model_does_not_know_are_named(trained_model_dir, tmp_path, capsys):
    data = _csv(
        tmp_path / "other.csv",
        ["留言主题", "留言详情", "一级标签"],
        [
            ["公交晚点", "公交车经常晚点，司机态度差。", "交通运输"],
            ["学校补课", "学校老师组织补课，学费太高。", "教育文体"],
        ],
    )

    assert evaluate_main(["--data", str(data), "--model-dir", str(trained_model_dir), "--repeats", "1"]) == 0

    out = capsys.readouterr().out
    assert "模型不认识这些类别" in out
    assert "交通运输" in out
    assert re.search(r"^macro-F1: [01]\.\d{4}$", out, re.MULTILINE)


def test_hot_topics_and_reply_quality_are_added_when_the_data_folder_has_them(
    trained_model_dir, dataset_dir, tmp_path, capsys
):
    folder = tmp_path / "messages"
    folder.mkdir()
    for path in dataset_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    _csv(
        folder / "hotspots.csv",
        ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"],
        [
            ["1", "u1", "搅拌站噪音扰民", "2019/11/2 9:00:00", "河边搅拌站夜里噪音扰民，粉尘大。", "0", "12"],
            ["2", "u2", "搅拌站噪音扰民", "2019/11/9 9:00:00", "河边搅拌站夜里噪音扰民，粉尘大。", "0", "3"],
            ["3", "u3", "投诉搅拌站夜间噪音", "2019/12/2 9:00:00", "搅拌站夜里噪音扰民，请搬迁。", "0", "0"],
            ["4", "u4", "图书馆开放时间", "2019/12/5 9:00:00", "希望图书馆周末延长开放时间。", "0", "0"],
        ],
    )
    _csv(
        folder / "replies.csv",
        ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"],
        [
            ["1", "u1", "路灯不亮", "2019/3/1 9:00:00", "小区路灯不亮。", "已收悉", "2019/3/5 9:00:00"],
            [
                "2",
                "u2",
                "路灯不亮",
                "2019/3/1 9:00:00",
                "小区路灯不亮，请修复。",
                (
                    "关于小区路灯不亮问题，经街道派人到现场核查，确认为线路老化，已安排电工维修，"
                    "3月10日前更换线路并修复照明。如仍有问题请拨打咨询电话 84561234。"
                ),
                "2019/3/6",
            ],
        ],
    )

    arguments = ["--model-dir", str(trained_model_dir), "--messages", str(folder), "--repeats", "1"]
    assert evaluate_main(arguments) == 0

    out = capsys.readouterr().out
    assert re.search(r"^macro-F1: [01]\.\d{4}$", out, re.MULTILINE)
    assert "duplicate-pair recall: 1.0000" in out
    assert "热度 = 留言数" in out
    assert re.search(r"^  flagged weak: 1（50\.0%）$", out, re.MULTILINE)
    assert "[flagged]" in out
    assert "[not flagged]" in out


def test_without_a_model_the_analysis_sections_still_run(dataset_dir, tmp_path, capsys):
    folder = tmp_path / "messages"
    folder.mkdir()
    for path in dataset_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    _csv(
        folder / "replies.csv",
        ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "答复意见", "答复时间"],
        [["1", "u1", "路灯不亮", "2019/3/1 9:00:00", "小区路灯不亮。", "已收悉", "2019/3/5 9:00:00"]],
    )

    code = evaluate_main(["--model-dir", str(tmp_path / "none"), "--messages", str(folder)])

    captured = capsys.readouterr()
    assert code == 2
    assert "python -m lianxin.insight.train" in captured.err
    assert re.search(r"^  flagged weak: 1（100\.0%）$", captured.out, re.MULTILINE)
