"""A tiny synthetic citizen-message data set, written by hand for the tests (no real messages).

Three categories, each with its own words, in the layout of the real data set: messages.csv
(raw title + body, with a split column) and train_tokenized.csv (space-separated words).
"""

import csv
import random

import pytest

from lianxin.insight import model_files
from lianxin.insight.train import train

WORDS = {
    "城乡建设": [
        "小区",
        "道路",
        "施工",
        "拆迁",
        "安置房",
        "物业",
        "路灯",
        "违章建筑",
        "下水道",
        "围墙",
        "开发商",
        "烂尾楼",
    ],
    "教育文体": [
        "学校",
        "学生",
        "老师",
        "教育局",
        "补课",
        "学费",
        "幼儿园",
        "体育馆",
        "考试",
        "校车",
        "课本",
        "图书馆",
    ],
    "卫生计生": [
        "医院",
        "医生",
        "看病",
        "药品",
        "疫苗",
        "医保",
        "护士",
        "门诊",
        "挂号",
        "卫生院",
        "病房",
        "体检",
    ],
}
COMMON = ["反映", "问题", "希望", "有关部门", "尽快", "解决", "市民", "最近", "严重", "影响"]


def _message(rng, category):
    own = rng.sample(WORDS[category], 5)
    common = rng.sample(COMMON, 3)
    title = f"关于{own[0]}{own[1]}的问题"
    body = f"{common[0]}：我们这里{own[2]}和{own[3]}{common[1]}，{own[4]}也一样，{common[2]}。"
    return title, body


def _write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory):
    rng = random.Random(2026)
    directory = tmp_path_factory.mktemp("citizen-messages")
    tokenized, messages = [], []
    for category in WORDS:
        for _ in range(12):
            title, body = _message(rng, category)
            words = rng.sample(WORDS[category], 6) + rng.sample(COMMON, 3)
            tokenized.append([" ".join(words), category])
        for number in range(8):
            title, body = _message(rng, category)
            split = "test" if number < 3 else "train"
            messages.append(
                [f"{len(messages) + 1}", "A0001", title, "2020/1/1 8:00:00", body, category, "s", split]
            )
    _write(directory / "train_tokenized.csv", ["分词文本", "一级标签"], tokenized)
    _write(
        directory / "messages.csv",
        ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级标签", "subset", "split"],
        messages,
    )
    return directory


@pytest.fixture(scope="session")
def trained_model_dir(dataset_dir, tmp_path_factory):
    output = tmp_path_factory.mktemp("models")
    train(dataset_dir, output, folds=2, say=lambda _: None)
    return output


@pytest.fixture
def model_copy(trained_model_dir, tmp_path):
    """A model directory a test may damage."""
    for path in trained_model_dir.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    model_files._cache.clear()
    return tmp_path
