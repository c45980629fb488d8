"""De-identification, rule by rule, on hand-written synthetic examples.

Every name, number and address here is made up. The measured quality on real citizens' messages
comes from bench/deidentify_eval.py (figures in docs/performance.md): those messages may be used
for internal evaluation only and are not in the repository.
"""

import csv
import json
import re
from pathlib import Path

import pytest

from bench import deidentify_eval
from lianxin.opinions import deidentify as d


def masked(text, **kwargs):
    return d.deidentify(text, **kwargs).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话13812345678", "电话***********"),
        ("电话 138 1234 5678。", "电话 *** **** ****。"),
        ("电话+86 139 7412 5896", "电话+** *** **** ****"),
        ("手机：139-0731-2468", "手机：***-****-****"),
        ("座机0731-84123456", "座机****-********"),
        ("拨打（0736）7719012", "拨打（****）*******"),
        ("联系电话：8413602", "联系电话：*******"),
        ("电话：０７３６-７８１７３６９", "电话：****-*******"),
        ("电话：１３８１２３４５６７８", "电话：***********"),
        ("身份证43010219900101123X。", "身份证******************。"),
        ("身份证号43010219900101123x", "身份证号******************"),
        ("卡号6222 0212 3456 7890 123", "卡号**** **** **** **** ***"),
        ("卡号6222021234567890123", "卡号*******************"),
        ("邮箱abc.d@qq.com，", "邮箱***@***，"),
        ("邮箱wang.xm@163.com", "邮箱***@***"),
        ("车牌湘A12345被拖走", "车牌湘******被拖走"),
        ("粤B·D8888", "粤*******"),
    ],
)
def test_numbers_are_masked_digit_by_digit(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一共1500元",
        "2018年5月的工资",
        "8413602",  # seven digits with nothing saying it is a phone
        "第3期工程",
    ],
)
def test_numbers_that_are_no_ones_are_left(text):
    assert masked(text) == text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("430102199001011234", d.ID_NUMBER),
        ("6222021234567890123", d.BANK_CARD),
        ("13812345678", d.PHONE),
        ("0731-84123456", d.PHONE),
        ("wang.xm@163.com", d.EMAIL),
        ("湘A12345", d.PLATE),
    ],
)
def test_each_number_is_found_as_its_own_kind(text, kind):
    assert [(f.kind, f.text) for f in d.find(f"号码：{text}。")] == [(kind, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("幸福路18号3栋2单元501室漏水", "幸福路**号漏水"),
        ("建设路120弄3号", "建设路**"),
        ("住在阳光花园三栋1单元1502室", "住在阳光花园**"),
        ("住12栋1602", "住**"),
        ("东城小区5号楼", "东城小区**"),
        # Bare road names and a building alone name hundreds of households.
        ("幸福路的路灯不亮", "幸福路的路灯不亮"),
        ("人民路口的红绿灯", "人民路口的红绿灯"),
        ("小区2栋的电梯坏了", "小区2栋的电梯坏了"),
        # Document numbers, metro lines and dates are not addresses.
        ("按湘政发（2019）12号文件", "按湘政发（2019）12号文件"),
        ("地铁2号线", "地铁2号线"),
        ("9月4号出生", "9月4号出生"),
    ],
)
def test_exact_addresses_lose_their_numbers_and_keep_the_road(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Introduced by the person themself.
        ("我叫孙立平，电话******", "我叫孙**，电话******"),
        ("本人刘海涛，现年56岁", "本人刘**，现年56岁"),
        ("联系人：何志明", "联系人：何**"),
        # Already half-anonymised, or with an honorific.
        ("员工郑某被辞退", "员工郑**被辞退"),
        ("员工郑某某被辞退", "员工郑**被辞退"),
        ("王先生和李女士反映", "*先生和*女士反映"),
        ("张阿姨说", "*阿姨说"),
        ("邻居张大爷", "邻居*大爷"),
        # After a word that says who the person is.
        ("开发商吴国栋拒不退房", "开发商吴**拒不退房"),
        ("前夫邓家明不付抚养费", "前夫邓**不付抚养费"),
        ("一个叫罗建华的老板", "一个叫罗**的老板"),
        ("快递员韦小宝送错件", "快递员韦**送错件"),
        ("我和妻子林秀英", "我和妻子林**"),
        # Right before a phone number.
        ("陈永红：13974125896", "陈**：***********"),
        ("黄丽萍  电话：13974125896", "黄**  电话：***********"),
        ("黄丽萍 电话：0731-84123456", "黄** 电话：****-********"),
        # A signature before the date, and a list of names.
        ("此致 敬礼 上访人 许文斌 2019年3月2日", "此致 敬礼 上访人 许** 2019年3月2日"),
        ("签名：龚建平  蔡志强  邓雪梅", "签名：龚**  蔡**  邓**"),
        ("田大勇、田小勇、蒋春花。", "田**、田**、蒋**。"),
    ],
)
def test_names_of_private_persons_are_masked(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Officials named by office: their name is public, their surname identifies no one.
        "李科长说没有违法",
        "张局长说会处理",
        "请刘局长过问此事",
        "赵建国厅长批示后仍未解决",
        "县委书记周光明同志",
        # 某 without a surname is no one.
        "某某公司拖欠工资",
        "南方某省的调查",
    ],
)
def test_officials_by_office_and_nobody_in_particular_are_left(text):
    assert masked(text) == text


