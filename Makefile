# The few commands people type. `make run` serves the demo site on http://127.0.0.1:8000;
# `make test` runs the whole suite (SQLite by default, PostgreSQL when DATABASE_URL says so).

VENV := .venv
PYTHON := $(VENV)/bin/python
REQUIREMENTS := $(firstword $(wildcard requirements-dev.txt) requirements.txt)
# Reinstalled only when a requirements file changes.
INSTALLED := $(VENV)/.installed
# The port `make run` serves on: `PORT=8001 make run`.
PORT ?= 8000

.PHONY: install run test lint format screenshots

install: $(INSTALLED)

$(PYTHON):
	python3 -m venv $(VENV)

$(INSTALLED): $(REQUIREMENTS) requirements.txt | $(PYTHON)
	$(PYTHON) -m pip install --disable-pip-version-check --quiet -r $(REQUIREMENTS)
	touch $@

run: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py seed_demo
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PYTHON) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rewrites docs/screenshots/*.png (shown in the README) from the browser tests.
screenshots: install
	UPDATE_SCREENSHOTS=1 $(PYTHON) -m pytest tests/e2e -k screenshot

# Search benchmark: seeds 100,000 providers into PostgreSQL (DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/backpain_bench) once, then prints p50/p95 per query shape.
.PHONY: bench
bench: install
	$(PYTHON) bench/search_bench.py
	$(PYTHON) bench/enquiry_bench.py
	$(PYTHON) bench/report_bench.py
	$(PYTHON) bench/import_bench.py

.PHONY: serve worker backup restore loadtest

# Production: DEBUG off, so SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must be set (see the
# README, "Running in production"); gunicorn's settings are in gunicorn.conf.py ($PORT, workers).
serve: export DEBUG := 0
serve: install
	$(PYTHON) manage.py check --deploy
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py backpain_site.wsgi

# The task queue's consumer (emails, nightly jobs; settings.HUEY): run it beside `make serve`,
# with the same environment.
worker: export DEBUG := 0
worker: install
	exec $(PYTHON) manage.py run_huey

# The database (pg_dump) and MEDIA_ROOT into backups/<timestamp>/; restore with
# `make restore FROM=backups/<timestamp>`.
backup:
	bin/backup

restore:
	bin/restore $(FROM)

# 50 clients for 60 s against gunicorn + PostgreSQL with 100,000 providers, then five photo
# uploads at once and the password reset form's timing; see bench/LOAD_RESULTS.md.
loadtest: install
	$(PYTHON) bench/load_test.py
	$(PYTHON) bench/upload_load.py
	$(PYTHON) bench/reset_timing.py

# The site's text in Chinese, Malay and Tamil: updates locale/*/LC_MESSAGES/django.po from the
# templates and code (new text comes in untranslated, and a test fails until it is translated),
# then compiles the .mo files Django reads. Both are committed, so that installing the site
# needs no gettext; running this does (apt-get install gettext).
.PHONY: messages
messages: install
	$(PYTHON) manage.py makemessages -l zh_Hans -l ms -l ta -e html,txt,py,jinja \
		--no-location --no-obsolete --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	$(PYTHON) manage.py compilemessages --ignore=.venv
