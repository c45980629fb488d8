import hashlib
import json

import pytest

from lianxin.insight import model_files
from lianxin.insight.dataset import DatasetError, dataset_directory
from lianxin.insight.train import main as train_main
from lianxin.insight.train import train


def _manifest(directory):
    return json.loads(model_files.current_manifest_path(directory).read_text(encoding="utf-8"))


def test_the_manifest_records_the_training_data_hashes_and_the_figures(dataset_dir, trained_model_dir):
    manifest = _manifest(trained_model_dir)

    files = {f["file"]: f for f in manifest["training_data"]["files"]}
    for name, rows in (("train_tokenized.csv", 36), ("messages.csv", 15)):
        assert files[name]["sha256"] == hashlib.sha256((dataset_dir / name).read_bytes()).hexdigest()
        assert files[name]["rows_used"] == rows
    assert manifest["training_data"]["rows"] == 51
    assert len(manifest["training_data"]["rows_sha256"]) == 64
    assert manifest["test"]["messages"] == 9  # the split == "test" rows, never used to train
    assert 0 <= manifest["test"]["macro_f1"] <= 1
    assert set(manifest["test"]["per_category_f1"]) == {"城乡建设", "教育文体", "卫生计生"}
    assert manifest["cross_validation"]["folds"] == 2
    assert "macro_f1" in manifest["cross_validation"]["raw_messages"]
    assert manifest["libraries"]["scikit-learn"]
    assert manifest["classes"] == ["卫生计生", "城乡建设", "教育文体"]
    model = trained_model_dir / manifest["model_file"]
    assert manifest["model_file"] == f"category-{manifest['version']}.joblib"
    assert manifest["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()


def test_training_never_sees_the_test_split(dataset_dir, tmp_path):
    """Changing only the test rows' text changes neither the training hash nor the model."""
    changed = tmp_path / "data"
    changed.mkdir()
    (changed / "train_tokenized.csv").write_bytes((dataset_dir / "train_tokenized.csv").read_bytes())
    lines = (dataset_dir / "messages.csv").read_text(encoding="utf-8").splitlines()
    lines = [line.replace("关于", "有关", 1) if line.endswith(",test") else line for line in lines]
    (changed / "messages.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    first, second = tmp_path / "first", tmp_path / "second"
    train(dataset_dir, first, folds=2, say=lambda _: None)
    train(changed, second, folds=2, say=lambda _: None)

    a, b = _manifest(first), _manifest(second)
    assert a["training_data"]["rows_sha256"] == b["training_data"]["rows_sha256"]
    assert a["cross_validation"] == b["cross_validation"]
    # Deterministic: the same training rows give the same model.
    text = "小区道路施工拆迁，安置房和物业问题严重"
    first_model, second_model = model_files.load(first).classifier, model_files.load(second).classifier
    assert first_model.ranked(text) == second_model.ranked(text)


def test_the_training_command_names_a_missing_dataset(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LIANXIN_CITIZEN_MESSAGES", raising=False)

    assert train_main(["--output", str(tmp_path)]) == 2
    assert "LIANXIN_CITIZEN_MESSAGES" in capsys.readouterr().err

    assert train_main(["--messages", str(tmp_path), "--output", str(tmp_path)]) == 2
    assert "messages.csv" in capsys.readouterr().err
    assert not list(tmp_path.glob("category-*"))


def test_the_dataset_directory_comes_from_the_environment(dataset_dir, monkeypatch):
    monkeypatch.setenv("LIANXIN_CITIZEN_MESSAGES", str(dataset_dir))
    assert dataset_directory(None) == dataset_dir

    monkeypatch.setenv("LIANXIN_CITIZEN_MESSAGES", str(dataset_dir / "nowhere"))
    with pytest.raises(DatasetError, match=r"messages\.csv"):
        dataset_directory(None)
