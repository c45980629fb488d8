# 连心 — two commands: `make demo` and `make test`. See README.md.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
SCALE ?= county

.PHONY: demo test lint install assets lock serve clean

# The virtual environment is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements/dev-lock.txt
	$(PYTHON) -c 'import sys; sys.exit("需要 Python 3.11 或更高版本" if sys.version_info < (3, 11) else 0)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev-lock.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
assets: node_modules/.installed

demo: install assets
	mkdir -p "$${LIANXIN_VAR_DIR:-var}"
	DJANGO_SETTINGS_MODULE=lianxin.settings.demo $(PY) manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=lianxin.settings.demo $(PY) manage.py seed_demo --scale $(SCALE) --if-empty
	DJANGO_SETTINGS_MODULE=lianxin.settings.demo $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install assets lint
	DJANGO_SETTINGS_MODULE=lianxin.settings.test $(PY) manage.py makemigrations --check --dry-run -v0
	DJANGO_SETTINGS_MODULE=lianxin.settings.test $(VENV)/bin/pytest

# Re-resolve dependencies after editing pyproject.toml (needs PyPI).
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements/lock.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -c requirements/lock.txt --universal --python-version 3.11 --generate-hashes -o requirements/dev-lock.txt

clean:
	rm -rf $(VENV) node_modules var
