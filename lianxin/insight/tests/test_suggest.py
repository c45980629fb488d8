import json

import pytest

from lianxin.insight import model_files
from lianxin.insight.suggest import suggest_categories

SCHOOL = "关于学校补课和学费的问题：学生家长反映老师在校外补课，学费很高，希望教育局尽快解决。"


def test_three_categories_best_first_with_confidences(model_copy):
    suggestion = suggest_categories(SCHOOL, directory=model_copy)

    assert suggestion.reason == ""
    assert len(suggestion.categories) == 3
    assert suggestion.categories[0][0] == "教育文体"
    confidences = [c for _, c in suggestion.categories]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 <= c <= 1 for c in confidences)
    assert sum(confidences) <= 1 + 1e-9
    assert (
        suggestion.model_version
        == json.loads(model_files.current_manifest_path(model_copy).read_text(encoding="utf-8"))["version"]
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("学校", "too_short"),
        ("123 ？！", "too_short"),
        ("The school charges too much for extra lessons, please help.", "not_chinese"),
    ],
)
def test_text_that_says_too_little_gets_no_suggestion(model_copy, text, reason):
    suggestion = suggest_categories(text, directory=model_copy)

    assert suggestion.categories == []
    assert not suggestion
    assert suggestion.reason == reason
    assert str(suggestion.message)


def test_words_the_model_never_saw_get_no_suggestion(model_copy):
    suggestion = suggest_categories("今天天气晴朗，阳光明媚。", directory=model_copy)

    assert suggestion.categories == []
    assert suggestion.reason == "no_known_words"


def test_no_model_yet(tmp_path):
    suggestion = suggest_categories(SCHOOL, directory=tmp_path / "empty")

    assert suggestion.categories == []
    assert suggestion.reason == "no_model"
    assert "还没有训练" in str(suggestion.message)


def _only(directory, pattern):
    (path,) = directory.glob(pattern)
    return path


def test_a_damaged_model_file_is_refused(model_copy):
    model = _only(model_copy, "category-*.joblib")
    model.write_bytes(model.read_bytes()[:-100])

    suggestion = suggest_categories(SCHOOL, directory=model_copy)

    assert suggestion.categories == []
    assert suggestion.reason == "corrupt_model"


def test_a_file_that_is_not_a_model_is_refused_even_with_a_matching_hash(model_copy):
    import hashlib

    model = _only(model_copy, "category-*.joblib")
    model.write_bytes(b"not a pickle at all")
    manifest_path = _only(model_copy, "category-*.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["model_sha256"] = hashlib.sha256(b"not a pickle at all").hexdigest()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    assert suggest_categories(SCHOOL, directory=model_copy).reason == "corrupt_model"


def test_an_unreadable_manifest_or_a_missing_model_file(model_copy):
    manifest_path = _only(model_copy, "category-*.json")
    manifest_path.write_text("{not json", encoding="utf-8")
    assert suggest_categories(SCHOOL, directory=model_copy).reason == "corrupt_model"

    model_files._cache.clear()
    manifest_path.write_text(json.dumps({"version": "x", "model_file": "gone.joblib", "model_sha256": "0"}))
    assert suggest_categories(SCHOOL, directory=model_copy).reason == "no_model"


def test_the_newest_model_is_used(model_copy):
    older = _only(model_copy, "category-*.json")
    manifest = json.loads(older.read_text(encoding="utf-8"))
    manifest["version"] = "99991231T235959Z"
    (model_copy / "category-99991231T235959Z.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert suggest_categories(SCHOOL, directory=model_copy).model_version == "99991231T235959Z"


def test_a_model_from_another_version_of_the_code_is_refused(model_copy):
    manifest_path = _only(model_copy, "category-*.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["settings"]["title_times"] = 1  # as if trained when the title counted once
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    assert suggest_categories(SCHOOL, directory=model_copy).reason == "corrupt_model"