def test_every_later_mention_of_a_name_found_once_is_masked():
    assert masked("业主马红霞多次找物业，物业说马红霞欠费") == "业主马**多次找物业，物业说马**欠费"


def test_the_submitters_own_name_is_always_masked_also_as_zhang_mou():
    result = d.deidentify("张三丰反映：张某家门口的路灯坏了", names=["张三丰"])
    assert result.text == "张**反映：张**家门口的路灯坏了"
    assert [f.kind for f in result.findings] == [d.NAME, d.NAME]


def test_the_submitters_own_name_is_masked_without_any_cue():
    text = "关于东城小区停车难的问题，温晓东希望尽快解决"
    assert masked(text) == text
    assert masked(text, names=["温晓东"]) == "关于东城小区停车难的问题，温**希望尽快解决"


def test_findings_point_into_the_masked_text_and_keep_what_was_there():
    result = d.deidentify("我叫孙立平，电话13812345678。")
    name, phone = result.findings
    assert (name.kind, name.text, result.text[name.start : name.end]) == (d.NAME, "孙立平", "孙**")
    assert (phone.kind, phone.text, result.text[phone.start : phone.end]) == (
        d.PHONE,
        "13812345678",
        "***********",
    )
    assert "".join(piece for piece, _finding in result.pieces()) == result.text


def test_an_id_number_is_not_also_a_phone():
    found = d.find("身份证430102199001011234")
    assert [f.kind for f in found] == [d.ID_NUMBER]


def test_contact_numbers_finds_only_phones_and_ids():
    found = d.contact_numbers("王先生 13812345678 幸福路18号 43010219900101123X")
    assert [f.kind for f in found] == [d.PHONE, d.ID_NUMBER]
    assert d.contact_numbers("已安排维修，幸福路**号。") == []


def test_a_longer_synthetic_message_loses_every_piece_of_personal_data():
    text = (
        "东城小区路灯长期不亮\n"
        "我叫孙立平，住幸福路18号3栋2单元501室，电话139 0731 2468。"
        "物业经理钱德明说没钱修，请刘局长过问。邮箱sun.lp@163.com"
    )
    assert masked(text) == (
        "东城小区路灯长期不亮\n"
        "我叫孙**，住幸福路**号，电话*** **** ****。"
        "物业经理钱德明说没钱修，请刘局长过问。邮箱***@***"
    )


# The evaluation harness: the labels file holds no text of the data set, and the harness rebuilds
# the labelled texts exactly and refuses anything outside the training split.

