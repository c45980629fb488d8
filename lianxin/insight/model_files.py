"""Versioned model files: `category-<version>.joblib` beside `category-<version>.json`, its
manifest (training data hashes, library versions, cross-validation and test figures).

The newest manifest is the model in use. A model file is loaded only after its sha256 matches
the manifest, so a truncated or altered file is refused before it is unpickled. Model files are
generated assets: they live under var/ (LIANXIN_VAR_DIR) and are never committed.
"""

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

PREFIX = "category-"
DIRECTORY_VARIABLE = "LIANXIN_INSIGHT_MODEL_DIR"
TRAIN_COMMAND = "python -m lianxin.insight.train --messages 数据目录"


class ModelUnavailable(Exception):
    """No usable model: `reason` is a code, the message says why in Chinese."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def default_directory() -> Path:
    """var/insight under the project (or LIANXIN_VAR_DIR), unless LIANXIN_INSIGHT_MODEL_DIR says."""
    if os.environ.get(DIRECTORY_VARIABLE):
        return Path(os.environ[DIRECTORY_VARIABLE])
    project = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("LIANXIN_VAR_DIR") or project / "var") / "insight"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(path: Path, write) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the model from a server run as another user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(classifier, manifest: dict, directory: Path) -> Path:
    """Write the model, then its manifest (the manifest last: a half-written model is never current)."""
    import joblib

    directory.mkdir(parents=True, exist_ok=True)
    version = manifest["version"]
    model_path = directory / f"{PREFIX}{version}.joblib"
    _write_atomically(model_path, lambda p: joblib.dump(classifier, p, compress=3))
    manifest = {**manifest, "model_file": model_path.name, "model_sha256": _sha256(model_path)}
    manifest_path = directory / f"{PREFIX}{version}.json"
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    _write_atomically(manifest_path, lambda p: p.write_text(text, encoding="utf-8"))
    return manifest_path


def current_manifest_path(directory: Path) -> Path:
    manifests = sorted(directory.glob(f"{PREFIX}*.json")) if directory.is_dir() else []
    if not manifests:
        raise ModelUnavailable("no_model", f"还没有训练分类模型（{directory} 中没有）。训练：{TRAIN_COMMAND}")
    return manifests[-1]  # versions start with the UTC time, so the last name is the newest


@dataclass(frozen=True)
class LoadedModel:
    classifier: object  # classifier.CategoryClassifier
    manifest: dict

    @property
    def version(self) -> str:
        return self.manifest["version"]


def load(directory: Path | None = None) -> LoadedModel:
    from lianxin.insight.classifier import CategoryClassifier

    directory = directory or default_directory()
    manifest_path = current_manifest_path(directory)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        model_path = directory / manifest["model_file"]
        expected = manifest["model_sha256"]
        manifest["version"]  # a manifest without a version is as broken as one without a file
    except (OSError, ValueError, KeyError, TypeError):
        raise ModelUnavailable("corrupt_model", f"模型清单 {manifest_path.name} 无法读取或不完整。") from None
    if not model_path.is_file():
        raise ModelUnavailable("no_model", f"模型文件 {model_path.name} 不存在。训练：{TRAIN_COMMAND}")
    if _sha256(model_path) != expected:
        raise ModelUnavailable(
            "corrupt_model", f"模型文件 {model_path.name} 与清单中的 sha256 不符（已损坏或被改动）。"
        )
    try:
        import joblib

        classifier = joblib.load(model_path)
    except Exception:  # unpickling a damaged file can raise almost anything
        raise ModelUnavailable("corrupt_model", f"模型文件 {model_path.name} 无法加载。") from None
    if not isinstance(classifier, CategoryClassifier):
        raise ModelUnavailable("corrupt_model", f"模型文件 {model_path.name} 不是分类模型。")
    # A model pickled before a setting existed unpickles with that setting's *current* default
    # and would prepare text differently from how it was trained: refuse it.
    if classifier.settings.describe() != manifest.get("settings"):
        raise ModelUnavailable(
            "corrupt_model", f"模型 {manifest['version']} 由另一版本的代码训练，请重新训练：{TRAIN_COMMAND}"
        )
    return LoadedModel(classifier, manifest)


_cache: dict[tuple, LoadedModel] = {}
_cache_lock = threading.Lock()


def load_cached(directory: Path | None = None) -> LoadedModel:
    """`load`, kept in memory until a newer manifest appears (a suggestion must take milliseconds)."""
    directory = directory or default_directory()
    path = current_manifest_path(directory)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        if key not in _cache:
            loaded = load(directory)
            _cache.clear()
            _cache[key] = loaded
        return _cache[key]