LABELS = Path(deidentify_eval.__file__).with_name("deidentify_labels.json")


def test_the_labels_file_holds_only_ids_offsets_and_synthetic_numbers():
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    assert set(data) == {"about", "messages"}
    assert len(data["messages"]) >= 60
    for message in data["messages"]:
        assert set(message) <= {"id", "nth", "replacements", "pii"}
        assert message["id"].isdigit()
        for start, end, new in message["replacements"]:
            assert 0 <= start <= end
            assert re.fullmatch(r"[0-9A-Za-z +()-]*", new)
        for kind, start, end in message["pii"]:
            assert kind in d.KIND_LABELS
            assert 0 <= start < end
    assert sum(len(m["pii"]) for m in data["messages"]) >= 100


def _messages_csv(path, rows):
    fields = ["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "一级标签", "subset", "split"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for number, title, body, split in rows:
            writer.writerow(
                {"留言编号": number, "留言主题": title, "留言详情": body, "split": split}
                | dict.fromkeys(("留言用户", "留言时间", "一级标签", "subset"), "")
            )
    return path


def _labels(path, messages):
    path.write_text(json.dumps({"about": "", "messages": messages}, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_harness_rebuilds_the_text_with_its_edits_and_scores_it(tmp_path):
    # Title and body are stripped and joined by a line break; the placeholder becomes a number.
    csv_path = _messages_csv(
        tmp_path / "messages.csv",
        [("7", " 路灯不亮 ", "\n\t我叫孙立平，电话0000-00000000\r\n谢谢", "train")],
    )
    text = "路灯不亮\n我叫孙立平，电话0000-00000000\r\n谢谢"
    placeholder = text.index("0000")
    labels = _labels(
        tmp_path / "labels.json",
        [
            {
                "id": "7",
                "replacements": [
                    [placeholder, placeholder + 13, "13812345678"],
                    [text.index("\r"), text.index("\r") + 1, ""],
                ],
                "pii": [["name", 7, 10], ["phone", 13, 24], ["name", 25, 27]],
            }
        ],
    )
    [message] = deidentify_eval.labelled_messages(csv_path, labels)
    assert message["text"] == "路灯不亮\n我叫孙立平，电话13812345678\n谢谢"
    counts = deidentify_eval.measure([message])
    # Name and phone found; the third label (谢谢) is missed.
    assert counts[d.NAME] == {"predicted": 1, "correct": 1, "labelled": 2, "recalled": 1}
    assert counts[d.PHONE] == {"predicted": 1, "correct": 1, "labelled": 1, "recalled": 1}
    assert "overall" in deidentify_eval.report(counts)


def test_the_harness_refuses_a_message_of_the_test_split(tmp_path):
    csv_path = _messages_csv(tmp_path / "messages.csv", [("7", "标题", "内容", "test")])
    labels = _labels(tmp_path / "labels.json", [{"id": "7", "replacements": [], "pii": []}])
    with pytest.raises(deidentify_eval.EvalError, match="split=train"):
        deidentify_eval.labelled_messages(csv_path, labels)


def test_the_harness_picks_the_nth_row_of_a_repeated_id(tmp_path):
    csv_path = _messages_csv(
        tmp_path / "messages.csv", [("7", "第一条", "甲", "train"), ("7", "第二条", "乙", "train")]
    )
    labels = _labels(tmp_path / "labels.json", [{"id": "7", "nth": 1, "replacements": [], "pii": []}])
    [message] = deidentify_eval.labelled_messages(csv_path, labels)
    assert message["text"] == "第二条\n乙"


def test_the_harness_says_in_chinese_and_english_where_the_data_set_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(deidentify_eval.ENV, raising=False)
    assert deidentify_eval.main([]) == 2
    assert "messages.csv" in capsys.readouterr().err
    assert deidentify_eval.main(["--messages", str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert "找不到文件" in err
    assert "No such file" in err
